"""Filters over the towns' attributes (:mod:`geo.attributes`).

Each attribute has its known values and an ``unknown`` value of its own, so a user can
select the towns whose tier or criterion was never published, or exclude them.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from geo.attributes import UNKNOWN, get_attribute

# Cells that mean "no value": empty (not found) or not_published (never made public).
_UNKNOWN_CELLS = {"", "not_published", "unknown", "<NA>", "nan", "None"}


def _cell_values(value, multi: bool) -> frozenset[str]:
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    parts = [p.strip() for p in text.split(";")] if multi else [text.strip()]
    known = frozenset(p for p in parts if p not in _UNKNOWN_CELLS)
    return known or frozenset({UNKNOWN})


def value_sets(towns: pd.DataFrame, key: str, column: str | None = None) -> list[frozenset[str]]:
    """Every town's values of one attribute, missing values as ``unknown``.

    ``column`` overrides the attribute's own (a planner's dataset supplies its own column).
    """
    attribute = get_attribute(key)
    # Plain Python: a few dozen cells, read on every new filter combination, where pandas'
    # string methods cost more in overhead than in work.
    return [_cell_values(v, attribute.multi) for v in towns[column or attribute.column_in(towns)]]


def normalised(towns: pd.DataFrame, key: str, column: str | None = None) -> pd.Series:
    """One value per town (the first of a multi-valued cell), with missing as ``unknown``."""
    values = [min(s) for s in value_sets(towns, key, column)]
    return pd.Series(values, index=towns.index, dtype=object)


def options(
    towns: pd.DataFrame, key: str, column: str | None = None, present_only: bool = False
) -> list[str]:
    """Values a user can pick for ``key``: the declared ones, any others present, then unknown.

    ``present_only`` keeps just the values some town has, in the same order: a value no
    town has would only draw an empty map.
    """
    declared = list(get_attribute(key).values)
    seen = {v for s in value_sets(towns, key, column) for v in s}
    present = sorted(seen - {UNKNOWN})
    out = declared + [v for v in present if v not in declared] + [UNKNOWN]
    return [v for v in out if v in seen] if present_only else out


def matching(
    towns: pd.DataFrame,
    selection: Mapping[str, frozenset[str] | set[str] | None],
    columns: Mapping[str, str] | None = None,
) -> pd.Series:
    """True for each town matching every selected attribute (see :func:`apply_filters`)."""
    keep = pd.Series(True, index=towns.index)
    for key, chosen in selection.items():
        if chosen is None:
            continue
        chosen = set(chosen)
        sets = value_sets(towns, key, (columns or {}).get(key))
        keep &= pd.Series([bool(s & chosen) for s in sets], index=towns.index)
    return keep


def apply_filters(
    towns: gpd.GeoDataFrame,
    selection: Mapping[str, frozenset[str] | set[str] | None],
    columns: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """Keep the towns matching every selected attribute.

    ``None`` (or a missing key) means no restriction on that attribute; a set keeps the
    towns whose value is in it, ``unknown`` included. Returns a copy, possibly empty,
    always with the input's columns.
    """
    return towns.loc[matching(towns, selection, columns)].copy()
