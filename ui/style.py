"""The page's own CSS (``page.css`` beside this module): the map's place kept before the
map arrives, and captions that read."""

from __future__ import annotations

import streamlit as st

from layers.browser import browser_file

# px the map's place takes from the first paint until page.css sizes it to the screen: near
# what page.css gives on a phone (88 % of its width) and on a laptop. A phone's browser says
# it is one ("Mobile" in its User-Agent); a wrong guess costs only a small jump.
MAP_PLACE_PX = 600
MAP_PLACE_PHONE_PX = 350


def map_place_px() -> int:
    """The map's height before the page's style arrives, for the reader's kind of screen."""
    agent = st.context.headers.get("User-Agent") or ""
    return MAP_PLACE_PHONE_PX if "Mobile" in agent else MAP_PLACE_PX


def page_style() -> None:
    """Put the page's CSS in; called first, before any other element of the page.

    ``st.html``, not Markdown: Streamlit loads the code that draws an element on demand,
    and its HTML element's code is small (it arrives before the page's headings and the
    map's frame, whose code is larger), where Markdown's is large. A style-only element
    takes no room on the page.
    """
    st.html(f"<style>{browser_file('ui', 'page.css')}</style>")
