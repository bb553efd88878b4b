"""A language is one registry entry plus the texts that exist: a missing text comes from the
language's fallback chain, and the whole page, the error pages and the files render with a
language that has only ten texts of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cli import main as cli
from export.formats import FORMATS
from geo.i18n import (
    LANGUAGES,
    Language,
    completeness,
    count_phrase,
    fmt_number,
    messages,
    picker_label,
    register_language,
    t,
)
from geo.view import View
from ui.state import widget_name
from ui.text import md_escape

APP = str(Path(__file__).resolve().parent.parent / "app.py")

# Ten texts of a test language "xx": its own words are marked ⟦…⟧, so a test can tell them
# from the Russian of its fallback chain.
TEN_TEXTS = {
    "title": "⟦Atlas⟧",
    "subtitle": "⟦Single-industry towns of Kazakhstan⟧",
    "language": "⟦Language⟧",
    "vintage": "⟦Boundaries⟧",
    "indicator": "⟦Colour units by⟧",
    "export": "⟦Download⟧",
    "sources": "⟦Sources⟧",
    "metric_towns": "⟦Monotowns shown⟧",
    "error_unexpected": "⟦The map could not be drawn⟧",
    "noun_monotown": ["⟦monotown⟧"],
}
PANELS = (
    "export_open",
    "programme_open",
    "timeline_open",
    "sources_open",
    "criteria_open",
    "data_open",
)


def _restore(saved: dict[str, dict]) -> None:
    for key, entry in saved.items():
        messages()[key].clear()
        messages()[key].update(entry)


@pytest.fixture
def ten_text_language():
    """Language "xx": Russian after its own ten texts, then English; no data columns."""
    saved = {key: dict(entry) for key, entry in messages().items()}
    register_language(
        Language("xx", "Test-xx", " ", ".", lambda n: 0, fallback=("ru", "en")), TEN_TEXTS
    )
    yield "xx"
    LANGUAGES.pop("xx")
    _restore(saved)


def test_kazakh_russian_and_english_are_complete(capsys):
    figures = completeness()
    with capsys.disabled():  # the figures belong in the test run's output
        print("\nlanguage completeness (own texts / catalogue):")
        for lang, (own, total) in figures.items():
            print(f"  {lang}: {own}/{total} ({100 * own / total:.0f} %)")
    for lang in ("kk", "ru", "en"):
        own, total = figures[lang]
        assert own == total > 250, f"{lang} lacks {total - own} texts"


def test_completeness_counts_only_a_languages_own_texts(ten_text_language):
    own, total = completeness()[ten_text_language]
    assert own == len(TEN_TEXTS) and total == len(messages())


def test_a_missing_text_comes_from_the_fallback_chain(ten_text_language):
    assert t("title", "xx") == "⟦Atlas⟧"
    assert t("colour_by", "xx") == t("colour_by", "ru")
    # A plural noun from a fallback is counted by its own language's rule.
    messages()["noun_monotown"].pop("xx")
    assert count_phrase(3, "monotown", "xx") == "3 моногорода"
    assert count_phrase(8, "monotown", "xx") == "8 моногородов"
    # Numbers are written the reader's way, whoever supplied the words.
    assert fmt_number(1234.5, "xx", 1) == "1 234.5"


def test_own_plural_forms_are_counted_by_the_languages_own_rule(ten_text_language):
    assert count_phrase(8, "monotown", "xx") == "8 ⟦monotown⟧"


def test_a_chain_that_leaves_a_text_unresolved_is_refused():
    saved = {key: dict(entry) for key, entry in messages().items()}
    with pytest.raises(ValueError, match="lacks texts"):
        register_language(Language("yy", "Y", " ", ",", lambda n: 0), {"title": "Y"})
    with pytest.raises(ValueError, match="registered language"):
        register_language(Language("yy", "Y", " ", ",", lambda n: 0, ("zz",)), {"title": "Y"})
    with pytest.raises(ValueError, match="unknown keys"):
        register_language(Language("yy", "Y", " ", ",", lambda n: 0, ("ru",)), {"titel": "Y"})
    assert "yy" not in LANGUAGES
    assert {k: dict(v) for k, v in messages().items()} == saved


def test_the_language_picker_label_comes_from_the_registry(ten_text_language):
    assert picker_label() == "Тіл / Язык / Language / ⟦Language⟧"


def _sidebar_widget(at: AppTest, kind: str, name: str):
    return next(w for w in getattr(at.sidebar, kind) if widget_name(w.key) == name)


def test_a_ten_text_language_renders_the_whole_app(ten_text_language):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = ten_text_language
    at.run()
    for panel in PANELS:
        at.session_state[panel] = True
    at.run()
    assert not at.exception and not at.error and not at.warning
    assert at.title[0].value == "⟦Atlas⟧"
    assert at.query_params["lang"] == ten_text_language
    picker = _sidebar_widget(at, "radio", "lang")
    assert picker.label == "Тіл / Язык / Language / ⟦Language⟧"
    assert "Test-xx" in picker.options
    # Its own words where it has them, Russian where it has none.
    assert _sidebar_widget(at, "selectbox", "vintage").label == "⟦Boundaries⟧"
    assert _sidebar_widget(at, "selectbox", "colour_by").label == t("colour_by", "ru")
    assert at.metric[0].label == "⟦Monotowns shown⟧"
    # Unit and town names come from the data columns of the first fallback that has them.
    assert "Темиртау" in set(at.dataframe[0].value.iloc[:, 0])
    assert {e.label for e in at.expander} >= {"⟦Download⟧", "⟦Sources⟧", t("programme", "ru")}
    assert len(at.get("download_button")) == len(FORMATS)


def test_switching_to_and_from_a_ten_text_language_relabels_every_widget(ten_text_language):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.session_state["export_open"] = at.session_state["programme_open"] = True
    at.run()
    _sidebar_widget(at, "radio", "lang").set_value(ten_text_language).run()
    assert not at.exception
    # Open panels stay open under their new labels, and their buttons are relabelled.
    buttons = {b.key: b.label for b in at.get("download_button")}
    assert buttons == {f"dl_{k}": t(f.button, "ru") for k, f in FORMATS.items()}
    assert "⟦Download⟧" in {e.label for e in at.expander}
    assert len(at.get("vega_lite_chart")) == 3
    assert _sidebar_widget(at, "selectbox", "vintage").label == "⟦Boundaries⟧"
    assert _sidebar_widget(at, "selectbox", "indicator").label == "⟦Colour units by⟧"
    assert _sidebar_widget(at, "selectbox", "unit").label == t("focus_unit", "ru")
    _sidebar_widget(at, "radio", "lang").set_value("kk").run()
    labels = {widget_name(w.key): w.label for w in [*at.sidebar.selectbox, *at.sidebar.radio]}
    assert labels["vintage"] == t("vintage", "kk") and labels["unit"] == t("focus_unit", "kk")
    assert at.title[0].value == t("title", "kk")
    assert {b.label for b in at.get("download_button")} == {
        t(f.button, "kk") for f in FORMATS.values()
    }


def _failure_page() -> None:
    from ui.errors import failure_page

    failure_page(RuntimeError("a bug"))


def _data_error_page() -> None:
    from geo.errors import DataError
    from ui.errors import data_error_page

    data_error_page(DataError("towns.csv", "is broken", row=3, column="lat"))


def test_the_error_pages_speak_a_ten_text_language(ten_text_language):
    at = AppTest.from_function(_failure_page)
    at.query_params["lang"] = ten_text_language
    at.run()
    assert not at.exception
    assert at.error[0].value == "⟦The map could not be drawn⟧"
    at = AppTest.from_function(_data_error_page)
    at.query_params["lang"] = ten_text_language
    at.run()
    assert not at.exception
    assert at.title[0].value == "⟦Atlas⟧"
    message = at.error[0].value
    assert md_escape(t("error_row", "ru", row=3)) in message and "towns\\.csv" in message


def test_a_ten_text_language_exports_files(ten_text_language, atlas, monkeypatch, tmp_path):
    from export.page.static_map import draw

    page = draw(atlas, View(lang=ten_text_language), "16:9", dpi=40)
    words = " ".join(
        x.get_text() for x in page.figure.findobj(match=lambda o: hasattr(o, "get_text"))
    )
    assert "⟦Atlas⟧" in words or "Темиртау" in words
    assert "Темиртау" in words and t("indicator_n_towns_label", "ru") in words
    monkeypatch.setattr(cli, "load", lambda: atlas)
    out = tmp_path / "x.json"
    assert cli.main(["export", "--lang", ten_text_language, "-o", str(out)]) == 0
    assert '"language": "xx"' in out.read_text(encoding="utf-8")
