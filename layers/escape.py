"""Escaping for every text that came from data or from a user."""

from __future__ import annotations

import html
import re

import pandas as pd

# Direction overrides, isolates and marks: no name in Kazakh, Russian or English needs
# them, and they make text read as something else ("Aksu\u202egnp.exe" shows as
# "Aksuexe.png").
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi(value) -> str:
    """``value`` as text without direction controls (pages, images, Markdown, HTML)."""
    return _BIDI.sub("", str(value))


def esc(value) -> str:
    """HTML-escape any value (quotes too, as texts also go into attributes)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(strip_bidi(value), quote=True)
