"""Briefings keep their words as words: every word drawn on a PDF page is text a reader can
search and copy (town and unit names included), in kk, ru and en; and no direction
override from a planner's header or dataset name reorders a PNG's or PDF's text."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import matplotlib
import pypdf
import pytest
from matplotlib.text import Text

from export.page.static_map import RC, draw, pdf_bytes
from geo.view import View
from userdata.datasets import ViewDataset
from userdata.read.content import ContentColumn, DatasetContent, TownRecord

TEMIRTAU = {"kk": "Теміртау", "ru": "Темиртау", "en": "Temirtau"}
KARAGANDA = {"kk": "Қарағанды облысы", "ru": "Карагандинская область", "en": "Karaganda Region"}
VIEWS = {
    "country": View(vintage="2012"),
    "unit": View(vintage="2022", unit="KZ-35"),
    "rate, A4 band": View(vintage="2022", indicator="pop_share_2023"),
}


def pdf_text(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def drawn_words(figure) -> set[str]:
    """Every word of every visible text the page draws."""
    return {
        word
        for text in figure.findobj(Text)
        if text.get_visible()
        for word in text.get_text().split()
    }


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_town_and_unit_names_are_searchable_in_the_pdf(atlas, lang):
    text = pdf_text(pdf_bytes(atlas, View(vintage="2012", lang=lang)))
    assert TEMIRTAU[lang] in text
    assert KARAGANDA[lang] in text


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("case", list(VIEWS))
def test_every_word_on_the_page_is_text_in_the_pdf(atlas, lang, case):
    view = replace(VIEWS[case], lang=lang)
    page = draw(atlas, view, "A4", app_url="https://atlas.example.kz/")
    buf = io.BytesIO()
    with matplotlib.rc_context(RC):
        page.figure.savefig(buf, format="pdf")
    text = pdf_text(buf.getvalue())
    words = drawn_words(page.figure)
    assert len(words) > 80  # title, legend, labels, footer, link
    # Labels side by side on one line come out joined ("АксуСтепногорск"): each word is
    # still found by a search, which is what a reader does.
    assert [w for w in sorted(words) if w not in text] == []


def one_column_dataset(header: str, name: str) -> ViewDataset:
    """A planner's dataset of one numeric column ``share`` (Temirtau: 5 %)."""
    column = ContentColumn("share", header, "numeric", "%", "mean")
    towns = {"temirtau": TownRecord(None, None, {"share": 5.0})}
    return ViewDataset(
        "A" * 24,
        name,
        "tiers.csv",
        datetime(2025, 1, 1, tzinfo=UTC),
        "0" * 64,
        DatasetContent(columns=(column,), towns=towns),
    )


def hostile_dataset() -> ViewDataset:
    """A planner's dataset whose column header and name hide a right-to-left override."""
    return one_column_dataset("Aksu\u202egnp.exe %", "Tiers\u202e2013")


def test_a_direction_override_never_reaches_the_page(atlas):
    dataset = hostile_dataset()
    view = View(lang="en", indicator="data:share", data=dataset.dataset_id)
    page = draw(atlas, view, "16:9", dataset=dataset)
    texts = [t.get_text() for t in page.figure.findobj(Text)]
    assert any("Aksugnp.exe %" in t for t in texts)  # the title and the legend heading
    assert any("Tiers2013" in t for t in texts)  # the subtitle's dataset line
    assert not [t for t in texts if "\u202e" in t]
    pdf = pdf_bytes(atlas, view, dataset=dataset)
    assert "\u202e" not in pdf_text(pdf)
    assert "\u202e" not in pypdf.PdfReader(io.BytesIO(pdf)).metadata.title


@pytest.mark.parametrize("layout", ["16:9", "A4"])
def test_a_long_planners_heading_stays_on_the_page(atlas, layout):
    """Legend headings wrap by their measured width, not by a count of characters."""
    header = "Жұмыссыздық деңгейі жастар арасында, әкімдік деректері, %"
    dataset = one_column_dataset(header, "Әкімдік")
    view = View(lang="kk", indicator="data:share", data=dataset.dataset_id)
    page = draw(atlas, view, layout, dpi=60, dataset=dataset)
    renderer = page.figure.canvas.get_renderer()
    width = page.figure.bbox.width
    beyond = [
        t.get_text()
        for t in page.figure.findobj(Text)
        if t.get_text().strip() and t.get_window_extent(renderer).x1 > width + 1
    ]
    assert beyond == []
