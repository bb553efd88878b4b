"""How the static map marks towns and units on paper: symbol sizes and label texts.

Sizes come from :func:`geo.symbols.radius` (the app's pixels), scaled to points, so a town
keeps the same size relative to its neighbours in the app and in a briefing.
"""

from __future__ import annotations

from geo.i18n import fmt_number
from geo.indicators import Indicator
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


def unit_value_text(row, indicator: Indicator, lang: str) -> str:
    """A unit's indicator value as its label shows it; rates also give the count of towns."""
    value = fmt_number(row[indicator.column], lang, indicator.decimals)
    if indicator.kind == "count" or row["n_towns"] == 0:
        # A unit without monotowns reads 0 whatever the indicator: 0.0 % (0) says it twice.
        return value if indicator.kind == "count" else "0"
    unit = indicator.unit(lang)
    suffix = f" {unit}" if unit == "%" else ""
    return f"{value}{suffix} ({int(row['n_towns'])})"
