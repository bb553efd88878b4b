"""The panels under the map: downloads and embed, the programme's figures, the sources.

Each panel draws its content only when it is open: a page that never exports or opens a
chart does not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from functools import partial
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from export.formats import FORMATS, Format, Options, export_file_name, get_format
from geo import describe
from geo.atlas import Atlas, ViewData
from geo.i18n import t
from geo.view import View
from ui.cache import VIEW_HASH, chart_specs, programme_table
from ui.expanders import panel
from ui.text import md_escape

BUTTONS_PER_ROW = 4
# Options are told apart by their fields (a dataset by its id, checksum and name).
FILE_HASH = {**VIEW_HASH, Options: lambda o: tuple(getattr(o, f.name) for f in fields(o))}


def app_url() -> str | None:
    """The app's address for the link printed on exports: the one the reader opened it at,
    when readers elsewhere could open it too (not ``localhost``); else ``None``, and the
    exports take ``$MONOQALA_APP_URL`` or print no link."""
    from export.links import is_public

    url = st.context.url
    if not is_public(url):
        return None
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))


def public_page(view: View) -> str:
    """The view's public page (``/view``): beside the app the reader opened, else relative."""
    from web.links import public_page_url, public_path

    here = st.context.url or ""
    parts = urlsplit(here)
    if parts.scheme in ("http", "https") and parts.netloc:
        return public_page_url(here, view)
    return public_path("view", view)


# A file the panel shows part of (an embed's snippets, its policy) is made once per view
# and format, in the rerun, and its download button gives the very same bytes; the other
# files are made when their button is pressed.
@st.cache_resource(show_spinner=False, max_entries=32, hash_funcs=FILE_HASH)
def shown_file(_atlas: Atlas, view: View, key: str, options: Options) -> bytes:
    return get_format(key).render(_atlas, view, options)


def shows_part(fmt: Format) -> bool:
    """Whether the panel shows something of the file besides its button."""
    return fmt.embeddable or fmt.policy is not None


def _file(atlas: Atlas, view: View, fmt: Format, options: Options) -> Callable[[], bytes]:
    """The file of a download button, made when called (for the cached ones: looked up)."""
    own = fmt.options_for(options)  # only what the format takes: one cache entry per file
    if shows_part(fmt):
        return partial(shown_file, atlas, view, fmt.key, own)
    return partial(fmt.render, atlas, view, own)


def _rows(formats: list[Format]) -> list[list[Format]]:
    """The download buttons in rows: a phone stacks each row's columns, so the buttons
    keep the registry's order there too (one set of columns would stack column-wise)."""
    return [formats[i : i + BUTTONS_PER_ROW] for i in range(0, len(formats), BUTTONS_PER_ROW)]


def export_panel(data: ViewData, atlas: Atlas) -> None:
    """Download buttons for every export format of the view; for a format that can be
    embedded, its iframe snippets; for one that carries a policy, the header to send."""
    view, lang = data.view, data.view.lang
    with panel(t("export", lang), "export_open") as box:
        if not box.open:
            return
        # Imported on first use: a page that never exports starts without them.
        from export.embed import iframe_snippet, responsive_snippet
        from export.links import view_link

        st.caption(t("export_help", lang))
        # Readers who only read get the same view as a light page, cacheable, without scripts.
        st.markdown(f"[{md_escape(t('public_page_link', lang))}]({public_page(view)})")
        st.caption(t("public_page_link_help", lang))
        # The view's dataset travels with every file, as the command line's --data gives it;
        # its id (which opens it) goes into the files' links only if the planner says so.
        link_data = data.dataset is not None and st.checkbox(
            t("export_link_data", lang), key="dl_link_data", help=t("export_link_data_help", lang)
        )
        if link_data:
            st.caption(t("export_link_data_on", lang))
        options = Options(
            app_url=app_url(), generated=date.today(), dataset=data.dataset, link_data=link_data
        )
        if view_link(view, options.app_url) is None:
            st.caption(t("export_no_link", lang))
        for row in _rows(list(FORMATS.values())):
            for fmt, column in zip(row, st.columns(BUTTONS_PER_ROW), strict=False):
                column.download_button(
                    t(fmt.button, lang),
                    # A callable: the file is made when the button is pressed, off the rerun.
                    data=_file(atlas, view, fmt, options),
                    file_name=export_file_name(view, fmt),
                    mime=fmt.media_type,
                    on_click="ignore",
                    key=f"dl_{fmt.key}",
                    width="stretch",
                )
        title = describe.title(data)
        for fmt in filter(shows_part, FORMATS.values()):
            if fmt.embeddable:
                name = export_file_name(view, fmt)
                st.caption(t("embed_snippet", lang))
                st.caption(t("embed_responsive", lang))
                st.code(responsive_snippet(name, title), language="html", wrap_lines=True)
                st.caption(t("embed_fixed", lang))
                st.code(iframe_snippet(name, title), language="html", wrap_lines=True)
            if fmt.policy is not None:
                # The file carries its policy; a server that sets headers sends it too.
                st.caption(t("embed_csp", lang))
                policy = fmt.policy(_file(atlas, view, fmt, options)())
                st.code(policy, language="http", wrap_lines=True)


def programme_panel(sources: pd.DataFrame, lang: str) -> None:
    """The seeds' programme figures as charts, each with its source; drawn only when open."""
    with panel(t("programme", lang), "programme_open") as box:
        if not box.open:
            return
        programme = programme_table()
        population, anchors, funding = chart_specs(lang)
        c1, c2 = st.columns(2)
        c1.vega_lite_chart(population, width="stretch")
        c2.vega_lite_chart(anchors, width="stretch")
        st.vega_lite_chart(funding, width="stretch")
        st.caption(t("chart_doubt_note", lang))
        st.caption(t("tier_split", lang))
        keys = sorted({k for cell in programme["source"] for k in cell.split(";") if k})
        titles = sources.set_index("key")["title"]
        cited = "; ".join(f"{k}: {titles.get(k, k)}" for k in keys)
        st.caption(md_escape(f"{t('programme_sources', lang)} — {cited}"))


SOURCE_COLUMNS = {
    "key": "src_key",
    "title": "src_title",
    "publisher": "src_publisher",
    "year": "src_year",
    "url_or_ref": "src_ref",
    "kind": "src_kind",
}


def sources_panel(atlas: Atlas, lang: str) -> None:
    with panel(t("sources", lang), "sources_open") as box:
        if not box.open:
            return
        shown = [c for c in SOURCE_COLUMNS if c in atlas.sources.columns]
        table = atlas.sources.loc[:, shown].rename(
            columns={k: t(v, lang) for k, v in SOURCE_COLUMNS.items()}
        )
        st.dataframe(table, hide_index=True, width="stretch")
