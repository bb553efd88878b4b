"""Towns carry the names of each vintage's time, by the dated renames of data/timeline.csv:
Altai was Zyryanovsk until December 2018, so the 2012 map says Zyryanovsk everywhere.

Expected names are worked out here from the timeline's dates and the vintages' periods
(geo/vintages.py), independently of geo/names.py; the outputs are then read as readers get
them (popups, the app's table, labels, every export).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from matplotlib.text import Text

from export.formats import Options, get_format
from export.page.static_map import draw
from geo import names
from geo.atlas import compute_view
from geo.describe import town_rows
from geo.errors import DataError
from geo.view import View
from geo.vintages import VINTAGES
from layers.compose import layer_set

DATA = Path(__file__).resolve().parent.parent / "data"
LANGS = ("kk", "ru", "en")
LOW_DPI = 60


def read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def last_day(text: str) -> date:
    """The last day a timeline date may mean (a month's last day for ``2018-12``)."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        after = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return after - timedelta(days=1)
    return date(parts[0], 12, 31)


def first_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return date(*parts[:3])


def expected_name(town: dict[str, str], vintage: str, lang: str) -> str:
    """The bare name in force at the end of the vintage's layout (today for the open one)."""
    until = VINTAGES[vintage].valid_until
    end = date.fromisoformat(until) - timedelta(days=1) if until else None
    renames = sorted(
        (r for r in read("timeline.csv") if r["subject"] == f"town:{town['town_id']}"),
        key=lambda r: r["date"],
    )
    later = [r for r in renames if end is not None and first_day(r["date"]) > end]
    if later:
        return later[0][f"name_before_{lang}"]
    done = [r for r in renames if end is None or last_day(r["date"]) <= end]
    return done[-1][f"name_after_{lang}"] if done else town[f"name_{lang}"]


CASES = [(v, lang) for v in VINTAGES for lang in LANGS]


def test_the_timeline_renames_zyryanovsk_in_december_2018():
    renames = [r for r in read("timeline.csv") if r["subject"]]
    assert [(r["subject"], r["date"]) for r in renames] == [("town:altai", "2018-12")]
    today = {t["town_id"]: t for t in read("towns.csv")}
    for r in renames:
        town = today[r["subject"].removeprefix("town:")]
        # The last rename gives today's name; the old one stays a search variant.
        assert all(r[f"name_after_{lang}"] == town[f"name_{lang}"] for lang in LANGS)
        assert r["name_before_en"] in town["name_variants"].split(";")


@pytest.mark.parametrize(("vintage", "lang"), CASES)
def test_every_town_is_named_as_its_vintage_dates_say(atlas, vintage, lang):
    joined = atlas.joined[vintage].set_index("town_id")
    for town in read("towns.csv"):
        want = expected_name(town, vintage, lang)
        got = joined.loc[town["town_id"]]
        assert got[f"name_then_{lang}"] == want, (town["town_id"], vintage, lang)
        assert got[f"name_{lang}"].startswith(want)
        assert got[f"name_today_{lang}"] == town[f"name_{lang}"]


def test_zyryanovsk_in_2012_altai_with_its_old_name_in_2018(atlas):
    by_vintage = {v: atlas.joined[v].set_index("town_id").loc["altai"] for v in VINTAGES}
    assert by_vintage["2012"]["name_en"] == "Zyryanovsk (Altai since December 2018)"
    assert by_vintage["2012"]["name_ru"] == "Зыряновск (с декабря 2018 года – Алтай)"
    assert by_vintage["2012"]["name_kk"].startswith("Зырян (")
    assert by_vintage["2018"]["name_en"] == "Altai (Zyryanovsk until December 2018)"
    assert by_vintage["2022"]["name_en"] == "Altai"


@pytest.mark.parametrize("lang", LANGS)
def test_the_2012_view_says_zyryanovsk_everywhere(atlas, lang):
    view = View(vintage="2012", lang=lang, unit="KZ-63")
    data = compute_view(atlas, view)
    old = data.towns.set_index("town_id").loc["altai", f"name_then_{lang}"]
    full = data.towns.set_index("town_id").loc["altai", f"name_{lang}"]
    today = atlas.towns.set_index("town_id").loc["altai", f"name_{lang}"]
    assert old != today
    # Popups and the unit's list of towns.
    layers = layer_set(data, atlas)
    features = json.loads(layers.towns)["features"]
    town_popups = {f["properties"]["id"]: f["properties"]["p"] for f in features}
    assert old in town_popups["altai"]
    units = {
        f["properties"]["id"]: f["properties"]["p"] for f in json.loads(layers.units)["features"]
    }
    assert old in units["KZ-63"]
    # The app's table, the page's labels and footer.
    assert town_rows(data, atlas).set_index("town_id").loc["altai", "name"] == full
    page = draw(atlas, view, "16:9", dpi=LOW_DPI).figure
    labels = {t.get_text() for t in page.findobj(Text)}
    assert old in labels  # the label: the bare name of the time
    footer = " ".join(t.get_text().replace("\n", " ") for t in page.texts)
    assert full in footer  # the footer: with today's name beside it
    # Every data export.
    raw = {f: get_format(f).render(atlas, view, Options()) for f in ("csv", "geojson", "html")}
    table = {r["town_id"]: r for r in csv.DictReader(io.StringIO(raw["csv"].decode("utf-8-sig")))}
    assert table["altai"][f"name_{lang}"] == full
    assert table["altai"][f"name_today_{lang}"] == today
    towns = [
        f for f in json.loads(raw["geojson"])["features"] if f["properties"]["layer"] == "town"
    ]
    assert (
        next(f for f in towns if f["properties"]["town_id"] == "altai")["properties"][
            f"name_{lang}"
        ]
        == full
    )
    assert old in raw["html"].decode("utf-8")


def test_a_rename_inside_a_vintage_boundary_is_refused():
    # A rename known only to the year 2018 cannot say which name held on 18 June 2018.
    rename = names.Rename(
        "x",
        "t1",
        date(2018, 1, 1),
        date(2018, 12, 31),
        {p: dict.fromkeys(LANGS, p) for p in names.RENAME_PARTS},
    )
    with pytest.raises(ValueError, match="not decided"):
        names.name_in_vintage(dict.fromkeys(LANGS, "Today"), [rename], "2012", "en")


def test_a_rename_row_without_its_texts_names_the_cell():
    import pandas as pd

    row = {
        "event_id": "r",
        "date": "2018-12",
        "date_precision": "month",
        "subject": "town:altai",
        **{c: "x" for c in names.RENAME_COLUMNS[1:]},
    }
    row["note_before_ru"] = ""
    with pytest.raises(DataError, match="note_before_ru"):
        names.town_renames(pd.DataFrame([row]))
