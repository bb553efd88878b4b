import pytest

from geo.view import View, from_params, to_params


def test_params_round_trip():
    view = View(
        vintage="2018",
        indicator="pop_share_2023",
        lang="ru",
        unit="KZ-35",
        colour_by="status",
        tiles=True,
    ).with_filter("status", {"listed", "unknown"})
    view = view.with_filter("sector", {"coal"})
    parsed = from_params(to_params(view), {"2018": {"KZ-35"}}, {"coal"})
    assert parsed.notices == []
    assert parsed.view == view


def test_an_empty_filter_means_all_in_every_reader():
    # The app's widgets read "empty means all"; a link, the CLI and batch agree.
    assert View().with_filter("sector", set()) == View()
    for raw in ("-", ""):
        assert from_params({"sector": raw}, None, {"coal"}).view.filters == ()


def test_default_view_has_no_params():
    assert to_params(View()) == {}


def test_bad_params_fall_back_with_notices():
    parsed = from_params(
        {
            "v": "1999",
            "lang": "<script>",
            "unit": "KZ-62",
            "tier": "high,bogus",
            "zzz": "1",
            "tiles": "yes",
            "ind": ["n_towns", "nope"],
        },
        {"2012": {"KZ-35"}},
    )
    v = parsed.view
    assert (v.vintage, v.lang, v.unit, v.tiles, v.indicator) == (
        "2012",
        "kk",
        None,
        False,
        "n_towns",
    )
    assert dict(v.filters) == {"tier": frozenset({"high"})}
    text = " ".join(map(str, parsed.notices))
    for word in (
        "'v=1999'",
        "'lang=<script>'",
        "'unit=KZ-62'",
        "bogus",
        "'zzz'",
        "tiles=yes",
        "nope",
    ):
        assert word in text


def test_overlong_param_is_refused():
    parsed = from_params({"lang": "r" * 5000})
    assert parsed.view.lang == "kk" and "too long" in str(parsed.notices[0])


@pytest.mark.parametrize(
    "n, lang, expected",
    [
        (1, "ru", "1 моногород"),
        (3, "ru", "3 моногорода"),
        (8, "ru", "8 моногородов"),
        (11, "ru", "11 моногородов"),
        (21, "ru", "21 моногород"),
        (24, "ru", "24 моногорода"),
        (1, "en", "1 monotown"),
        (27, "en", "27 monotowns"),
        (4, "kk", "4 моноқала"),
    ],
)
def test_counted_nouns_follow_the_language(n, lang, expected):
    from geo.i18n import count_phrase

    assert count_phrase(n, "monotown", lang) == expected
