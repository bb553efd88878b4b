"""Names listed in each language's own alphabetical order: the Kazakh alphabet's 42 letters
in their places (code point order puts Ә, Қ, Ұ, Ү, І… after Я), Ё with Е in Russian; in the
town table, the embed's town list, the unit popups and the legend."""

from __future__ import annotations

import random

import pytest

from export.embed import embed_html
from geo.atlas import compute_view
from geo.collation import collated, sort_key
from geo.describe import none_units_line, town_legend, town_rows
from geo.view import View
from layers.units import unit_features

# The Kazakh Cyrillic alphabet, in its order.
KAZAKH = "А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я"


def test_the_kazakh_alphabet_is_in_its_order():
    letters = KAZAKH.split()
    shuffled = random.Random(7).sample(letters, len(letters))
    assert collated(shuffled, "kk") == letters
    assert sorted(shuffled) != letters  # code point order is not it


@pytest.mark.parametrize(
    ("lang", "words", "expected"),
    [
        ("kk", ["Шу", "Ұзынағаш", "Құлсары", "Кентау"], ["Кентау", "Құлсары", "Ұзынағаш", "Шу"]),
        ("kk", ["Іле", "Ырғыз", "Ивановка"], ["Ивановка", "Ырғыз", "Іле"]),
        ("ru", ["Жук", "Ехать", "Ёж", "Еда"], ["Еда", "Ёж", "Ехать", "Жук"]),
        ("en", ["zhanaozen", "Abai", "Ekibastuz"], ["Abai", "Ekibastuz", "zhanaozen"]),
    ],
)  # fmt: skip
def test_words_sort_as_their_language_reads(lang, words, expected):
    assert sorted(words, key=lambda w: sort_key(w, lang)) == expected


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_town_table_and_legend_are_in_alphabetical_order(atlas, lang):
    data = compute_view(atlas, View(lang=lang))
    names = list(town_rows(data, atlas)["name"])
    assert len(names) == 27 and names == collated(names, lang)
    sectors = [text for text, _ in town_legend(data, atlas)]
    assert sectors == collated(sectors, lang)


def test_kazakh_town_table_puts_qa_after_ka(atlas):
    names = list(town_rows(compute_view(atlas, View(lang="kk")), atlas)["name"])
    # Қаражал after Курчатов, before Лисаков: Қ is its own letter after К.
    assert names.index("Курчатов") < names.index("Қаражал") < names.index("Лисаков")
    assert names.index("Саран") < names.index("Сәтбаев") < names.index("Серебрянск")


def test_embed_town_list_is_in_alphabetical_order(atlas):
    page = embed_html(atlas, View(lang="kk", vintage="2022", unit="KZ-35"))
    listed = page[page.index('id="mq-towns"') :]
    names = ["Абай", "Балқаш", "Саран", "Теміртау", "Шахтинск"]
    places = [listed.index(f"</i>{name}</button>") for name in names]
    assert places == sorted(places)


def test_unit_popup_lists_its_towns_in_alphabetical_order(atlas):
    data = compute_view(atlas, View(lang="kk", vintage="2012"))
    names = dict(zip(atlas.towns["town_id"], atlas.towns["name_kk"], strict=True))
    karaganda = next(
        f
        for f in unit_features(data.units, data.indicator, "kk", names)
        if f["properties"]["id"] == "KZ-35"
    )
    listed = karaganda["properties"]["p"].split(": ", 1)[1].split(", ")
    assert listed == collated(listed, "kk") and len(listed) == 8


def test_units_without_towns_are_named_in_alphabetical_order(atlas):
    line = none_units_line(
        compute_view(atlas, View(lang="kk", filters=(("sector", frozenset({"coal"})),)))
    )
    named = line.split(": ", 1)[1].split(", ")
    assert len(named) > 5 and named == collated(named, "kk")
