"""monoqala: the map atlas of Kazakhstan's single-industry towns (Streamlit page).

Wiring only: the view and its URL are in ``ui.state``, widgets in ``ui.sidebar``, the map
and table in ``ui.mapview``, panels in ``ui.panels``; data work is in ``geo``, map drawing
in ``layers``.
"""

from __future__ import annotations

import html

import streamlit as st

from geo import describe
from geo.atlas import Atlas, ViewData
from geo.errors import DataError
from geo.i18n import fmt_number, t
from ui import datasets, state
from ui.cache import atlas, view_data, view_table
from ui.criteria import criteria_panel
from ui.errors import data_error_page, failure_page
from ui.mapview import map_panel, town_table
from ui.panels import export_panel, programme_panel, sources_panel
from ui.sidebar import sidebar
from ui.style import map_place_px, page_style
from ui.text import md_escape
from ui.timeline import timeline_panel
from ui.upload import data_panel

# A link can carry many ignored parameters; the notice names this many and counts the rest.
MAX_NOTICES = 5


def notices(lang: str) -> None:
    found = state.notices()
    if not found:
        return
    texts = [n.text(lang) for n in found[:MAX_NOTICES]]
    if len(found) > MAX_NOTICES:
        texts.append(t("notice_more", lang, n=len(found) - MAX_NOTICES))
    st.warning(t("notice", lang) + ": " + md_escape("; ".join(texts)))


def metrics(data: ViewData) -> None:
    lang = data.view.lang
    pop = data.towns["pop_2023_city"]
    c1, c2 = st.columns(2)
    c1.metric(t("metric_towns", lang), fmt_number(len(data.towns), lang))
    missing = int(pop.isna().sum())
    c2.metric(
        t("metric_pop", lang),
        fmt_number(int(pop.sum()) if len(pop) else 0, lang),
        help=t("metric_pop_partial", lang, n=missing) if missing else None,
    )


def page(a: Atlas) -> None:
    page_style()  # first, so that it applies before the map's place is laid out (ui.style)
    state.sync_from_url(a.unit_ids(), a.sector_keys(), datasets.lookup)
    dataset = datasets.resolve_view_dataset()
    view = sidebar(a, dataset)
    lang = view.lang
    state.write_url(view)
    st.title(t("title", lang))
    st.caption(t("subtitle", lang))
    notices(lang)
    datasets.store_problem(lang)
    if dataset is not None:  # user-supplied values never pass for published ones
        st.info(md_escape(dataset.note(lang)), icon="👤")
    data = view_data(view, dataset)
    st.markdown(
        f'<p id="mq-reconcile">{html.escape(describe.reconciliation(data))}</p>',
        unsafe_allow_html=True,
    )
    none = describe.none_units_line(data)  # "…matching the filter" while one is on
    if none:
        st.caption(md_escape(none))
    # The map's place is kept from the first paint, before its frame and the page's style
    # arrive (Streamlit loads their code on demand): a height here, the screen's in page.css.
    with st.container(key="mq-map", height=map_place_px(), border=False):
        map_panel(data, a)
    metrics(data)  # under the map: the map comes first on the screen
    focus = describe.focus_line(data)  # under a filter: "0 matching the filter; 3 in all"
    if focus is not None:
        st.subheader(md_escape(focus))
    town_table(data, view_table(view, dataset))
    data_panel(lang, dataset)
    criteria_panel(lang, dataset)
    export_panel(data, a)
    programme_panel(a.sources, lang)
    timeline_panel(a.sources, lang)
    sources_panel(a, lang)
    st.caption(md_escape(a.attribution(lang)))


def main() -> None:
    st.set_page_config(page_title="monoqala", page_icon="🏭", layout="wide")
    try:
        a = atlas()
    except DataError as exc:
        data_error_page(exc)
        return
    try:
        page(a)
    except Exception as exc:  # one clear message for the reader; the details go to the log
        # (st.rerun and st.stop raise BaseExceptions: they pass through)
        failure_page(exc)


if __name__ == "__main__":
    main()
