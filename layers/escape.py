"""Escaping for every text that came from data or from a user."""

from __future__ import annotations

import html

import pandas as pd


def esc(value) -> str:
    """HTML-escape any value (quotes too, as texts also go into attributes)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)
