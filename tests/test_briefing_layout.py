"""Briefing pages use their paper: the national A4 page leaves no blank band under the map,
titles name the country, and a page without the app's public address prints no link."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from export.links import APP_URL_ENV
from export.page.static_map import pdf_bytes, png_bytes
from geo.view import View
from tests.browser.harness import ARTIFACTS

LOW_DPI = 50


def blank_band(png: bytes) -> float:
    """The tallest run of all-white rows between the header and the footer, as a share of
    the page's height (the top and bottom margins are not counted)."""
    rows = np.asarray(Image.open(io.BytesIO(png)).convert("L")).min(axis=1)
    inked = np.flatnonzero(rows < 250)
    gaps = np.diff(inked)
    return float(gaps.max() / len(rows)) if len(gaps) else 1.0


@pytest.mark.parametrize("layout", ["A4", "16:9"])
def test_the_country_page_leaves_no_blank_band(atlas, layout):
    png = png_bytes(atlas, View(lang="ru"), layout, dpi=LOW_DPI)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"briefing_{layout.replace(':', 'x')}_ru.png").write_bytes(png)
    assert blank_band(png) < 0.08


def pdf_title(pdf: bytes) -> str:
    """The document title matplotlib writes (UTF-16 hex for text beyond ASCII)."""
    match = re.search(rb"/Title\s*(<[0-9A-Fa-f]+>|\((?:[^()\\]|\\.)*\))", pdf)
    assert match, "no /Title in the PDF"
    raw = match.group(1)
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
    else:  # a literal string: undo its backslash escapes
        escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

        def unescape(m: re.Match) -> bytes:
            code = m.group(1)
            if code[:1].isdigit():
                return bytes([int(code, 8)])
            return escapes.get(code, code)

        data = re.sub(rb"\\([0-7]{1,3}|.)", unescape, raw[1:-1], flags=re.S)
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be")
    return data.decode("latin-1")


@pytest.mark.parametrize(("lang", "country"), [("en", "Kazakhstan"), ("kk", "Қазақстан")])
def test_pdf_title_names_the_country_and_prints_no_dead_link(atlas, monkeypatch, lang, country):
    monkeypatch.delenv(APP_URL_ENV, raising=False)
    pdf = pdf_bytes(atlas, View(lang=lang))
    assert pdf_title(pdf).startswith(f"{country} — ")
    assert b"localhost" not in pdf and b"/URI" not in pdf
    monkeypatch.setenv(APP_URL_ENV, "https://atlas.example.kz/")
    assert b"/URI (https://atlas.example.kz/?v=2012" in pdf_bytes(atlas, View(lang=lang))
