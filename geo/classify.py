"""Colour classes for a unit indicator: one class for 0, one for no data, then value classes.

The legend and the fills are both built from the classes returned here, so they cannot
disagree. Rates go through mapclassify; counts use fixed bins that read as whole towns.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.indicators import Indicator

NO_DATA_COLOUR = "#9e9e9e"
ZERO_COLOUR = "#e3ecf4"
# Sequential orange-red (ColorBrewer OrRd), readable in print and by colour-blind readers.
VALUE_COLOURS = {
    1: ["#e34a33"],
    2: ["#fdbb84", "#d7301f"],
    3: ["#fdcc8a", "#fc8d59", "#d7301f"],
    4: ["#fdcc8a", "#fc8d59", "#e34a33", "#b30000"],
    5: ["#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"],
}


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


def classify(values: pd.Series, indicator: Indicator) -> Classification:
    """Classify one value per unit; ``NaN``/``NA`` becomes *no data*, 0 its own class."""
    x = pd.to_numeric(pd.Series(values), errors="coerce").astype(float).to_numpy()
    missing = np.isnan(x)
    zero = ~missing & (x == 0)
    positive = ~missing & ~zero
    if indicator.scheme == "categorical":
        bounds = [(lo, hi) for lo, hi in indicator.bins]
    else:
        bounds = _breaks(x[positive], indicator)
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
    uppers = [float(b) for b in classifier.bins]
    lowers = [float(pos.min())] + uppers[:-1]
    return list(zip(lowers, uppers, strict=True))


def _bin_of(v: float, bounds) -> int:
    for i, (_, hi) in enumerate(bounds):
        if hi is None or v <= hi:
            return i
    return len(bounds) - 1
