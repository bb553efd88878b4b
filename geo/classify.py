"""Colour classes for a unit indicator: one class for 0, one for no data, then value classes.

The legend and the fills are both built from the classes returned here, so they cannot
disagree. Rates go through mapclassify; counts use fixed bins that read as whole towns.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.indicators import Indicator

# Chosen together with the town colours (geo.attributes, data/sectors.csv). Lightness
# carries the order, for readers who do not see hue: the white ground, the zero class and
# each value class in turn differ by a contrast ratio of at least 1.34:1 (1.39:1 in the
# ramps of four classes or fewer, which the atlas draws), about 8-10 points of CIE L*.
# The zero class is a warm sand, a class of its own rather than a step of the blue-grey
# value ramp (L* 88 down to 41, little chroma), so the saturated town circles stand out
# on every class. No fill lies where neither the circles' white ring nor their dark
# outline would reach 4.5:1 against it. Checked in tests/test_palettes.py, also for
# colour-blind readers.
NO_DATA_COLOUR = "#b4b4b4"  # drawn hatched on every map, so it never reads as a value class
ZERO_COLOUR = "#edd8bd"
VALUE_COLOURS = {
    1: ["#9397ac"],
    2: ["#9397ac", "#5a617f"],
    3: ["#a8abbd", "#7f839c", "#5a617f"],
    4: ["#b7bac9", "#999db1", "#7e839c", "#5a617f"],
    5: ["#bbbdcc", "#9fa3b6", "#878ba2", "#707590", "#5a617f"],
}
# The units' outlines: dark enough to show on the zero class and the lightest classes, where
# white outlines vanished, and still apart from the darkest class.
OUTLINE_COLOUR = "#3a3b45"


@dataclass(frozen=True)
class MapClass:
    """One legend entry: ``kind`` is ``"zero"``, ``"value"`` or ``"nodata"``."""

    kind: str
    colour: str
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class Classification:
    """Classes in legend order and the class index of every unit (aligned with the input)."""

    classes: tuple[MapClass, ...]
    class_of: tuple[int, ...]

    def colours(self) -> list[str]:
        """Fill colour of every unit, in input order."""
        return [self.classes[i].colour for i in self.class_of]


def classify(
    values: pd.Series, indicator: Indicator, no_towns: Sequence[bool] | None = None
) -> Classification:
    """Classify one value per unit; ``NaN``/``NA`` becomes *no data*, 0 its own class.

    ``no_towns`` marks the units with no monotown (among those passing the filters): they
    make the zero class whatever their value, and a unit with towns whose value is 0 (a
    planner's 0 %) is a value like any other. Without it, the value 0 is the zero class.
    """
    x = pd.to_numeric(pd.Series(values), errors="coerce").astype(float).to_numpy()
    if no_towns is None:
        missing = np.isnan(x)
        zero = ~missing & (x == 0)
    else:
        zero = np.asarray(no_towns, dtype=bool)
        missing = ~zero & np.isnan(x)
    valued = ~missing & ~zero
    if indicator.scheme == "categorical":
        bounds = [(lo, hi) for lo, hi in indicator.bins]
    else:
        bounds = _breaks(x[valued], indicator)
    palette = VALUE_COLOURS[max(1, len(bounds))] if bounds else []
    value_classes = [MapClass("value", palette[i], lo, hi) for i, (lo, hi) in enumerate(bounds)]
    classes = [
        MapClass("zero", ZERO_COLOUR, 0, 0),
        *value_classes,
        MapClass("nodata", NO_DATA_COLOUR),
    ]
    nodata = len(classes) - 1
    out = []
    for v, m, z in zip(x, missing, zero, strict=True):
        if m:
            out.append(nodata)
        elif z:
            out.append(0)
        else:
            out.append(1 + _bin_of(v, bounds))
    return Classification(tuple(classes), tuple(out))


def _breaks(pos: np.ndarray, indicator: Indicator) -> list[tuple[float, float]]:
    """Class bounds for the positive values through the indicator's mapclassify scheme."""
    if pos.size == 0:
        return []
    k = min(indicator.k, len(np.unique(pos)))
    if k < 2:
        return [(float(pos.min()), float(pos.max()))]
    import mapclassify  # here, not at the top: it takes over a second to import, and the
    # default view (a count) never needs it, so the app starts without it

    with warnings.catch_warnings():
        # Without numba, mapclassify warns that it uses pure Python: ~20 values need no more.
        warnings.filterwarnings("ignore", message="Numba not installed")
        classifier = getattr(mapclassify, indicator.scheme)(pos, k=k)
    # Each class is labelled with the lowest and highest values it holds, not mapclassify's
    # bin edges: adjacent edges are the same number ("1.6–3.0", "3.0–5.9"), and a reader
    # cannot tell which class holds 3.0. The values define the same classes either way.
    edges = np.asarray(classifier.bins, dtype=float)
    which = np.searchsorted(edges, pos, side="left")
    bounds = []
    for i, edge in enumerate(edges):
        held = pos[which == i]
        if held.size:
            bounds.append((float(held.min()), float(held.max())))
        else:  # an empty bin (mapclassify avoids them): keep its edges
            bounds.append((float(edges[i - 1]) if i else float(pos.min()), float(edge)))
    return bounds


def _bin_of(v: float, bounds) -> int:
    for i, (_, hi) in enumerate(bounds):
        if hi is None or v <= hi:
            return i
    return len(bounds) - 1
