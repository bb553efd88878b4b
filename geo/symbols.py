"""Colours and sizes of the town symbols, computed here so the map layers only read them."""

from __future__ import annotations

import math

import pandas as pd

from geo.attributes import UNKNOWN_COLOUR, get_attribute
from geo.filters import normalised

# Symbol area proportional to population; a town of 200 000 people gets this radius (px).
MAX_RADIUS, MAX_POP, MIN_RADIUS = 22.0, 200_000, 4.0
UNKNOWN_POP_RADIUS = 6.0
# Every circle has a white ring inside a thin dark outline: the dark line separates a light
# circle from a light class, the ring a dark circle from a dark class and from the circle
# it overlaps (three black coal towns on the darkest class stay three), whatever the two
# colours are.
OUTLINE = "#1d1d1d"
HALO = "#ffffff"


def colour_table(colour_by: str, sectors: pd.DataFrame) -> dict[str, str]:
    """Value -> colour for the attribute towns are coloured by, ``unknown`` last."""
    table = get_attribute(colour_by).colours(sectors)
    if not table:
        raise KeyError(f"towns cannot be coloured by {colour_by!r}")
    return table


def town_colours(
    towns: pd.DataFrame, colour_by: str, sectors: pd.DataFrame, column: str | None = None
) -> pd.Series:
    """Fill colour of every town; values without a colour (and unknowns) are grey."""
    table = colour_table(colour_by, sectors)
    values = normalised(towns, colour_by, column)
    return values.map(table).fillna(UNKNOWN_COLOUR)


def radius(population) -> float:
    """Symbol radius in pixels, area proportional to population; unknown gets a fixed size."""
    if population is None or pd.isna(population):
        return UNKNOWN_POP_RADIUS
    r = MAX_RADIUS * math.sqrt(max(float(population), 0) / MAX_POP)
    return round(max(MIN_RADIUS, r), 1)
