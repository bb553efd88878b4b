"""Tier and criterion cells, header roles, units and aggregations, transliteration."""

from __future__ import annotations

import pytest

from userdata.read import (
    HEADER_RULES,
    CellError,
    ColumnRole,
    UploadError,
    fold,
    parse_criteria,
    parse_tier,
    to_ascii_latin,
    to_kk_latin,
)
from userdata.read.roles import default_aggregation, header_role, split_header
from userdata.read.translit import script_of, slug


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("высокий", "high"),
        (" Высокий. ", "high"),
        ("ВЫСОКИЙ", "high"),
        ("«высокий»", "high"),
        ("высокий потенциал", "high"),
        ("High", "high"),
        ("жоғары", "high"),
        ("Joğary", "high"),
        ("средний", "average"),
        ("Средний уровень", "average"),
        ("average", "average"),
        ("Medium", "average"),
        ("орташа", "average"),
        ("низкий", "low"),
        ("low", "low"),
        ("төмен", "low"),
        ("Төмен әлеует", "low"),
        ("(низкий)", "low"),
    ],
)
def test_tier_words_in_three_languages(text, tier):
    assert parse_tier(text) == tier


def test_tier_empty_and_unknown():
    assert parse_tier("  ") is None
    with pytest.raises(CellError) as info:
        parse_tier("очень высокий")
    assert info.value.code == "unknown_tier"
    assert info.value.params == {"value": "очень высокий"}


@pytest.mark.parametrize(
    ("text", "criteria"),
    [
        ("1", {"1"}),
        ("3", {"3"}),
        ("1;3", {"1", "3"}),
        ("1, 2", {"1", "2"}),
        ("1 и 3", {"1", "3"}),
        ("1 және 2", {"1", "2"}),
        ("1 and 3", {"1", "3"}),
        ("1+2", {"1", "2"}),
        ("1/2/3", {"1", "2", "3"}),
        ("Критерий 2", {"2"}),
        ("1.0", {"1"}),
        ("II", {"2"}),
    ],
)
def test_criteria(text, criteria):
    assert parse_criteria(text) == frozenset(criteria)


@pytest.mark.parametrize("text", ["4", "0", "1 или 2", "один", "1.5", ";", "12"])
def test_criteria_rejected(text):
    with pytest.raises(CellError) as info:
        parse_criteria(text)
    assert info.value.code == "unknown_criterion"


def test_criteria_empty():
    assert parse_criteria("") is None


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("town", "town_key"),
        ("Город", "town_key"),
        ("г. / город", "town_key"),
        ("қала", "town_key"),
        ("Моногород", "town_key"),
        ("Моноқала атауы", "town_key"),
        ("Название моногорода", "town_key"),
        ("name", "town_key"),
        ("town_id", "town_key"),
        ("geonames_id", "town_key"),
        ("id", "town_key"),
        ("tier", "tier"),
        ("Development potential", "tier"),
        ("Уровень потенциала", "tier"),
        ("Уровень потенциала, 2013", "tier"),
        ("Потенциал развития", "tier"),
        ("Группа", "tier"),
        ("Уровень", "tier"),
        ("Уровень безработицы", None),
        ("Даму әлеуеті", "tier"),
        ("Әлеует", "tier"),
        ("Топ", "tier"),
        ("criterion", "criterion"),
        ("Criteria", "criterion"),
        ("Критерий", "criterion"),
        ("Критерии отнесения", "criterion"),
        ("Өлшем", "criterion"),
        ("Критерийі", "criterion"),
        ("№", "ignored"),
        ("№ п/п", "ignored"),
        ("Год", "ignored"),
        ("Примечание", "ignored"),
        ("Область", "ignored"),
        ("Население города, тыс. чел.", None),
        ("Безработица, %", None),
        ("Output, bn tenge", None),
    ],
)
def test_header_roles(header, role):
    assert header_role(header) == role


