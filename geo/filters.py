"""Filters over the towns' declared attributes, declared as data.

Each attribute has its known values and an ``unknown`` value of its own, so a user can
select the towns whose tier or criterion was never published, or exclude them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

UNKNOWN = "unknown"
# Cells that mean "no value": empty (not found) or not_published (never made public).
_UNKNOWN_CELLS = {"", "not_published", "unknown", "<NA>", "nan"}


@dataclass(frozen=True)
class FilterDef:
    """A filterable attribute: the column it reads and the values it offers, in order."""

    key: str
    column: str
    values: tuple[str, ...]


FILTERS: dict[str, FilterDef] = {
    f.key: f
    for f in (
        FilterDef("criterion", "criterion", ("1", "2", "3")),
        FilterDef("tier", "tier_2012", ("high", "average", "low")),
        FilterDef("status", "status_2025", ("listed", "left", "unconfirmed")),
        FilterDef("district_centre", "district_centre_2012", ("yes", "no")),
        # Sector values come from the sector registry; units from the vintage.
        FilterDef("sector", "sector", ()),
        FilterDef("unit", "unit_id", ()),
    )
}


def get_filter(key: str) -> FilterDef:
    """Return the filter registered under ``key``; an unknown key lists the valid ones."""
    try:
        return FILTERS[key]
    except KeyError:
        raise KeyError(f"unknown filter {key!r}; valid: {', '.join(FILTERS)}") from None


def normalised(towns: pd.DataFrame, key: str) -> pd.Series:
    """The values of one filter attribute, with every kind of missing value as ``unknown``."""
    # Plain Python: a few dozen cells, read on every new filter combination, where pandas'
    # string methods cost more in overhead than in work.
    cells = ("" if pd.isna(v) else str(v).strip() for v in towns[get_filter(key).column])
    values = [UNKNOWN if v in _UNKNOWN_CELLS else v for v in cells]
    return pd.Series(values, index=towns.index, dtype=object)


def options(towns: pd.DataFrame, key: str) -> list[str]:
    """Values a user can pick for ``key``: the declared ones, any others present, then unknown."""
    declared = list(get_filter(key).values)
    present = [v for v in sorted(set(normalised(towns, key))) if v != UNKNOWN]
    return declared + [v for v in present if v not in declared] + [UNKNOWN]


def apply_filters(
    towns: gpd.GeoDataFrame, selection: Mapping[str, frozenset[str] | set[str] | None]
) -> gpd.GeoDataFrame:
    """Keep the towns matching every selected attribute.

    ``None`` (or a missing key) means no restriction on that attribute; a set keeps the
    towns whose value is in it, ``unknown`` included. Returns a copy, possibly empty,
    always with the input's columns.
    """
    keep = pd.Series(True, index=towns.index)
    for key, chosen in selection.items():
        if chosen is None:
            continue
        keep &= normalised(towns, key).isin(set(chosen))
    return towns.loc[keep].copy()
