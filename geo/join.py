"""Join towns to the units of a boundary vintage and aggregate per unit."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.area import area_km2
from geo.indicators import INDICATORS, Indicator
from geo.io import UNIT_COLUMNS
from geo.vintages import get_vintage

# What every unit gets before its indicators: the counts and populations they draw on.
BASE_COLUMNS = ("unit_id", "n_towns", "town_ids", "pop_towns_2023", "pop_towns_known")
# What an indicator computes from: every column of the boundary files (ids, names, type,
# area), the counts and populations above, and the unit's own population.
INDICATOR_INPUTS = (*UNIT_COLUMNS, *BASE_COLUMNS[1:], "pop_total_2023")
SUMMARY_COLUMNS = (
    *BASE_COLUMNS,
    "pop_total_2023",
    *(k for k in INDICATORS if k not in BASE_COLUMNS),
)


def _check_crs(towns: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> None:
    if towns.crs != units.crs:
        raise ValueError(f"CRS differ: towns {towns.crs}, units {units.crs}")


def assign_units(towns: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a copy of ``towns`` with the ``unit_id`` of the unit each point lies in.

    A town outside every unit, or on a shared edge (in two units), gets no unit and
    appears in :func:`unmatched`; it is never silently dropped.
    """
    _check_crs(towns, units)
    hits = gpd.sjoin(
        towns[["town_id", "geometry"]],
        units[["unit_id", "geometry"]],
        how="left",
        predicate="within",
    )
    counts = hits.groupby("town_id")["unit_id"].nunique()
    unique = hits.drop_duplicates("town_id").set_index("town_id")["unit_id"]
    unique[counts[counts != 1].index] = pd.NA
    out = towns.copy()
    out["unit_id"] = out["town_id"].map(unique).astype("string")
    return out


def unmatched(joined: gpd.GeoDataFrame) -> list[str]:
    """Ids of towns that lie in no unit (or in more than one)."""
    return joined.loc[joined["unit_id"].isna(), "town_id"].tolist()


def unit_population(population: pd.DataFrame, lineage: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Add today's unit populations up to the units of ``vintage``.

    The 2023 figures exist for today's units only; an older unit's figure is the sum
    of the units cut out of it. A unit whose parts are not all known stays unknown.
    """
    column = get_vintage(vintage).lineage_column
    merged = lineage[list(dict.fromkeys(["unit_2022", column]))].merge(
        population, left_on="unit_2022", right_on="unit_id", how="left"
    )
    grouped = merged.groupby(column, sort=True)
    out = pd.DataFrame(
        {
            "pop_total_2023": grouped["pop_total"].sum(min_count=1),
            "pop_urban_2023": grouped["pop_urban"].sum(min_count=1),
            "complete": grouped["pop_total"].apply(lambda s: s.notna().all()),
        }
    )
    out.loc[~out["complete"], ["pop_total_2023", "pop_urban_2023"]] = pd.NA
    return out.drop(columns="complete").rename_axis("unit_id").reset_index()


def unit_summary(
    joined: gpd.GeoDataFrame,
    units: gpd.GeoDataFrame,
    population: pd.DataFrame | None = None,
    indicators: tuple[Indicator, ...] | None = None,
) -> gpd.GeoDataFrame:
    """Per unit: number of monotowns, their 2023 population, and every indicator's value.

    Every unit gets a row, with an explicit 0 where it has no monotown. Indicators see
    every column of ``units``; ``area_km2``, which the boundary files carry, is measured
    from the geometry (equal-area) where ``units`` lacks it.

    Parameters
    ----------
    joined : GeoDataFrame
        Towns with ``unit_id`` (from :func:`assign_units`), possibly filtered.
    units : GeoDataFrame
        The vintage's units.
    population : DataFrame, optional
        ``unit_id, pop_total_2023`` for the same vintage (:func:`unit_population`).
    indicators : tuple of Indicator, optional
        The indicators to compute (default: every registered one); each adds its column.

    Returns
    -------
    GeoDataFrame
        ``units`` with ``area_km2``, the base columns, ``pop_total_2023`` and one column
        per indicator.
        ``pop_towns_2023`` sums the known city-proper populations; ``pop_towns_known`` says
        whether all were known.
    """
    # At most a few dozen towns: plain Python over the rows is several times faster than
    # pandas' groupby and merge here, and every new filter combination pays this.
    counts: dict[str, int] = {}
    ids: dict[str, list[str]] = {}
    pops: dict[str, float] = {}
    known: dict[str, bool] = {}
    for unit, town, pop in zip(
        joined["unit_id"], joined["town_id"], joined["pop_2023_city"], strict=True
    ):
        if pd.isna(unit):
            continue
        counts[unit] = counts.get(unit, 0) + 1
        ids.setdefault(unit, []).append(town)
        if pd.isna(pop):
            known[unit] = False
        else:
            pops[unit] = pops.get(unit, 0.0) + float(pop)
            known.setdefault(unit, True)
    out = units.copy()
    if "area_km2" not in out.columns:
        out["area_km2"] = area_km2(out.geometry).to_numpy()
    unit_ids = list(out["unit_id"])
    out["n_towns"] = [counts.get(u, 0) for u in unit_ids]
    out["town_ids"] = [";".join(sorted(ids.get(u, []))) for u in unit_ids]
    # Unknown populations only: NA (the sum is not known); no town at all: 0.
    out["pop_towns_2023"] = pd.array(
        [pops.get(u, pd.NA if u in counts else 0.0) for u in unit_ids], dtype="Float64"
    )
    out["pop_towns_known"] = pd.array([known.get(u, True) for u in unit_ids], dtype="boolean")
    if population is not None:
        pop = population.set_index("unit_id")["pop_total_2023"]
        out["pop_total_2023"] = pd.array(out["unit_id"].map(pop), dtype="Float64")
    else:
        out["pop_total_2023"] = pd.array([pd.NA] * len(out), dtype="Float64")
    out = out.reset_index(drop=True)
    for indicator in indicators if indicators is not None else INDICATORS.values():
        out[indicator.column] = indicator.compute(out, joined)
    return out


def consistency_report(joined_2012: gpd.GeoDataFrame) -> pd.DataFrame:
    """Towns whose unit in the 2012 boundaries differs from the oblast of the 2012 list.

    An empty frame means every town falls in its declared oblast.
    """
    cols = ["town_id", "name_en", "oblast_2012", "unit_id"]
    bad = joined_2012["unit_id"].isna() | (joined_2012["unit_id"] != joined_2012["oblast_2012"])
    return pd.DataFrame(joined_2012.loc[bad.fillna(True), cols]).reset_index(drop=True)
