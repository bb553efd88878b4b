"""The registries and the catalogue: every entry is reachable from the app, the command line
and the exports, every text reaches every language and fills in (languages: test_languages.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cli import main as cli
from export.formats import FORMATS
from geo.attributes import ATTRIBUTES, COLOUR_BY
from geo.i18n import LANGUAGES, catalogue_problems, messages, t
from geo.indicators import INDICATORS
from geo.view import FILTER_PARAMS
from geo.vintages import VINTAGES
from ui.state import widget_name

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CODE = [*ROOT.glob("geo/**/*.py"), *ROOT.glob("layers/*.py"), *ROOT.glob("export/**/*.py")]
CODE += [*ROOT.glob("ui/*.py"), ROOT / "app.py"]


def test_every_text_reaches_every_language_and_fills_in():
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
