"""The page's own CSS (``page.css`` beside this module): a header compact enough for the
map to fit the screen beside it, and the map's place kept before the map arrives."""

from __future__ import annotations

import streamlit as st

from layers.browser import browser_file

# The container holding the style; page.css hides it, so it takes no room on the page.
STYLE_KEY = "mq-style"


def page_style() -> None:
    """Put the page's CSS in, first thing on the page.

    Through Markdown, not ``st.html``: Streamlit loads its HTML element's code on demand,
    after the page's first elements are laid out, and the page would jump when the style
    applies. Markdown is drawn with them.
    """
    with st.container(key=STYLE_KEY):
        st.markdown(f"<style>{browser_file('ui', 'page.css')}</style>", unsafe_allow_html=True)
