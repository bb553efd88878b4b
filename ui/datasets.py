"""Planners' own datasets in the page: the lookup that turns a view's ``data`` id into its
values, and the panel to bring a file, preview it, save it, rename, share and delete it.

Nothing here lists other people's datasets: a dataset is reached through its id (in the
link), and only its owner (signed in) sees a list of their own.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import streamlit as st

from geo.indicators import DEFAULT_INDICATOR
from ui import state
from ui.cache import atlas
from ui.text import md_escape
from userdata.datasets import ViewDataset
from userdata.store import DatasetStore, StoreError, database_url

log = logging.getLogger("monoqala")
STORE_PROBLEM = "store_problem"


@st.cache_resource(show_spinner=False)
def _store(url: str) -> DatasetStore:
    """One store per database per server process."""
    return DatasetStore(url)


def store() -> DatasetStore | None:
    """The dataset store (its URL from the environment, see userdata.store.settings), or None
    and a notice when it cannot be opened."""
    try:
        return _store(database_url().render_as_string(hide_password=False))
    except StoreError as exc:
        log.error("dataset store unavailable: %s", exc)
        st.session_state[STORE_PROBLEM] = exc
        return None


def signed_in_user() -> str | None:
    """The reader's e-mail address when the deployment configures sign-in, else None."""
    try:
        return st.user.email if st.user.is_logged_in else None
    except (AttributeError, KeyError, RuntimeError):
        return None


@st.cache_resource(show_spinner=False, max_entries=32)
def _load(dataset_id: str, sha256: str, name: str, user: str | None) -> ViewDataset | None:
    """A dataset's content, read once per id, checksum and name (and reader)."""
    found = store().get(dataset_id, user)
    if found is None or found.sha256 != sha256:
        return None
    return ViewDataset.from_record(found, set(atlas().towns["town_id"]))


def lookup(dataset_id: str) -> ViewDataset | None:
    """The dataset a view names, if it exists and this reader may see it.

    The store is asked on every run for the dataset's summary (one small query), so a
    deleted or renamed dataset shows as such at once; the content is read only once.
    """
    s = store()
    if s is None:
        return None
    user = signed_in_user()
    try:
        summary = s.summary(dataset_id, user)
        if summary is None:
            return None
        return _load(dataset_id, summary.sha256, summary.name, user)
    except StoreError as exc:
        log.error("dataset %s cannot be read: %s", dataset_id[:6], exc)
        st.session_state[STORE_PROBLEM] = exc
        return None


def resolve_view_dataset() -> ViewDataset | None:
    """The current view's dataset; a view whose dataset is gone falls back to published data."""
    view = state.current()
    if not view.data:
        return None
    dataset = lookup(view.data)
    if dataset is None:
        fallback = replace(view, data=None)
        if fallback.indicator.startswith("data:"):
            fallback = replace(fallback, indicator=DEFAULT_INDICATOR)
        state.set_view(fallback, from_widget=False)
        state.add_notice("data_unknown", value=view.data)
    return dataset


def store_problem(lang: str) -> None:
    problem = st.session_state.pop(STORE_PROBLEM, None)
    if problem is not None:
        st.warning(md_escape(problem.text(lang)))
