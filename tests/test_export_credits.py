"""Every download carries its credits and no false precision.

Each data export (towns CSV, units CSV, GeoJSON, JSON) carries the attribution, the licence
and the caveats of the values it shows, in words and in the view's language; the briefing
page cites the list's source beside the dated population source and says the boundaries'
licence is not established; and no exported number has more digits than its sources
support. The expected precisions are the issue's: a share to 0.01 percentage point, a rate
to 0.01, counts and populations whole.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from matplotlib.text import Text

from export.formats import Options, get_format
from export.page.static_map import draw
from geo.atlas import compute_view
from geo.view import View

VIEWS = {
    "2012_en": View(lang="en"),
    "2018_ru_share": View(lang="ru", vintage="2018", indicator="pop_share_2023"),
    "2022_kk_rate": View(lang="kk", vintage="2022", indicator="towns_per_million"),
    "karaganda_kk": View(lang="kk", unit="KZ-35").with_filter("status", {"listed"}),
}
# Decimals each exported number may have (issue 22): shares and rates 0.01; counts and
# populations whole; coordinates as GeoNames gives them (5); areas to 0.1 km².
DECIMALS = {
    "pop_share_2023": 2,
    "towns_per_million": 2,
    "n_towns": 0,
    "pop_towns_2023": 0,
    "pop_total_2023": 0,
    "pop_2023_city": 0,
    "pop_2023_admin": 0,
    "class_index": 0,
    "geonames_id": 0,
    "lat": 5,
    "lon": 5,
    "area_km2": 1,
}
VALUE_DECIMALS = {"n_towns": 0, "pop_share_2023": 2, "towns_per_million": 2}
# "Not established" in the view's language, as the boundaries' credit says it.
NOT_ESTABLISHED = {"en": "not established", "ru": "не установлена", "kk": "анықталмаған"}
LIST_DATE = {"en": "20 March 2012", "ru": "20 марта 2012", "kk": "2012 жылғы 20 наурыз"}
POPULATION_DATE = {"en": "1 January 2023", "ru": "1 января 2023", "kk": "2023 жылғы 1 қаңтар"}


def export(atlas, view: View, key: str) -> str:
    raw = get_format(key).render(atlas, view, Options())
    return raw.decode("utf-8-sig")


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def caveat_texts(atlas, lang: str) -> dict[str, str]:
    return dict(zip(atlas.caveats["code"], atlas.caveats[f"text_{lang}"], strict=True))


def decimals(text: str) -> int:
    """Digits after the decimal point as written (``10457.0`` has one)."""
    match = re.fullmatch(r"-?\d+(?:\.(\d+))?(?:[eE][-+]?\d+)?", text.strip())
    assert match, f"not a plain number: {text!r}"
    return len(match.group(1) or "")


@pytest.fixture(params=list(VIEWS), scope="module")
def view(request) -> View:
    return VIEWS[request.param]


def test_towns_csv_carries_credits_and_caveats_in_words(atlas, view):
    lang, texts = view.lang, caveat_texts(atlas, view.lang)
    table = rows(export(atlas, view, "csv"))
    assert table
    for row in table:
        assert row["attribution"] == atlas.attribution(lang)
        assert NOT_ESTABLISHED[lang] in row["attribution"]
        assert "CC BY 4.0" in row["licence"] and row["licence"]
        assert "BNS23" in row["sources"] and "GN" in row["sources"]
        for code in (c for c in row["caveats"].split(";") if c):
            assert texts[code] in row["caveats_text"], (row["town_id"], code)
        if not row["caveats"]:
            assert row["caveats_text"] == ""


def test_units_csv_carries_credits_and_the_layouts_caveat(atlas, view):
    lang, texts = view.lang, caveat_texts(atlas, view.lang)
    table = rows(export(atlas, view, "units-csv"))
    merged = view.vintage != "2022"  # 2012 and 2018 are made by merging today's units
    for row in table:
        assert row["attribution"] == atlas.attribution(lang)
        assert NOT_ESTABLISHED[lang] in row["licence"]
        assert "PKZM" in row["sources"] and "BNS23" in row["sources"]
        assert (row["caveats_text"] == texts["units_derived_layout"]) == merged


def test_geojson_has_top_level_attribution_licence_sources_and_caveats(atlas, view):
    lang, texts = view.lang, caveat_texts(atlas, view.lang)
    collection = json.loads(export(atlas, view, "geojson"))
    assert collection["attribution"] == atlas.attribution(lang)
    licences = {entry["data"]: entry for entry in collection["licence"]}
    assert licences["boundaries"]["licence"].startswith("not established")
    assert licences["town coordinates"]["licence"] == "CC BY 4.0"
    keys = {s["key"] for s in collection["sources"]}
    assert {"PKZM", "BNS23", "GN"} <= keys
    assert all(s["title"] and s["reference"] for s in collection["sources"])
    shown = {f["id"] for f in collection["features"]}
    for caveat in collection["caveats"]:
        assert caveat["text"] == texts[caveat["code"]]
        assert set(caveat["features"]) <= shown
    for feature in collection["features"]:
        props = feature["properties"]
        assert props["attribution"] == atlas.attribution(lang)
        for code in (c for c in str(props.get("caveats") or "").split(";") if c):
            assert texts[code] in props["caveats_text"]


def test_metadata_json_has_attribution_and_caveats_in_words(atlas, view):
    lang, texts = view.lang, caveat_texts(atlas, view.lang)
    meta = json.loads(export(atlas, view, "json"))
    assert meta["attribution"] == atlas.attribution(lang)
    assert any(entry["licence"] for entry in meta["licences"])
    data = compute_view(atlas, view)
    carried = {c for cell in data.towns["caveats"] for c in str(cell).split(";") if c}
    assert {c["code"] for c in meta["caveats"]} >= carried
    assert all(c["text"] == texts[c["code"]] for c in meta["caveats"])


def test_briefing_footer_cites_the_list_and_the_boundaries_licence(atlas, view):
    lang = view.lang
    page = draw(atlas, view, "16:9", dpi=60).figure
    footer = " ".join(t.get_text().replace("\n", " ") for t in page.texts)
    assert LIST_DATE[lang] in footer and POPULATION_DATE[lang] in footer
    assert NOT_ESTABLISHED[lang] in footer and "GeoNames (CC BY 4.0)" in footer
    shorts = dict(zip(atlas.caveats["code"], atlas.caveats[f"short_{lang}"], strict=True))
    data = compute_view(atlas, view)
    for code in {c for cell in data.towns["caveats"] for c in str(cell).split(";") if c}:
        assert shorts[code] in footer, code
    assert not any("Boundaries: OpenStreetMap" in t.get_text() for t in page.findobj(Text))


def test_no_csv_number_has_more_digits_than_its_precision(atlas, view):
    value_decimals = VALUE_DECIMALS[view.indicator]
    for key in ("csv", "units-csv"):
        for row in rows(export(atlas, view, key)):
            for column, cell in row.items():
                allowed = value_decimals if column == "value" else DECIMALS.get(column)
                if allowed is None or cell == "":
                    continue
                assert decimals(cell) <= allowed, (key, column, cell)


def numbers(node, path=""):
    """(key, number as written) for every number in parsed JSON whose floats stayed text."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from numbers(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from numbers(v, path)
    elif isinstance(node, (int, str)) and not isinstance(node, bool) and path:
        if isinstance(node, str) and node.startswith("#num:"):
            yield path, node.removeprefix("#num:")
        elif isinstance(node, int):
            yield path, str(node)


def test_no_geojson_or_json_number_has_more_digits_than_its_precision(atlas, view):
    value_decimals = VALUE_DECIMALS[view.indicator]
    keep = {"parse_float": lambda s: "#num:" + s}
    collection = json.loads(export(atlas, view, "geojson"), **keep)
    props = [f["properties"] for f in collection["features"]]
    checked = 0
    for key, text in numbers(props):
        allowed = value_decimals if key == "value" else DECIMALS.get(key)
        if allowed is not None:
            assert decimals(text) <= allowed, (key, text)
            checked += 1
    assert checked > 50
    meta = json.loads(export(atlas, view, "json"), **keep)
    for cls in meta["indicator"]["classes"]:
        for bound in ("lower", "upper"):
            if isinstance(cls[bound], str):
                assert decimals(cls[bound].removeprefix("#num:")) <= value_decimals
