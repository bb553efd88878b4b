"""A unit whose towns a filter hides is not a unit without monotowns: its tooltip, popup and
the heading of the unit in focus say how many match the filter and how many it has in all,
as the legend and the caption do, in every language."""

from __future__ import annotations

import html

import pytest
from streamlit.testing.v1 import AppTest

from geo.view import View
from tests.test_app_state import APP
from tests.test_layers import features, render

# ?v=2022&sector=coal: Ulytau's three towns (copper, manganese) are all hidden.
COAL_2022 = View(vintage="2022").with_filter("sector", {"coal"})
ULYTAU = {
    "en": ("Ulytau Region", "0 matching the filter; 3 in all"),
    "ru": ("Область Ұлытау", "по фильтру 0, всего 3"),
    "kk": ("Ұлытау облысы", "сүзгі бойынша 0, барлығы 3"),
}
COUNT_LABEL = {"en": "Number of monotowns", "ru": "Число моногородов", "kk": "Моноқалалар саны"}
TOWNS_WORD = {"en": "Towns", "ru": "Города", "kk": "Қалалар"}


def unit_texts(atlas, view: View, unit: str) -> tuple[str, str]:
    """The tooltip and popup of ``unit`` as the rendered map carries them, tags removed."""
    props = features(render(atlas, view), "mq-unit")[unit]
    return tuple(
        html.unescape(props[k].replace("<br>", "\n").replace("<b>", "").replace("</b>", ""))
        for k in ("t", "p")
    )


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_tooltip_and_popup_say_how_many_match_and_how_many_in_all(atlas, lang):
    name, count = ULYTAU[lang]
    tooltip, popup = unit_texts(
        atlas, View(vintage="2022", lang=lang, filters=COAL_2022.filters), "KZ-62"
    )
    assert tooltip == f"{name}\n{COUNT_LABEL[lang]}: {count}"
    assert popup == f"{name}\n{TOWNS_WORD[lang]}: {count}"


def test_a_rate_indicator_under_a_filter_adds_the_count_line(atlas):
    view = View(vintage="2022", lang="en", indicator="pop_share_2023", filters=COAL_2022.filters)
    tooltip, _ = unit_texts(atlas, view, "KZ-62")
    assert tooltip.endswith("\nNumber of monotowns: 0 matching the filter; 3 in all")
    # Karaganda keeps three of its five coal and steel towns, named in its popup.
    _, popup = unit_texts(atlas, view, "KZ-35")
    assert (
        popup == "Karaganda Region\nTowns: 3 matching the filter; 5 in all\nAbai, Saran, Shakhtinsk"
    )


def test_without_a_filter_the_words_are_the_plain_ones(atlas):
    tooltip, popup = unit_texts(atlas, View(vintage="2022", lang="en"), "KZ-62")
    assert tooltip == "Ulytau Region\nNumber of monotowns: 3"
    assert popup == "Ulytau Region\nTowns (3): Karazhal, Satpayev, Zhezkazgan"
    tooltip, popup = unit_texts(atlas, View(vintage="2022", lang="en"), "KZ-43")
    assert popup == "Kyzylorda Region\nTowns (0): 0 — no monotowns"
    assert "in all" not in tooltip + popup


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_focus_heading_says_the_same(lang):
    name, count = ULYTAU[lang]
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in {"v": "2022", "lang": lang, "sector": "coal", "unit": "KZ-62"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    heading = at.subheader[0].value.replace("\\", "")  # as rendered: escapes removed
    assert heading == f"{name}: {count}"
    # Without the filter: the plain count.
    at.query_params.pop("sector")
    at.run()
    assert "in all" not in at.subheader[0].value and "3" in at.subheader[0].value
