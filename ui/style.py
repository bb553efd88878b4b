"""The page's own CSS (``page.css`` beside this module): the map's place kept before the
map arrives, and captions that read."""

from __future__ import annotations

import streamlit as st

from layers.browser import browser_file


def page_style() -> None:
    """Put the page's CSS in; called first, before any other element of the page.

    ``st.html``, not Markdown: Streamlit loads the code that draws an element on demand,
    and its HTML element's code is small (it arrives before the page's headings and the
    map's frame, whose code is larger), where Markdown's is large. A style-only element
    takes no room on the page.
    """
    st.html(f"<style>{browser_file('ui', 'page.css')}</style>")
