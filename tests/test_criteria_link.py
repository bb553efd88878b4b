"""The criteria panel's what-if lives in the link: its thresholds and columns are read by
the view grammar every link goes through (bad values give the usual notice), the table
lists the outcome and the value that decided it first, and only real columns are offered."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.view import View, from_params, to_params
from geo.viewspec import ViewError, strict_view
from tests.test_app_state import run_open
from tests.test_datasets import import_file, shared_atlas, store_file  # noqa: F401 - fixtures
from ui.state import widget_name

# A share for Temirtau and Rudny, and a column whose only value is for no town of the atlas.
SHARES = (
    "Город;Доля занятых, %;Мощность, %\nТемиртау;35;\nРудный;10;\nНесуществующий;;40\n"
).encode("cp1251")


def test_thresholds_and_columns_round_trip_through_the_link():
    params = {"pop_min": "15000", "c2_min": "30,5", "c2_col": "share", "lang": "en"}
    parsed = from_params(params, extra={"c2_col": ["share"]})
    assert parsed.notices == []
    assert parsed.view.what_if_values() == {"pop_min": "15000", "c2_min": "30.5", "c2_col": "share"}
    assert to_params(parsed.view) == {
        "lang": "en",
        "pop_min": "15000",
        "c2_min": "30.5",
        "c2_col": "share",
    }
    assert from_params(to_params(parsed.view), extra={"c2_col": ["share"]}).view == parsed.view
    assert to_params(View().with_what_if("c1_min", "25").with_what_if("c1_min", None)) == {}


@pytest.mark.parametrize(
    ("params", "kind"),
    [
        ({"pop_min": "abc"}, "what_if_number"),
        ({"c1_min": "150"}, "what_if_number"),
        ({"c3_max": "nan"}, "what_if_number"),
        ({"c1_col": "share"}, "what_if_column"),  # no dataset: no column to name
    ],
)
def test_a_bad_setting_is_a_notice_and_the_default(params, kind):
    parsed = from_params(params)
    assert [n.kind for n in parsed.notices] == [kind]
    assert parsed.view.what_if == ()
    name, value = next(iter(params.items()))
    assert parsed.notices[0].text("en").startswith(f"'{name}={value}' is not ")


def test_the_command_line_refuses_a_bad_setting(atlas):
    with pytest.raises(ViewError, match="pop_min=abc"):
        strict_view({"pop_min": "abc"}, atlas)
    view, _ = strict_view({"c1_min": "25"}, atlas)
    assert view.what_if_values() == {"c1_min": "25"}


def open_panel(params: dict) -> AppTest:
    return run_open(params, "criteria_open")


def criteria_table(at: AppTest):
    return next(d.value for d in at.dataframe if "As computed" in d.value.columns)


def test_the_table_gives_the_outcome_then_what_decided_it():
    at = open_panel({"lang": "en"})
    table = criteria_table(at)
    assert list(table.columns[:3]) == ["Name", "As computed", "Deciding value"]
    outcomes = list(table["As computed"])
    # Leaving towns first, smallest first, each with the population that decides it.
    assert outcomes[:3] == ["leaves the list"] * 3
    assert list(table["Name"][:3]) == ["Serebryansk", "Karazhal", "Kurchatov"]
    assert table["Deciding value"][0] == "population 7,118, outside 20,000–200,000"
    assert set(outcomes[3:]) == {"unknown"}


def test_a_link_reproduces_a_what_if_and_the_panel_writes_it(
    store_file,  # noqa: F811 - fixtures
    shared_atlas,  # noqa: F811
    tmp_path,
    capsys,
):
    code, lines, _ = import_file(tmp_path, capsys, SHARES, "shares.csv")
    assert code == 0
    dataset_id = lines[-1]
    link = {"lang": "en", "data": dataset_id, "c2_col": "dolya_zanyatykh_pct", "c2_min": "30"}
    at = open_panel(link)
    assert not at.exception and not at.warning
    table = criteria_table(at).set_index("Name")
    assert table.loc["Temirtau", "As computed"] == "stays on the list"
    assert table.loc["Temirtau", "Deciding value"] == "(2) employment: 35.0 % > 30.0 %"
    # At 40 % Temirtau's 35 % no longer decides: the panel puts the new threshold in the link.
    box = next(w for w in at.number_input if widget_name(w.key) == "crit_c2_min")
    box.set_value(40.0).run()
    assert at.query_params["c2_min"] == ["40"] or at.query_params["c2_min"] == "40"
    table = criteria_table(at).set_index("Name")
    assert table.loc["Temirtau", "(2) employment"] == "no"
    # Only real columns are offered: "Мощность, %" has a value for no town of the atlas.
    column = next(s for s in at.selectbox if widget_name(s.key) == "crit_col_1")
    assert column.options == ["none", "Доля занятых, %"]
    # A link naming a column the dataset does not have is a notice.
    at = open_panel({**link, "c1_col": "no_such_column"})
    assert "is not a numeric column of the view's dataset" in at.warning[0].value.replace("\\", "")
