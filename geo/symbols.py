"""Colours and sizes of the town symbols, computed here so the map layers only read them."""

from __future__ import annotations

import math

import pandas as pd

from geo.filters import UNKNOWN, normalised

UNKNOWN_COLOUR = "#8c8c8c"
# Categorical colours for the list status and the potential tier (Okabe–Ito, colour-blind safe).
STATUS_COLOURS = {"listed": "#0072B2", "left": "#D55E00", "unconfirmed": "#E69F00"}
TIER_COLOURS = {"high": "#009E73", "average": "#56B4E9", "low": "#CC79A7"}
# Symbol area proportional to population; a town of 200 000 people gets this radius (px).
MAX_RADIUS, MAX_POP, MIN_RADIUS = 22.0, 200_000, 4.0
UNKNOWN_POP_RADIUS = 6.0


def colour_table(colour_by: str, sectors: pd.DataFrame) -> dict[str, str]:
    """Value -> colour for the attribute towns are coloured by, ``unknown`` last."""
    if colour_by == "sector":
        table = dict(zip(sectors["sector"], sectors["color"], strict=True))
    elif colour_by == "status":
        table = dict(STATUS_COLOURS)
    elif colour_by == "tier":
        table = dict(TIER_COLOURS)
    else:
        raise KeyError(f"unknown colour attribute {colour_by!r}; valid: sector, status, tier")
    table[UNKNOWN] = UNKNOWN_COLOUR
    return table


def town_colours(towns: pd.DataFrame, colour_by: str, sectors: pd.DataFrame) -> pd.Series:
    """Fill colour of every town; values without a colour (and unknowns) are grey."""
    table = colour_table(colour_by, sectors)
    values = normalised(towns, colour_by)
    return values.map(table).fillna(UNKNOWN_COLOUR)


def radius(population) -> float:
    """Symbol radius in pixels, area proportional to population; unknown gets a fixed size."""
    if population is None or pd.isna(population):
        return UNKNOWN_POP_RADIUS
    r = MAX_RADIUS * math.sqrt(max(float(population), 0) / MAX_POP)
    return round(max(MIN_RADIUS, r), 1)
