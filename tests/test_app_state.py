"""The page's state in AppTest: the view survives language switches, notices are bounded and
cleared, a table pick is a town (not a row), broken data gives one clear page."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.datacopy import copy_data, reseal, use_data
from ui.state import PICKED, widget_name

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def run(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def run_open(params: dict, panel: str) -> AppTest:
    """The page of ``params`` with the panel whose expander key is ``panel`` opened."""
    at = run(params)
    at.session_state[panel] = True
    return at.run()


def widget(at: AppTest, kind: str, name: str):
    found = [w for w in getattr(at.sidebar, kind) if widget_name(w.key) == name]
    assert len(found) == 1
    return found[0]


def reconcile(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "mq-reconcile" in m.value)


def folium_script(at: AppTest) -> str:
    element = next(
        e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium")
    )
    return json.loads(element.proto.json_args)["feature_group"]


def test_switching_language_twice_keeps_the_whole_view():
    start = {
        "v": "2022",
        "lang": "kk",
        "ind": "pop_share_2023",
        "color": "status",
        "unit": "KZ-62",
        "status": "listed",
        "sector": "copper",
    }
    at = run(start)
    for lang in ("en", "ru"):
        widget(at, "radio", "lang").set_value(lang).run()
        assert not at.exception
        assert {k: at.query_params[k] for k in start} == {**start, "lang": lang}
        assert widget(at, "selectbox", "vintage").value == "2022"
        assert widget(at, "selectbox", "unit").value == "KZ-62"
        assert widget(at, "multiselect", "f_sector").value == ["copper"]
    # The widgets speak the new language: their labels and their chips.
    assert widget(at, "selectbox", "vintage").label == "Границы"
    assert widget(at, "multiselect", "f_sector").format_func("copper") == "Медь"
    assert "с 2022 года" in reconcile(at)


def test_default_view_then_2022_then_two_languages_keeps_20_units():
    at = run()
    widget(at, "selectbox", "vintage").set_value("2022").run()
    widget(at, "radio", "lang").set_value("en").run()
    widget(at, "radio", "lang").set_value("ru").run()
    assert at.query_params["v"] == "2022"
    assert "с 2022 года" in reconcile(at)


def test_a_notice_is_bounded_and_cleared_once_the_reader_changes_the_view():
    at = run({f"junk{i}": "x" for i in range(1000)})
    assert len(at.warning) == 1 and len(at.warning[0].value) < 1500
    widget(at, "selectbox", "vintage").set_value("2018").run()
    assert not at.warning


def test_a_picked_town_stays_that_town_when_a_filter_changes():
    at = run({"lang": "en"})
    table = at.dataframe[0]
    names = list(table.value.iloc[:, 0])
    temirtau = names.index("Temirtau")
    at.session_state[PICKED] = "temirtau"  # as the table's callback stores it
    at.run()
    assert '"2012||temirtau"' in folium_script(at)
    widget(at, "multiselect", "f_status").set_value(["left"]).run()
    # Temirtau is not shown any more: the map does not move to the town now in its row.
    script = folium_script(at)
    assert "temirtau" not in script and "|saran" not in script
    assert temirtau >= 0


def test_a_unit_name_with_markdown_is_shown_literally(tmp_path, monkeypatch):
    folder = copy_data(tmp_path)
    path = folder / "boundaries" / "kz_adm1_2012.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["unit_id"] == "KZ-35":
            for name in ("name_en", "name_then_en"):
                feature["properties"][name] = "**Bold** [link](javascript:alert(1))"
    path.write_text(json.dumps(data), encoding="utf-8")
    reseal(folder)
    use_data(monkeypatch, folder)
    st.cache_resource.clear()
    try:
        at = run({"lang": "en", "unit": "KZ-35"})
        assert not at.exception
        heading = at.subheader[0].value
        assert "\\*\\*Bold\\*\\*" in heading and "\\[link\\]\\(javascript" in heading
    finally:
        st.cache_resource.clear()


def test_broken_data_gives_one_clear_page_in_the_readers_language(tmp_path, monkeypatch):
    folder = copy_data(tmp_path)
    towns = folder / "towns.csv"
    towns.write_text(towns.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    use_data(monkeypatch, folder)
    st.cache_resource.clear()
    try:
        at = run({"lang": "ru"})
        assert not at.exception
        message = at.error[0].value.replace("\\", "")  # as rendered: escapes removed
        assert "Данные атласа не удалось прочитать" in message
        assert "файл: towns.csv; строка заголовка" in message and str(ROOT) not in message
        assert not at.get("component_instance")  # no half-drawn map
    finally:
        st.cache_resource.clear()


def test_the_server_hides_tracebacks_and_raw_table_exports():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    # The table toolbar's CSV would carry "=HYPERLINK(...)" from data into a spreadsheet.
    assert config["client"]["disableDataExport"] is True


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_filter_values_no_town_has_are_explained_not_offered(lang):
    at = run({"lang": lang})
    tier = widget(at, "multiselect", "f_tier")
    assert tier.options == [tier.format_func("unknown")] or list(tier.options) == ["unknown"]
    captions = " ".join(c.value for c in at.sidebar.caption)
    high = {"kk": "жоғары", "ru": "высокий", "en": "high"}[lang]
    assert high in captions


def test_the_timeline_shows_the_seed_facts_with_their_dates_and_doubts():
    at = run({"lang": "ru"})
    at.session_state["timeline_open"] = True
    at.run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "20.03.2012" in text and "27.01.2012" in text  # the list, the President's Address
    assert "№ 1389" in text  # the 2003 small-towns programme
    assert "10.09.2013 (дата в источнике не указана)" in text  # PM13's date: inferred


def test_units_carry_the_name_of_their_time():
    at = run({"lang": "en", "v": "2018"})
    unit = widget(at, "selectbox", "unit")
    assert unit.format_func("KZ-71") == "Nur-Sultan (Astana until March 2019)"
