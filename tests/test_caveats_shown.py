"""Every caveat the data carry is shown where its value is: the town's popup, the town
table of the app, and the towns CSV."""

from __future__ import annotations

import csv
import io

import pytest

from export.data import towns_csv
from geo.atlas import compute_view
from geo.describe import town_rows
from geo.view import View
from layers.compose import layer_set


@pytest.fixture(scope="module")
def popups(atlas):
    import json

    towns = json.loads(layer_set(compute_view(atlas, View(lang="en")), atlas).towns)
    return {f["properties"]["id"]: f["properties"]["p"] for f in towns["features"]}


def carried(atlas) -> list[tuple[str, str]]:
    """(town, caveat code) for every caveat a town carries."""
    return [
        (town, code)
        for town, cell in zip(atlas.towns["town_id"], atlas.towns["caveats"], strict=True)
        for code in str(cell).split(";")
        if code
    ]


def test_every_carried_caveat_is_in_its_towns_popup(atlas, popups):
    import html

    texts = dict(zip(atlas.caveats["code"], atlas.caveats["text_en"], strict=True))
    pairs = carried(atlas)
    assert len({code for _, code in pairs}) >= 4  # district centre, floor, unconfirmed, dates
    for town, code in pairs:
        assert html.escape(texts[code], quote=True) in popups[town], (town, code)


def test_caveats_are_in_the_app_table_and_the_csv(atlas):
    data = compute_view(atlas, View(lang="ru"))
    rows = town_rows(data, atlas).set_index("town_id")
    texts = dict(zip(atlas.caveats["code"], atlas.caveats["text_ru"], strict=True))
    assert texts["below_pop_floor_2023"] in rows.loc["karazhal", "caveats"]
    assert texts["district_centre_vs_city_admin"] in rows.loc["temirtau", "caveats"]
    assert rows.loc["stepnogorsk", "caveats"] == texts["weakly_sourced"]
    assert rows.loc["khromtau", "caveats"] == ""
    table = {r["town_id"]: r for r in csv.DictReader(io.StringIO(towns_csv(data, atlas)))}
    assert table["karazhal"]["below_pop_floor_2023"] == "yes"
    assert "below_pop_floor_2023" in table["karazhal"]["caveats"]
    # ... and in words, in the view's language.
    assert texts["below_pop_floor_2023"] in table["karazhal"]["caveats_text"]
