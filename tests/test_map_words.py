"""The words a view's map says: titles that name the country, zero under a filter, what a
filter hides, classes that share no endpoint, citations by title, and links only to a
public address."""

from __future__ import annotations

import pandas as pd
import pytest

from export.links import APP_URL_ENV, is_public, view_link
from geo.atlas import compute_view
from geo.classify import classify
from geo.describe import (
    citation,
    class_labels,
    hidden_line,
    none_units_line,
    source_url,
    title,
    unit_value_text,
    value_text,
)
from geo.indicators import get_indicator
from geo.view import View
from layers.labels import short_name


@pytest.mark.parametrize(
    ("lang", "country"), [("en", "Kazakhstan"), ("ru", "Казахстан"), ("kk", "Қазақстан")]
)
def test_titles_name_the_country(atlas, lang, country):
    assert title(compute_view(atlas, View(lang=lang))).startswith(f"{country} — ")
    unit = title(compute_view(atlas, View(lang=lang, unit="KZ-35")))
    assert country in unit and unit.index(country) > 0  # "Karaganda Region, Kazakhstan — …"


def test_zero_and_the_none_line_say_matching_the_filter_when_one_is_on(atlas):
    plain = compute_view(atlas, View(lang="en"))
    assert class_labels(plain)[0] == "0 — no monotowns"
    assert none_units_line(plain).startswith("Units with no monotowns: ")
    assert hidden_line(plain) is None
    left = compute_view(atlas, View(lang="en").with_filter("status", {"left"}))
    assert class_labels(left)[0] == "0 — no monotowns matching the filter"
    assert none_units_line(left).startswith("Units with no monotowns matching the filter: ")
    assert hidden_line(left) == "The filter hides 25 of the 27 monotowns"
    ru = compute_view(atlas, View(lang="ru").with_filter("status", {"left"}))
    assert hidden_line(ru) == "Фильтр скрывает 25 из 27 моногородов"


def test_rate_classes_hold_their_units_values_and_share_no_endpoint():
    indicator = get_indicator("pop_share_2023")
    values = pd.Series([0.0, 1.6, 2.2, 3.0, 3.04, 5.9, 9.0, 14.5, None])
    classes = classify(values, indicator)
    value_classes = [c for c in classes.classes if c.kind == "value"]
    for before, after in zip(value_classes, value_classes[1:], strict=False):
        assert before.upper < after.lower
    # Every value falls inside the printed range of its class.
    for v, i in zip(values, classes.class_of, strict=True):
        c = classes.classes[i]
        if c.kind == "value":
            assert c.lower <= v <= c.upper


def test_labels_add_a_decimal_where_rounding_would_join_two_classes(atlas):
    data = compute_view(atlas, View(lang="en", indicator="pop_share_2023"))
    labels = class_labels(data)
    ends = [label.split("–") for label in labels if label[0].isdigit() and "—" not in label]
    for before, after in zip(ends, ends[1:], strict=False):
        assert float(before[-1]) < float(after[0]), labels


def test_zero_reads_zero_in_every_indicator(atlas):
    for key in ("n_towns", "pop_share_2023", "towns_per_million"):
        data = compute_view(atlas, View(lang="ru", indicator=key))
        zero = data.units[data.units["n_towns"] == 0].iloc[0]
        assert unit_value_text(zero, data.indicator, "ru") == "0"
        assert value_text(0.0, data.indicator, "ru") == "0"


def test_citations_give_title_year_and_only_web_addresses():
    sources = pd.DataFrame(
        {
            "key": ["A", "B", "C"],
            "title": ["Численность населения " + "очень " * 30, "Short", "Ref only"],
            "year": ["2023", "", "2019?"],
            "url_or_ref": ["file.xlsx", "https://b.example/x", "javascript:alert(1)"],
            "url": ["https://a.example/", "", ""],
        }
    )
    text, url = citation("A", sources)
    assert text.endswith("… (2023)") and len(text) < 100 and url == "https://a.example/"
    assert citation("B", sources) == ("Short", "https://b.example/x")
    assert citation("C", sources) == ("Ref only (2019?)", None)  # never a javascript: link
    assert citation("MISSING", sources) == ("MISSING", None)
    assert source_url({"url_or_ref": "https://a.example/ ; https://b.example/"}) is None


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("http://localhost:8501/", False),
        ("http://127.0.0.1:8501/?lang=en", False),
        ("http://[::1]:8501/", False),
        ("http://0.0.0.0:8501/", False),
        ("https://atlas.example.kz/monoqala/", True),
        ("http://10.0.0.5:8501/", True),  # an intranet address others can open
        ("javascript:alert(1)", False),
        (None, False),
    ],
)
def test_public_addresses(url, public):
    assert is_public(url) is public


def test_no_link_without_an_address(monkeypatch):
    monkeypatch.delenv(APP_URL_ENV, raising=False)
    assert view_link(View()) is None
    monkeypatch.setenv(APP_URL_ENV, "https://atlas.example.kz/")
    assert view_link(View()) == "https://atlas.example.kz/?v=2012&lang=kk"


def test_label_names_drop_a_closing_remark_and_stay_short():
    assert short_name("Astana (Nur-Sultan until September 2022)") == "Astana"
    assert short_name("Ж" * 10_000).endswith("…") and len(short_name("Ж" * 10_000)) == 40
