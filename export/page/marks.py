"""How the static map marks towns on paper: symbol sizes (label texts: geo.describe).

Sizes come from :func:`geo.symbols.radius` (the app's pixels), scaled to points, so a town
keeps the same size relative to its neighbours in the app and in a briefing.
"""

from __future__ import annotations

from geo.symbols import radius

# Points of paper per app pixel: the largest town is about 9 pt across its radius.
PT_PER_PX = 0.45
NODATA_HATCH = "////"
# Populations shown in the size legend.
SIZE_STEPS = (10_000, 50_000, 150_000)


def radius_pt(population) -> float:
    """Symbol radius in points (area proportional to population, as in the app)."""
    return radius(population) * PT_PER_PX


def marker_area(population) -> float:
    """matplotlib ``scatter`` size (the square of the diameter in points)."""
    return (2 * radius_pt(population)) ** 2
