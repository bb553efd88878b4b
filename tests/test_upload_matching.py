"""Matching what planners type to the atlas's towns: names, ids, spellings, ambiguity, speed."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.io import read_towns
from userdata.read import TownMatcher


@pytest.fixture(scope="module")
def matcher() -> TownMatcher:
    return TownMatcher(read_towns())


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("temirtau", "temirtau"),
        ("1518262", "temirtau"),  # GeoNames id
        ("1518262.0", "temirtau"),  # as a number cell renders
        ("Temirtau", "temirtau"),
        ("Темиртау", "temirtau"),
        ("Теміртау", "temirtau"),
        ("ТЕМИРТАУ", "temirtau"),
        ("г. Темиртау", "temirtau"),
        ("г.Темиртау", "temirtau"),
        ("г Темиртау", "temirtau"),
        ("город Темиртау", "temirtau"),
        ("Темиртау г.", "temirtau"),
        ("«Темиртау»", "temirtau"),
        ('"Темиртау"', "temirtau"),
        ("Теміртау қ.", "temirtau"),
        ("Теміртау қаласы", "temirtau"),
        ("Temirtau city", "temirtau"),
        ("Temirtau Town", "temirtau"),
        ("Жезказган", "zhezkazgan"),
        ("Жезқазған", "zhezkazgan"),
        ("Jezqazğan", "zhezkazgan"),
        ("Jezqazgan", "zhezkazgan"),
        ("Zhezkazgan", "zhezkazgan"),
        ("Qūlsary", "kulsary"),
        ("Qulsary", "kulsary"),
        ("Кульсары", "kulsary"),
        ("Ekıbastūz", "ekibastuz"),
        ("Ekibastuz", "ekibastuz"),
        ("Экибастуз", "ekibastuz"),
        ("Екібастұз", "ekibastuz"),
        ("Sätbaev", "satpayev"),
        ("Сатпаев", "satpayev"),
        ("Сәтбаев", "satpayev"),
        ("Jañaözen", "zhanaozen"),
        ("Zhana-Ozen", "zhanaozen"),
        ("Жана Озен", "zhanaozen"),
        ("Новый Узень", "zhanaozen"),
        ("Şahtinsk", "shakhtinsk"),
        ("Алтай (Зыряновск)", "altai"),
        ("Карагандинская обл., г. Темиртау", "temirtau"),
        ("Жез?аз?ан", "zhezkazgan"),  # Kazakh letters lost to "?" in a cp1251 save
    ],
)
def test_matches(matcher, text, town):
    match = matcher.match(text)
    assert match.ok, match
    assert match.town_id == town


def test_empty_cell(matcher):
    match = matcher.match("   ")
    assert match.status == "empty" and not match.ok


def test_unknown_geonames_id(matcher):
    assert matcher.match("123").status == "unmatched"


def test_unmatched_offers_nearest_names_in_the_script_typed(matcher):
    ru = matcher.match("Темиртай")
    assert ru.status == "unmatched"
    assert ru.candidates[0].town_id == "temirtau"
    assert ru.candidates[0].name == "Темиртау"
    en = matcher.match("Temirtay")
    assert en.candidates[0].name == "Temirtau"
    kk = matcher.match("Теміртай")
    assert kk.candidates[0].name == "Теміртау"
    assert len(matcher.match("Каражай").candidates) <= 3


def test_nothing_like_any_town(matcher):
    match = matcher.match("Астана")
    assert match.status == "unmatched" and match.candidates == ()


def test_two_towns_in_one_cell_is_ambiguous(matcher):
    match = matcher.match("Аксу / Аксай")
    assert match.status == "ambiguous" and match.town_id is None
    assert {c.town_id for c in match.candidates} == {"aksu", "aksai"}


def test_a_key_shared_by_two_towns_is_ambiguous():
    towns = pd.DataFrame(
        {
            "town_id": ["a", "b"],
            "geonames_id": [1, 2],
            "name_en": ["Alpha", "Beta"],
            "name_ru": ["Альфа", "Бета"],
            "name_kk": ["Альфа", "Бета"],
            "name_variants": ["Common", "Common;Beta-2"],
        }
    )
    match = TownMatcher(towns).match("common")
    assert match.status == "ambiguous"
    assert [(c.town_id, c.name) for c in match.candidates] == [("a", "Alpha"), ("b", "Beta")]
    assert TownMatcher(towns).match("Beta 2").town_id == "b"


def test_no_two_atlas_towns_share_a_key(matcher):
    for town in matcher.town_ids:
        for lang in ("en", "ru", "kk"):
            assert matcher.match(matcher.names[town][lang]).town_id == town


def test_100k_texts_match_each_to_its_town_and_the_cache_stays_bounded(matcher, monkeypatch):
    # How long it takes is the benchmark's (python -m bench --only datasets).
    import userdata.read.matching as matching

    monkeypatch.setattr(matching, "_CACHE_LIMIT", 50)
    names = [(t, n) for t in matcher.town_ids for n in matcher.names[t].values()]
    fresh = TownMatcher(read_towns())
    for i in range(100_000):
        town, name = names[i % len(names)]
        suffix = f" {i}" if i % 2 else ""  # half of them distinct: "г. Аксу 17" is no town
        match = fresh.match(f"г. {name}{suffix}", suggest=False)
        assert match.town_id == (None if suffix else town)
        assert len(fresh._cache) <= 50 and len(fresh._quick) <= 50
