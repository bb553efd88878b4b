"""The registries and the catalogue: every entry is reachable from the app, the command line
and the exports, every text exists in every language, and a language is one entry plus its
texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cli import main as cli
from export.formats import FORMATS
from geo.attributes import ATTRIBUTES, COLOUR_BY
from geo.i18n import LANGUAGES, Language, catalogue_problems, messages, register_language, t
from geo.indicators import INDICATORS
from geo.view import FILTER_PARAMS, View
from geo.vintages import VINTAGES
from ui.state import widget_name

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CODE = [*ROOT.glob("geo/**/*.py"), *ROOT.glob("layers/*.py"), *ROOT.glob("export/**/*.py")]
CODE += [*ROOT.glob("ui/*.py"), ROOT / "app.py"]


def test_every_text_has_every_language_and_the_same_placeholders():
    assert catalogue_problems() == []


def test_every_text_the_code_names_is_in_the_catalogue():
    named = set()
    for path in CODE:
        named |= set(re.findall(r'\bt\(\s*"([a-z0-9_]+)"', path.read_text(encoding="utf-8")))
    assert named, "the scan found no texts"
    assert sorted(named - set(messages())) == []


def test_registry_texts_exist_for_every_entry():
    for key in INDICATORS:
        for part in ("label", "unit", "how"):
            assert f"indicator_{key}_{part}" in messages()
    for key in VINTAGES:
        assert f"vintage_{key}" in messages()
    for attribute in ATTRIBUTES.values():
        assert attribute.title in messages() and attribute.filter_label in messages()
    for fmt in FORMATS.values():
        assert fmt.button in messages()


@pytest.fixture(scope="module")
def app_offers():
    """What the app's sidebar and download panel offer, from one run."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    at.session_state["export_open"] = True
    at.run()
    assert not at.exception
    offers = {}
    for w in [*at.sidebar.selectbox, *at.sidebar.radio, *at.sidebar.multiselect]:
        offers[widget_name(w.key)] = list(w.options)
    offers["downloads"] = [b.label for b in at.get("download_button")]
    return offers


@pytest.fixture
def shared_atlas(atlas, monkeypatch):
    monkeypatch.setattr(cli, "load", lambda: atlas)


def exported_metadata(tmp_path, *args: str) -> dict:
    out = tmp_path / "m.json"
    assert cli.main(["export", *args, "--date", "2026-01-01", "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", list(INDICATORS))
def test_each_indicator_is_offered_everywhere(key, app_offers, shared_atlas, tmp_path):
    assert INDICATORS[key].label("en") in app_offers["indicator"]
    assert exported_metadata(tmp_path, "--indicator", key)["indicator"]["key"] == key


@pytest.mark.parametrize("key", list(VINTAGES))
def test_each_vintage_is_offered_everywhere(key, app_offers, shared_atlas, tmp_path):
    assert t(f"vintage_{key}", "en") in app_offers["vintage"]
    meta = exported_metadata(tmp_path, "--vintage", key)
    assert meta["boundaries"]["vintage"] == key and meta["counts"]["units"] == VINTAGES[key].n_units


@pytest.mark.parametrize("key", list(LANGUAGES))
def test_each_language_is_offered_everywhere(key, app_offers, shared_atlas, tmp_path):
    assert LANGUAGES[key].name in app_offers["lang"]
    assert exported_metadata(tmp_path, "--lang", key)["view"]["language"] == key


@pytest.mark.parametrize("key", COLOUR_BY)
def test_each_town_colouring_is_offered_everywhere(key, app_offers, shared_atlas, tmp_path):
    assert t(ATTRIBUTES[key].title, "en") in app_offers["colour_by"]
    assert exported_metadata(tmp_path, "--colour-by", key)["view"]["colour_by"] == key


@pytest.mark.parametrize("key", list(FILTER_PARAMS))
def test_each_filter_is_offered_everywhere(key, app_offers, shared_atlas, tmp_path):
    assert f"f_{key}" in app_offers
    meta = exported_metadata(tmp_path, "--lang", "en", "--filter", f"{key}=unknown")
    assert meta["view"]["filters"] == {key: ["unknown"]}
    assert meta["view"]["filters_text"][0].startswith(t(ATTRIBUTES[key].filter_label, "en"))


@pytest.mark.parametrize("key", list(FORMATS))
def test_each_format_is_offered_everywhere(key, app_offers, shared_atlas, tmp_path):
    fmt = FORMATS[key]
    assert t(fmt.button, "en") in app_offers["downloads"]
    out = tmp_path / f"x{fmt.extension}"
    assert cli.main(["export", "--format", key, "--date", "2026-01-01", "-o", str(out)]) == 0
    assert out.stat().st_size > 100


@pytest.fixture
def fourth_language():
    """A test language "xx": one registry entry plus a text for every key (English marked)."""
    saved = {key: dict(entry) for key, entry in messages().items()}

    def mark(text):
        return [f"⟦{form}⟧" for form in text] if isinstance(text, list) else f"⟦{text}⟧"

    texts = {key: mark(entry["en"]) for key, entry in messages().items()}
    register_language(Language("xx", "Test-xx", " ", ",", lambda n: 0, data="en"), texts)
    yield "xx"
    LANGUAGES.pop("xx")
    for key, entry in saved.items():
        messages()[key].clear()
        messages()[key].update(entry)


def test_an_incomplete_language_is_refused():
    with pytest.raises(ValueError, match="lacks texts"):
        register_language(Language("yy", "Y", " ", ",", lambda n: 0), {"title": "Y"})
    assert "yy" not in LANGUAGES


def test_a_fourth_language_renders_the_app_and_a_png(fourth_language, atlas):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = fourth_language
    at.run()
    assert not at.exception and not at.warning
    assert at.title[0].value == "⟦Atlas of monotowns⟧"
    assert "Test-xx" in next(w for w in at.sidebar.radio if widget_name(w.key) == "lang").options
    assert at.query_params["lang"] == fourth_language

    from export.page.static_map import draw

    page = draw(atlas, View(lang=fourth_language), "16:9", dpi=40)
    words = " ".join(
        x.get_text() for x in page.figure.findobj(match=lambda o: hasattr(o, "get_text"))
    )
    assert "⟦Number of monotowns⟧" in words and "Temirtau" in words
