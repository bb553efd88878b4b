"""The Streamlit page, run headless with AppTest: widgets, metrics, table, URL state."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from export.formats import FORMATS
from ui.state import widget_name

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def widget(at: AppTest, kind: str, name: str):
    """The sidebar widget of the view attribute ``name`` (keys carry language and generation)."""
    found = [w for w in getattr(at.sidebar, kind) if widget_name(w.key) == name]
    assert len(found) == 1, f"{len(found)} {kind} widgets named {name}"
    return found[0]


def metric(at: AppTest, index: int) -> str:
    return at.metric[index].value


def reconcile(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "mq-reconcile" in m.value)


def table_names(at: AppTest) -> set[str]:
    df = at.dataframe[0].value
    return set(df.iloc[:, 0])


def test_default_run_shows_all_27_towns_in_kazakh():
    at = run()
    assert not at.exception
    assert at.title[0].value == "Моноқалалар атласы"
    assert metric(at, 0) == "27"
    assert metric(at, 1) == "1\u00a0416\u00a0014"  # city-proper population, 1 Jan 2023
    text = reconcile(at)
    assert "27" in text and "12 өңірде" in text and "4 өңірде моноқала жоқ" in text
    assert "2012" in text
    assert len(table_names(at)) == 27


def test_choosing_karaganda_in_2012_lists_its_8_towns():
    at = run({"lang": "en"})
    widget(at, "selectbox", "unit").set_value("KZ-35").run()
    assert not at.exception
    assert metric(at, 0) == "8"
    assert table_names(at) == {
        "Temirtau",
        "Zhezkazgan",
        "Balkhash",
        "Satpayev",
        "Karazhal",
        "Saran",
        "Shakhtinsk",
        "Abai",
    }
    assert at.query_params["unit"] == "KZ-35"


def test_switching_vintage_moves_towns_to_the_new_units():
    at = run({"lang": "en", "unit": "KZ-35"})
    widget(at, "selectbox", "vintage").set_value("2022").run()
    assert metric(at, 0) == "5"  # Zhezkazgan, Satpayev, Karazhal moved to Ulytau
    assert "Zhezkazgan" not in table_names(at)
    widget(at, "selectbox", "unit").set_value("KZ-62").run()
    assert table_names(at) == {"Zhezkazgan", "Satpayev", "Karazhal"}
    text = reconcile(at)
    assert "in 14 units" in text and "6 units have none" in text


def test_filters_change_table_and_metrics():
    at = run({"lang": "en"})
    widget(at, "multiselect", "f_status").set_value(["left"]).run()
    assert table_names(at) == {"Saran", "Tekeli"}
    assert metric(at, 0) == "2"
    assert at.query_params["status"] == "left"
    widget(at, "multiselect", "f_district_centre").set_value(["yes"]).run()
    assert metric(at, 0) == "0"  # both towns that left the list are not district centres


def test_unknown_tier_is_a_selectable_value():
    at = run({"lang": "en"})
    widget(at, "multiselect", "f_tier").set_value(["high"]).run()
    assert metric(at, 0) == "0"  # no town's tier was published
    widget(at, "multiselect", "f_tier").set_value(["unknown"]).run()
    assert metric(at, 0) == "27"


def test_language_switch_translates_the_page():
    at = run()
    widget(at, "radio", "lang").set_value("ru").run()
    assert at.title[0].value == "Атлас моногородов"
    assert "Название" in at.dataframe[0].value.columns
    widget(at, "radio", "lang").set_value("en").run()
    assert at.title[0].value == "Atlas of monotowns"


def test_query_params_round_trip():
    params = {
        "v": "2018",
        "lang": "ru",
        "unit": "KZ-35",
        "sector": "coal,steel",
        "ind": "pop_share_2023",
        "color": "status",
    }
    at = run(params)
    assert not at.exception and not at.warning
    assert widget(at, "selectbox", "vintage").value == "2018"
    assert widget(at, "selectbox", "indicator").value == "pop_share_2023"
    assert set(widget(at, "multiselect", "f_sector").value) == {"coal", "steel"}
    assert {k: at.query_params[k] for k in params} == params
    assert table_names(at) == {"Темиртау", "Сарань", "Шахтинск", "Абай"}


@pytest.mark.parametrize(
    "params",
    [
        {"v": "1999"},
        {"lang": "<script>alert(1)</script>"},
        {"unit": "KZ-99", "tier": "nonsense"},
        {"zzz": "1", "tiles": "maybe"},
        {"ind": "x" * 1000},
    ],
)
def test_bad_params_fall_back_with_a_visible_notice(params):
    at = run(params)
    assert not at.exception
    assert at.warning, "a notice must say which parameter was ignored"
    assert metric(at, 0) == "27"
    name = next(iter(params))
    assert f"'{name}" in at.warning[0].value  # the notice names the parameter


def test_notice_is_in_the_readers_language_and_shows_link_text_literally():
    at = run({"unit": "[x](javascript:alert(1))"})
    warning = at.warning[0].value
    assert "бүкіл ел көрсетілген" in warning  # Kazakh, the default language
    assert "\\[x\\]\\(javascript" in warning  # escaped: rendered as text, not as a link
    at = run({"lang": "ru", "v": "1999"})
    assert "недопустимое значение" in at.warning[0].value


def st_folium_args(at: AppTest) -> dict:
    import json

    element = next(
        e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium")
    )
    return json.loads(element.proto.json_args)


def test_map_loads_leaflet_from_the_app_not_inlined_nor_a_cdn():
    from layers.assets import STATIC_DIR, leaflet_dir

    args = st_folium_args(run())
    assert args["js_links"] == ["/app/static/leaflet.js"]
    assert args["css_links"] == ["/app/static/leaflet.css"]
    for name in ("leaflet.js", "leaflet.css"):
        assert (STATIC_DIR / name).read_bytes() == (leaflet_dir() / name).read_bytes()


def test_closed_panels_draw_nothing_and_open_ones_draw_their_content():
    at = run({"lang": "en"})
    assert not at.get("vega_lite_chart") and not at.get("download_button")
    at.session_state["programme_open"] = True
    at.session_state["export_open"] = True
    at.run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 3
    buttons = at.get("download_button")
    assert sorted(b.key for b in buttons) == sorted(f"dl_{key}" for key in FORMATS)
    code = " ".join(c.value for c in at.code)
    assert 'src="monoqala_kz_en_2012.html"' in code
    assert 'title="Kazakhstan — Number of monotowns"' in code


def test_export_file_names_follow_the_view():
    at = run({"lang": "ru", "v": "2022", "unit": "KZ-62", "status": "listed"})
    at.session_state["export_open"] = True
    at.run()
    code = " ".join(c.value for c in at.code)
    assert 'src="monoqala_kz-62_ru_2022_status-listed.html"' in code
