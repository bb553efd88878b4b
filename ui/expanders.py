"""Panels under the map that stay open, or closed, when the reader changes language."""

from __future__ import annotations

import streamlit as st


def panel(label: str, key: str):
    """An expander that keeps its state across a change of its label.

    Streamlit tells expanders apart by their label as well as their key: the label in
    another language would make a new expander, closed, under the reader's hands. Opening
    it as its key last was keeps the panel as the reader left it. ``box.open`` says whether
    it is open; a closed panel draws nothing.
    """
    return st.expander(label, expanded=st.session_state.get(key, False), key=key, on_change="rerun")
