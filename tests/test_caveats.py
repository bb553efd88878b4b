"""The caveats of issue 12 are carried by the data, in Kazakh, Russian and English.

Expected values come from the seed articles and the issue (the typo-like figures of 2016-2018,
the 20 March 2012 list versus decree No. 683, the official count of 20 monotowns, the seed
facts), never from the generated files.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LANGS = ("kk", "ru", "en")


def read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def caveats() -> dict[str, dict[str, str]]:
    rows = read("caveats.csv")
    assert len({r["code"] for r in rows}) == len(rows), "duplicate caveat code"
    return {r["code"]: r for r in rows}


@pytest.fixture(scope="module")
def timeline() -> dict[str, dict[str, str]]:
    rows = read("timeline.csv")
    assert len({r["event_id"] for r in rows}) == len(rows), "duplicate event_id"
    return {r["event_id"]: r for r in rows}


@pytest.fixture(scope="module")
def programme() -> list[dict[str, str]]:
    return read("programme.csv")


def test_caveat_texts_exist_in_three_languages(caveats):
    for code, row in caveats.items():
        texts = [row[f"text_{lang}"] for lang in LANGS]
        assert all(texts) and len(set(texts)) == 3, code
        assert re.search("[а-яё]", row["text_ru"]) and re.search("[әғқңөұүһі]", row["text_kk"])
        assert row["applies_to"] in {"towns", "programme", "units"} and row["rule"], code
        # A short form for the printed page, shorter than the text, in each language.
        shorts = [row[f"short_{lang}"] for lang in LANGS]
        assert all(shorts) and len(set(shorts)) == 3, code
        assert all(len(row[f"short_{lang}"]) < len(row[f"text_{lang}"]) for lang in LANGS), code


def test_every_caveat_code_used_is_defined_and_every_code_is_used(caveats, programme):
    towns = read("towns.csv")
    used = {"towns": set(), "programme": set(), "units": set()}
    for t in towns:
        used["towns"] |= set(t["caveats"].split(";")) - {""}
    used["programme"] = {r["flag"] for r in programme} - {""}
    # Units of a layout merged from today's units (2012, 2018) carry the layout's caveat.
    from geo.vintages import VINTAGES

    used["units"] = {code for v in VINTAGES.values() for code in v.unit_caveats}
    for scope, codes in used.items():
        defined = {c for c, r in caveats.items() if r["applies_to"] == scope}
        assert codes == defined, scope


def test_population_series_flags_the_typo_like_values(programme, caveats):
    # Seed KK, figure 1: 1446.3 in 2016 breaks the series; 2017 and 2018 are both 1415.6.
    flagged = {
        r["year"]: (r["value"], r["flag"])
        for r in programme
        if r["series"] == "monotown_population" and r["flag"]
    }
    assert flagged == {
        "2016": ("1446.3", "pop_2016_spike"),
        "2017": ("1415.6", "pop_2017_equals_2018"),
        "2018": ("1415.6", "pop_2017_equals_2018"),
    }
    for code in ("pop_2016_spike", "pop_2017_equals_2018"):
        assert "as printed in the source, likely a typo" in caveats[code]["text_en"].lower()
    assert "1 446.3" in caveats["pop_2016_spike"]["text_en"]


def test_official_count_of_twenty_frames_the_2012_list(programme, caveats):
    count = {
        (r["year"], r["value"])
        for r in programme
        if (r["series"], r["key"]) == ("official_count", "towns")
    }
    # 27 as late as December 2022 (INF22) and September 2023 (INF23), then 20.
    assert count == {("2022", "27"), ("2023", "27"), ("2024", "20"), ("2025", "20")}
    population = sorted(
        r["value"] for r in programme if (r["series"], r["key"]) == ("official_count", "population")
    )
    assert population == ["1.3", "1.4", "1.4", "1.4", "1.5"]
    inf23 = [r for r in programme if r["source"] == "INF23" and r["key"] == "towns"]
    assert len(inf23) == 1 and "1.4 million people live in 27 of them" in inf23[0]["note"]
    assert {
        r["flag"] for r in programme if r["value"] == "27" and r["series"] == "official_count"
    } == {"official_count_27_then_20"}
    # The counts of the 27 must be those of towns.csv.
    status = Counter(t["status_2025"] for t in read("towns.csv"))
    stated = {r["key"]: int(r["value"]) for r in programme if r["series"] == "list_2012_status"}
    assert stated == dict(status) == {"listed": 19, "left": 2, "unconfirmed": 6}
    text = caveats["unconfirmed_vs_official_20"]["text_en"]
    assert "20 monotowns" in text and "19" in text and "Only if" in text
    # The counter-evidence is in the caveat, in every language, with its source.
    assert "1.4 million people live in 27 of them" in text and "11 September 2023" in text
    assert (
        "в 27 из них живут 1,4 миллиона человек" in caveats["unconfirmed_vs_official_20"]["text_ru"]
    )
    assert "27-сінде 1,4 миллион адам" in caveats["unconfirmed_vs_official_20"]["text_kk"]
    assert "INF23" in caveats["unconfirmed_vs_official_20"]["source"].split(";")


def test_list_date_and_programme_decree_are_both_recorded(timeline):
    listed, decree = timeline["list_2012"], timeline["programme_decree_683"]
    assert (listed["date"], listed["date_precision"], listed["source"]) == (
        "2012-03-20",
        "day",
        "SEED_RU",
    )
    assert (decree["date"], decree["date_precision"], decree["source"]) == (
        "2012",
        "year",
        "ADILET-683-KZ",
    )
    for lang in LANGS:
        assert "683" in decree[f"event_{lang}"]
        assert "27" in listed[f"event_{lang}"] and "16,8" in listed[f"event_{lang}"].replace(
            "16.8", "16,8"
        )


# event_id -> (date, source, figures every language must quote exactly)
SEED_FACTS = {
    "definition": ("", "SEED_RU", ["20 %"]),
    "address_2012": ("2012-01-27", "SEED_RU", ["27", "2012"]),
    "forecast_scheme": ("", "SEED_RU", ["2020"]),
    "linked_programmes_2012": ("", "SEED_RU", ["2020"]),
    "directions_2012": ("", "SEED_RU", ["1)", "2)"]),
    "small_towns_2003": ("2003-12-31", "SEED_KK", ["1389", "50", "2004–2006"]),
    "comprehensive_plans_akimats": ("", "SEED_KK", []),
    "network_wear": ("", "SEED_KK", ["10–12 %"]),
    "russia_fund": ("", "SEED_KK", ["5", "1000", "0 %", "5 %", "15"]),
}


@pytest.mark.parametrize("event_id", sorted(SEED_FACTS))
def test_seed_facts_are_in_the_timeline(event_id, timeline):
    date, source, figures = SEED_FACTS[event_id]
    row = timeline[event_id]
    assert (row["date"], row["source"]) == (date, source)
    for lang in LANGS:
        for figure in figures:
            assert figure in row[f"event_{lang}"], (lang, figure)


def test_programme_keeps_the_seed_figures_as_numbers(programme):
    value = {(r["series"], r["key"]): r["value"] for r in programme}
    assert value[("small_towns_2004_2006", "population_max")] == "50"
    assert (value[("network_wear_reduction", "min")], value[("network_wear_reduction", "max")]) == (
        "10",
        "12",
    )
    fund = {k: v for (s, k), v in value.items() if s == "russia_monotown_fund"}
    assert fund == {
        "loan_min": "5",
        "loan_max": "1000",
        "rate_new_initiatives": "0",
        "rate_existing_entrepreneurs": "5",
        "term_max": "15",
    }


DATE_FORMAT = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}",
    "year": r"\d{4}",
    "undated": r"",
}


def test_timeline_rows_are_dated_as_they_say(timeline):
    for event_id, row in timeline.items():
        assert re.fullmatch(DATE_FORMAT[row["date_precision"]], row["date"]), event_id
        assert row["kind"] in {"event", "context"} and row["source"], event_id
        assert (row["kind"] == "context") == (row["date_precision"] == "undated"), event_id
        assert all(row[f"event_{lang}"] for lang in LANGS), event_id


def test_capital_renamings_are_in_the_timeline(timeline):
    assert timeline["capital_nur_sultan"]["date"] == "2019-03-23"
    assert timeline["capital_astana_again"]["date"] == "2022-09-17"


def test_readme_gives_the_chemicals_colour_of_the_sector_table():
    colour = {r["sector"]: r["color"] for r in read("sectors.csv")}["chemicals"]
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert colour in readme and "pale grey" not in readme


def test_inferred_years_are_flagged(programme):
    # The seed prints "about 8 %" after the 2014-2020 series, with no year of its own.
    share = [r for r in programme if r["series"] == "monotown_population_share"]
    assert [r["year"] for r in share] == ["2020?"]
    assert "inferred" in share[0]["note"]


def test_zyryanovsk_rename_keeps_its_doubt(timeline):
    # Kazinform reported the renaming on 27 December 2018; a decree of the 28th is cited too.
    row = timeline["zyryanovsk_renamed"]
    assert (row["date"], row["date_precision"]) == ("2018-12", "month")
    assert {"INF18-ALTAI", "INBUS-ALTAI"} <= set(row["source"].split(";"))
    assert "27 December 2018" in row["note"] and "28 December 2018" in row["note"]
    assert "not established" in row["note"]


def test_tier_split_year_keeps_its_doubt(programme):
    # Neither PM13 nor AT13 prints the year of the meeting that gave the 6 / 19 split.
    assert {r["year"] for r in programme if r["series"] == "tier_split"} == {"2013?"}