def test_registry_is_data():
    roles = [rule.role for rule in HEADER_RULES]
    assert roles == ["criterion", "tier", "tier", "town_key", "ignored"]
    assert all(rule.stems for rule in HEADER_RULES)


@pytest.mark.parametrize(
    ("header", "name", "unit"),
    [
        ("Безработица, %", "Безработица", "%"),
        ("unemployment (%)", "unemployment", "%"),
        ("Output, bn tenge", "Output", "bn tenge"),
        ("Выпуск (млрд тенге)", "Выпуск", "млрд тенге"),
        ("Численность, тыс. чел.", "Численность", "тыс. чел."),
        ("Доля, в %", "Доля", "%"),
        ("Безработица %", "Безработица", "%"),
        ("Уровень потенциала, 2013", "Уровень потенциала", None),
        ("Tier (2013)", "Tier", None),
        ("Population", "Population", None),
    ],
)
def test_units_from_headers(header, name, unit):
    assert split_header(header) == (name, unit)


@pytest.mark.parametrize(
    ("header", "unit", "aggregation"),
    [
        ("Безработица", "%", "mean"),
        ("Unemployment rate", None, "mean"),
        ("Уровень бедности", None, "mean"),
        ("Доля занятых", None, "mean"),
        ("Среднемесячная зарплата", "тенге", "mean"),
        ("Income", "tenge per capita", "mean"),
        ("Output", "bn tenge", "sum"),
        ("Численность занятых", "тыс. чел", "sum"),
        ("Жұмыссыздық деңгейі", None, "mean"),
    ],
)
def test_default_aggregation(header, unit, aggregation):
    assert default_aggregation(header, unit) == aggregation


def test_column_role_validates():
    assert ColumnRole("numeric", "%", "mean").aggregation == "mean"
    with pytest.raises(UploadError) as info:
        ColumnRole("colour")
    assert info.value.code == "bad_role"
    with pytest.raises(UploadError) as info:
        ColumnRole("numeric", None, "median")
    assert info.value.code == "bad_aggregation"


@pytest.mark.parametrize(
    ("kk", "latin"),
    [
        ("Жезқазған", "Jezqazğan"),
        ("Құлсары", "Qūlsary"),
        ("Екібастұз", "Ekıbastūz"),
        ("Сәтбаев", "Sätbaev"),
        ("Жаңаөзен", "Jañaözen"),
        ("Жітіқара", "Jıtıqara"),
        ("Шахтинск", "Şahtinsk"),
        ("Ақсу", "Aqsu"),
    ],
)
def test_kazakh_latin_2021(kk, latin):
    assert to_kk_latin(kk) == latin


def test_kazakh_latin_capital_i():
    assert to_kk_latin("ИІ") == "İI"


def test_ascii_romanisation():
    assert to_ascii_latin("Жезказган") == "Zhezkazgan"
    assert to_ascii_latin("Щучинск") == "Shchuchinsk"


def test_fold_makes_spellings_comparable():
    assert fold("Jezqazğan") == fold("JEZQAZGAN") == "jezqazgan"
    assert fold("Ekıbastūz") == fold("Ekibastuz")
    assert fold("Екібастұз") == fold("Экибастуз")
    stressed = "Кульса\u0301ры"  # an accent mark, as dictionaries print the stress
    assert len(stressed) == len("Кульсары") + 1
    assert fold(stressed) == fold("Кульсары") == "кулсары"
    assert fold("Semipalatinsk-21") == "semipalatinsk21"
    assert fold("Ёлка") == fold("елка")


def test_script_and_slug():
    assert (script_of("Жезқазған"), script_of("Жезказган"), script_of("Jezqazğan")) == (
        "kk",
        "ru",
        "en",
    )
    assert slug("Безработица, %") == "bezrabotitsa_pct"
    assert slug("Output, bn tenge") == "output_bn_tenge"
    assert slug("Жұмыссыздық деңгейі") == "zhumyssyzdyk_dengeyi"
    assert slug("!!!") == ""
