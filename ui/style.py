"""The page's own CSS: a header compact enough for the map to fit the screen beside it.

The map's frame takes the screen's height less the header above it (at 1440 × 900 the
whole map and its legend are above the fold); on a phone it takes a height that suits the
country's shape, leaving room above and below to scroll the page past it.
"""

from __future__ import annotations

import streamlit as st

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Pixels the page's header takes above the map on a wide screen (title, subtitle, counts).
HEADER_PX = 250

PAGE_CSS = f"""
[data-testid="stMainBlockContainer"] {{ padding-top: 4rem; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 2rem; padding: 0 0 .2rem; }}
{MAP_FRAME} {{ height: clamp(360px, calc(100vh - {HEADER_PX}px), 900px) !important; }}
@media (max-width: 640px) {{
  [data-testid="stMainBlockContainer"] {{ padding-top: 3.5rem; }}
  [data-testid="stMainBlockContainer"] h1 {{ font-size: 1.6rem; }}
  {MAP_FRAME} {{ height: clamp(280px, 88vw, 62vh) !important; }}
}}
"""


def page_style() -> None:
    """Put the page's CSS in (a style-only element takes no room on the page)."""
    st.html(f"<style>{PAGE_CSS}</style>")
