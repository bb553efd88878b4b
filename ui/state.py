"""The page's view state: one :class:`View` per session, kept in step with the URL.

The view is the single source of truth. It is read from the URL on a session's first run
and whenever the URL changes from outside the page (Back, Forward, an edited address);
widgets only propose changes to it through their callbacks, and the page writes it back
to the URL at the end of every run.

Widgets are keyed by name, language and a generation number. When the view changes from
outside the widgets (the URL, a click on the map), the generation moves on and every
widget is made afresh from the view; when the language changes, the widgets of the new
language are made afresh too, so no widget ever shows a label or a value of another
language or view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from geo.view import Notice, View, dataset_choices, from_params, requested_dataset, to_params
from userdata.datasets import ViewDataset

VIEW, WRITTEN, GEN, NOTICES, PICKED = "view", "url_written", "widget_gen", "notices", "picked_town"


def _url_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def _as_lists(params: dict[str, str]) -> dict[str, list[str]]:
    return {k: [v] for k, v in params.items()}


def sync_from_url(
    units_of: dict[str, set[str]],
    sectors: set[str],
    lookup: Callable[[str], ViewDataset | None] = lambda dataset_id: None,
) -> View:
    """The session's view; re-read from the URL when the URL changed outside the page.

    A link's ``data`` id is looked up first: the dataset's columns are indicators the
    link may name (``ind=data:…``); an id that names no dataset is a notice.
    """
    url = _url_params()
    if VIEW not in st.session_state or url != st.session_state.get(WRITTEN):
        wanted = requested_dataset(url)
        dataset = lookup(wanted) if wanted else None
        extra = dataset_choices(dataset)
        if wanted and dataset is None:
            url = {k: v for k, v in url.items() if k != "data"}
        parsed = from_params(url, units_of, sectors, extra)
        if wanted and dataset is None:
            parsed.notices.append(Notice.of("data_unknown", value=wanted))
        st.session_state[VIEW] = parsed.view
        st.session_state[NOTICES] = parsed.notices
        st.session_state[GEN] = st.session_state.get(GEN, 0) + 1
        st.session_state.pop(PICKED, None)
    return st.session_state[VIEW]


def current() -> View:
    return st.session_state[VIEW]


def notices() -> list[Notice]:
    return st.session_state.get(NOTICES, [])


def add_notice(kind: str, **args: str) -> None:
    """Tell the reader something about the view that the page changed for them."""
    st.session_state[NOTICES] = [*notices(), Notice.of(kind, **args)]


def set_view(view: View, *, from_widget: bool) -> None:
    """Change the view. A widget's own change keeps the widgets; any other change (a map
    click, a table pick) makes them afresh so they show it. The URL's notices are about
    the link the reader opened: once the reader changes the view they no longer apply."""
    if view != st.session_state.get(VIEW):
        st.session_state[NOTICES] = []
    st.session_state[VIEW] = view
    if not from_widget:
        st.session_state[GEN] = st.session_state.get(GEN, 0) + 1


def update(**changes) -> None:
    """Set attributes of the view from a widget's callback."""
    set_view(replace(current(), **changes), from_widget=True)


def widget_key(name: str, lang: str) -> str:
    """The key of a view widget in this language and generation (see the module's notes)."""
    return f"{name}:{lang}:{st.session_state.get(GEN, 0)}"


def widget_name(key) -> str:
    """The view attribute a widget key is for (``"f_status:en:3"`` -> ``"f_status"``)."""
    return str(key).split(":")[0]


def write_url(view: View) -> None:
    """Put the view into the URL (Streamlit adds a history entry when it changes)."""
    params = to_params(view)
    st.session_state[WRITTEN] = _as_lists(params)
    if _url_params() != st.session_state[WRITTEN]:
        st.query_params.from_dict(params)
