"""The public pages read an address strictly: one view or the problems, named, in the
reader's language; a form's repeated keys are a filter's values; nothing unbounded."""

from __future__ import annotations

import pytest

from geo.view import View
from web.links import public_page_url, view_query
from web.reading import MAX_QUERY, read_query, reader_language, strict_view


def test_a_filter_given_as_repeated_keys_is_the_same_view_as_its_comma_list(atlas):
    as_form = read_query(b"lang=en&v=2012&unit=&status=listed&status=unknown&color=sector")
    as_link = read_query(b"lang=en&status=listed,unknown")
    view = strict_view(as_form, atlas, None)
    assert view == strict_view(as_link, atlas, None)
    assert view == View(lang="en").with_filter("status", {"listed", "unknown"})
    assert view_query(view) == "lang=en&status=listed,unknown"


def test_any_other_repeated_key_keeps_its_last_value_as_in_the_app(atlas):
    assert strict_view(read_query(b"v=2018&v=2022"), atlas, None).vintage == "2022"


@pytest.mark.parametrize(
    ("query", "lang", "says"),
    [
        (b"v=1999&lang=en", "en", "'v=1999' is not valid; valid: 2012, 2018, 2022"),
        (b"v=1999&lang=ru", "ru", "'v=1999' — недопустимое значение"),
        (b"v=1999&lang=kk", "kk", "'v=1999' жарамсыз"),
        (b"lang=en&fbclid=x", "en", "there is no parameter 'fbclid'"),
        (b"lang=en&v=2012&unit=KZ-62", "en", "'unit=KZ-62' is not a unit of the 2012 boundaries"),
        (b"lang=en&status=nope", "en", "'status' has values that are not known: nope"),
        (b"lang=en&data=short", "en", "'data=short' is not a dataset id"),
        (b"lang=en&tiles=2", "en", "'tiles=2' must be 0 or 1"),
    ],
)
def test_each_problem_names_its_parameter_in_the_readers_language(atlas, query, lang, says):
    found = strict_view(read_query(query), atlas, None)
    assert isinstance(found, list)
    assert any(says in p.text(lang) for p in found), [p.text(lang) for p in found]


def test_an_oversized_query_is_refused_before_it_is_parsed():
    reading = read_query(b"v=" + b"2" * 5_000_000)
    assert [p.key for p in reading.problems] == ["public_bad_query_long"]
    assert reading.params == {}
    assert f"at most {MAX_QUERY}" in reading.problems[0].text("en")


def test_too_many_fields_and_unreadable_bytes_are_problems_not_errors():
    many = read_query(b"&".join(b"a%d=1" % i for i in range(300)))
    assert [p.key for p in many.problems] == ["public_bad_too_many"]
    assert "300" in many.problems[0].text("en")
    bad = read_query(b"lang=%ff%fe")
    assert [p.key for p in bad.problems] == ["public_bad_unreadable"]
    assert "UTF-8" in bad.problems[0].text("en")


def test_forty_one_parameters_are_refused_as_the_app_would_trim_them(atlas):
    query = "&".join(f"x{i}=1" for i in range(41)).encode()
    found = strict_view(read_query(query), atlas, None)
    assert any("at most 40" in p.text("en") for p in found)


@pytest.mark.parametrize(
    ("params", "header", "lang"),
    [
        ({"lang": "ru"}, "en", "ru"),
        ({"lang": "xx"}, "de-DE,ru;q=0.8,en;q=0.9", "en"),
        ({}, "ru-RU,ru;q=0.9", "ru"),
        ({}, "kk-KZ", "kk"),
        ({}, "de, fr;q=0.5", "kk"),
        ({}, "en;q=bad, ru;q=0.1", "ru"),
    ],
)
def test_the_readers_language_is_the_address_s_else_the_browser_s_else_kazakh(params, header, lang):
    assert reader_language(params, header) == lang


def test_the_public_page_sits_beside_the_app_under_any_base_path():
    view = View(lang="en", unit="KZ-35")
    assert public_page_url("https://atlas.gov.kz/mono/?lang=ru", view) == (
        "https://atlas.gov.kz/mono/view?lang=en&unit=KZ-35"
    )
    assert public_page_url("http://localhost:8501/", View()) == "http://localhost:8501/view"


def test_every_text_the_public_pages_name_is_in_the_catalogue_in_three_languages():
    import re
    from pathlib import Path

    from geo.i18n import messages

    web = Path(__file__).resolve().parent.parent / "web"
    named = set()
    for path in web.glob("*.py"):
        named |= set(re.findall(r'\bt\(\s*"([a-z0-9_]+)"', path.read_text(encoding="utf-8")))
    assert "public_open_atlas" in named
    assert sorted(named - set(messages())) == []
    for key in (k for k in messages() if k.startswith("public_")):
        assert set(messages()[key]) >= {"kk", "ru", "en"}, key
