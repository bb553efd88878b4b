"""Fidelity: what simplifying the boundaries costs, against the full-resolution source.

Recomputed here rather than read from the manifest: each committed unit's area against
the full-resolution unit's (:func:`bench.naive.full_resolution`, made by :mod:`scripts.coverage`
as the build makes it) in the build's equal-area CRS, and every town joined to both. The
baseline is what a naive simplification gives with the same vertex budget: Douglas-Peucker
on each unit by itself (``GeoSeries.simplify``), which moves shared edges apart and so
opens gaps and overlaps.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from bench import Row
from bench.naive import full_resolution
from geo import io
from geo.join import assign_units
from geo.vintages import VINTAGES
from scripts.coverage import EQUAL_AREA_CRS

MAX_AREA_CHANGE = 0.01


def area_change(full: gpd.GeoDataFrame, simplified: gpd.GeoDataFrame) -> pd.Series:
    """Relative area change of each unit (simplified / full - 1), indexed by ``unit_id``."""
    a_full = full.set_index("unit_id").geometry.to_crs(EQUAL_AREA_CRS).area
    a_simple = simplified.set_index("unit_id").geometry.to_crs(EQUAL_AREA_CRS).area
    if set(a_full.index) != set(a_simple.index):
        raise ValueError("full and simplified units have different ids")
    return a_simple.reindex(a_full.index) / a_full - 1.0


def changed_towns(
    towns: gpd.GeoDataFrame, full: gpd.GeoDataFrame, simplified: gpd.GeoDataFrame
) -> set[str]:
    """Towns whose unit differs between the two boundary sets (no unit counts as a change)."""
    a = assign_units(towns, full.to_crs(towns.crs)).set_index("town_id")["unit_id"]
    b = assign_units(towns, simplified.to_crs(towns.crs)).set_index("town_id")["unit_id"]
    same = (a == b).fillna(False) & a.notna() & b.notna()
    return set(a.index[~same.to_numpy()])


def vertex_count(gdf: gpd.GeoDataFrame) -> int:
    return int(shapely.get_num_coordinates(gdf.geometry.to_numpy()).sum())


def naive_simplify(full: gpd.GeoDataFrame, vertices: int) -> gpd.GeoDataFrame:
    """Per-unit Douglas-Peucker in metres, at the smallest tolerance leaving ≤ ``vertices``.

    Plain Douglas-Peucker (``preserve_topology=False``), as a first draft would call it.
    The tolerance is found by bisection on a log scale, so the baseline spends the same
    vertex budget as the committed files and only the method differs.
    """
    projected = full.to_crs(EQUAL_AREA_CRS)
    geoms = projected.geometry.to_numpy()
    lo, hi = 10.0, 20_000.0
    for _ in range(18):  # the bracket shrinks to a factor of 1.00003
        mid = (lo * hi) ** 0.5
        if (
            shapely.get_num_coordinates(shapely.simplify(geoms, mid, preserve_topology=False)).sum()
            > vertices
        ):
            lo = mid
        else:
            hi = mid
    return projected.set_geometry(shapely.simplify(geoms, hi, preserve_topology=False)).to_crs(
        full.crs
    )


def seams_km2(units: gpd.GeoDataFrame) -> float:
    """Area where neighbouring units overlap or leave a hole between them, in km²."""
    geoms = units.to_crs(EQUAL_AREA_CRS).geometry.to_numpy()
    union = shapely.union_all(geoms)
    overlap = shapely.area(geoms).sum() - shapely.area(union)
    rings = [r for p in shapely.get_parts(union) for r in p.interiors]
    holes = shapely.area(shapely.polygons(rings)).sum() if rings else 0.0
    return float(overlap + holes) / 1e6


def measure() -> list[Row]:
    """Rows for the largest area change of any unit and the towns that change unit."""
    towns = io.read_towns()
    changes, naive_changes = [], []
    moved: set[str] = set()
    moved_naive: set[str] = set()
    seams = {"app": 0.0, "naive": 0.0}
    for key in VINTAGES:
        full, simplified = full_resolution(key), io.read_boundaries(key)
        naive = naive_simplify(full, vertex_count(simplified))
        label = {uid: f"{uid} in {key}" for uid in full["unit_id"]}
        changes.append(area_change(full, simplified).abs().rename(label))
        naive_changes.append(area_change(full, naive).abs().rename(label))
        moved |= changed_towns(towns, full, simplified)
        moved_naive |= changed_towns(towns, full, naive)
        # Measured against the source's own seams, so only what simplifying added counts.
        own = seams_km2(full)
        seams["app"] = max(seams["app"], seams_km2(simplified) - own)
        seams["naive"] = max(seams["naive"], seams_km2(naive) - own)
    app, base = pd.concat(changes), pd.concat(naive_changes)
    return [
        Row(
            "fidelity.area",
            "largest area change of any unit",
            100 * app.max(),
            "%",
            100 * base.max(),
            target=f"≤ {100 * MAX_AREA_CHANGE:g} %",
            met=bool(app.max() <= MAX_AREA_CHANGE),
            note=f"{app.idxmax()}; equal-area CRS, all vintages; baseline: per-unit "
            f"Douglas-Peucker, same vertex count (worst {base.idxmax()})",
        ),
        Row(
            "fidelity.towns",
            "towns that change unit",
            len(moved),
            "towns",
            len(moved_naive),
            target="0",
            met=not moved,
            note=f"all vintages; {', '.join(sorted(moved)) or 'none'}; baseline moves: "
            f"{', '.join(sorted(moved_naive)) or 'none'}",
        ),
        Row(
            "fidelity.seams",
            "gaps + overlaps between neighbouring units",
            seams["app"],
            "km²",
            seams["naive"],
            note="largest over the vintages, beyond the full-resolution coverage's own; "
            "baseline: per-unit Douglas-Peucker, same vertex count",
        ),
    ]
