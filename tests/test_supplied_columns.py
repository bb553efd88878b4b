"""What a planner supplied never passes for what was published: with a dataset the town
table, the popups and every export keep the published columns as published and show the
planner's values in columns of their own, each marked as supplied by the user."""

from __future__ import annotations

import csv
import io
import json
import re

import pypdf
import pytest
from streamlit.testing.v1 import AppTest

from cli import main as cli
from tests.test_app_state import APP
from tests.test_datasets import import_file, shared_atlas, store_file  # noqa: F401 - fixtures

MARK = {
    "kk": "пайдаланушы берген",
    "ru": "предоставлено пользователем",
    "en": "supplied by the user",
}
TIER = {
    "kk": "Даму әлеуеті (2012–2020 бағдарламасы)",
    "ru": "Потенциал развития (программа 2012–2020)",
    "en": "Development potential (2012–2020 programme)",
}
NOT_PUBLISHED = {"kk": "жарияланбаған", "ru": "не опубликовано", "en": "not published"}
TEMIRTAU = {"kk": "Теміртау", "ru": "Темиртау", "en": "Temirtau"}
HIGH = {"kk": "жоғары", "ru": "высокий", "en": "high"}


@pytest.fixture
def saved(store_file, shared_atlas, tmp_path, capsys):  # noqa: F811 - fixtures
    code, lines, err = import_file(tmp_path, capsys)
    assert code == 0, err
    return lines[-1]


def open_app(params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_town_table_keeps_published_and_supplied_apart(saved, lang):
    at = open_app({"data": saved, "lang": lang, "color": "tier"})
    assert not at.exception
    table = at.dataframe[0].value.set_index(at.dataframe[0].value.columns[0])
    supplied = f"{TIER[lang]} — {MARK[lang]}"
    # The published header holds the published (unknown) tiers, never the planner's.
    assert set(table[TIER[lang]]) == {NOT_PUBLISHED[lang]}
    assert table.loc[TEMIRTAU[lang], supplied] == HIGH[lang]
    assert table.loc[TEMIRTAU[lang], f"Безработица, % — {MARK[lang]}"] == 4.5
    # Columns come after the published ones, each marked.
    marked = [c for c in table.columns if MARK[lang] in c]
    assert list(table.columns)[-len(marked) :] == marked and len(marked) == 2


def test_without_a_dataset_the_table_has_no_supplied_column():
    at = open_app({"lang": "en"})
    assert not [c for c in at.dataframe[0].value.columns if "supplied" in c]


def town_popup(atlas, view, dataset, town: str) -> str:
    from geo.atlas import compute_view
    from layers.compose import layer_set

    towns = json.loads(layer_set(compute_view(atlas, view, dataset), atlas).towns)
    return next(f for f in towns["features"] if f["properties"]["id"] == town)["properties"]["p"]


def test_popups_show_both_the_published_and_the_supplied_tier(atlas, saved):
    from geo.io import read_towns
    from geo.view import View
    from userdata.datasets import ViewDataset
    from userdata.store import DatasetStore

    with DatasetStore() as store:
        dataset = ViewDataset.from_record(store.get(saved), set(read_towns()["town_id"]))
    popup = town_popup(atlas, View(lang="en", data=saved), dataset, "temirtau")
    rows = dict(re.findall(r"<tr><th>(.*?)</th><td>(.*?)(?:<sup.*?)?</td></tr>", popup))
    assert rows[TIER["en"]] == "not published"
    assert rows[f"{TIER['en']} — supplied by the user"] == "high"
    assert rows["Безработица, % — supplied by the user"] == "4.5 %"


def export(tmp_path, dataset_id: str, name: str, lang: str = "en") -> bytes:
    out = tmp_path / name
    argv = ["export", "--data", dataset_id, "--colour-by", "tier", "--filter", "tier=high"]
    assert cli.main([*argv, "--lang", lang, "-o", str(out)]) == 0
    return out.read_bytes()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_export_marks_what_the_user_supplied(saved, tmp_path, lang):
    supplied_tier = f"{TIER[lang]} — {MARK[lang]}"
    # The briefing: the town colours' heading and the filter line name the user's tiers.
    pdf = export(tmp_path, saved, "v.pdf", lang)
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert supplied_tier in text
    filters = {"ru": "Потенциал развития", "en": "Development potential"}[lang]
    assert f"{filters} — {MARK[lang]}:" in text
    # The embed: legend heading and its table's column.
    page = export(tmp_path, saved, "v.html", lang).decode()
    assert page.count(f"{supplied_tier}") >= 2  # legend heading, table column
    assert f'<th scope="col">Безработица, % — {MARK[lang]}</th>' in page
    # The metadata: provenance, and the filter named as the user's.
    meta = json.loads(export(tmp_path, saved, "v.json", lang))
    assert meta["user_data"]["supplied_by"] == "user"
    assert meta["view"]["filters_text"] == [f"{filters} — {MARK[lang]}: {HIGH[lang]}"]
    # CSV and GeoJSON: the published column as published, the user's in user_* columns.
    rows = list(
        csv.DictReader(io.StringIO(export(tmp_path, saved, "v.csv", lang).decode("utf-8-sig")))
    )
    assert {r["tier_2012"] for r in rows} == {"not_published"}
    assert {r["user_tier"] for r in rows} == {"high"}
    geo = json.loads(export(tmp_path, saved, "v.geojson", lang))
    towns = [f["properties"] for f in geo["features"] if f["properties"]["layer"] == "town"]
    assert {t["user_tier"] for t in towns} == {"high"} and {t["tier_2012"] for t in towns} == {
        "not_published"
    }
