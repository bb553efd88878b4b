"""The panels under the map: downloads and embed, the programme's figures, the sources.

Each panel draws its content only when it is open: a page that never exports or opens a
chart does not pay for them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from geo import describe
from geo.atlas import Atlas, ViewData
from geo.i18n import t
from geo.view import View
from ui.cache import VIEW_HASH, chart_specs, programme_table
from ui.expanders import panel
from ui.text import md_escape
from userdata.datasets import ViewDataset


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


def export_file_name(view: View, key: str, layout: str | None) -> str:
    from cli.batch import Job, file_name
    from export.formats import get_format

    return "monoqala_" + file_name(Job(0, view, get_format(key), layout, None))


# The embed is made once per view for the panel: its policy (shown beside the snippets)
# holds the hashes of its code, and the download button gives the very same file.
@st.cache_resource(show_spinner=False, max_entries=32, hash_funcs=VIEW_HASH)
def embed_file(
    _atlas: Atlas, view: View, app_url: str | None, dataset: ViewDataset | None = None
) -> bytes:
    from export.formats import FORMATS, Options

    return FORMATS["html"].render(_atlas, view, Options(app_url=app_url, dataset=dataset))


def export_panel(data: ViewData, atlas: Atlas) -> None:
    """Download buttons for every export format of the view, and the iframe snippet."""
    view, lang = data.view, data.view.lang
    with panel(t("export", lang), "export_open") as box:
        if not box.open:
            return
        # Imported on first use: a page that never exports starts without them.
        from export.embed import iframe_snippet, responsive_snippet
        from export.embed.csp import header
        from export.formats import FORMATS, Options
        from export.links import view_link

        st.caption(t("export_help", lang))
        # The view's dataset travels with every file, as the command line's --data gives it.
        options = Options(app_url=app_url(), generated=date.today(), dataset=data.dataset)
        if view_link(view, options.app_url) is None:
            st.caption(t("export_no_link", lang))
        embed = partial(embed_file, atlas, view, options.app_url, options.dataset)
        columns = st.columns(4)
        for i, fmt in enumerate(FORMATS.values()):
            columns[i % 4].download_button(
                t(fmt.button, lang),
                # A callable: the file is made when the button is pressed, off the rerun.
                data=embed
                if fmt.key == "html"
                else partial(fmt.render, atlas, view, replace(options, layout=fmt.layout)),
                file_name=export_file_name(view, fmt.key, fmt.layout),
                mime=fmt.media_type,
                on_click="ignore",
                key=f"dl_{fmt.key}",
                width="stretch",
            )
        st.caption(t("embed_snippet", lang))
        name, title = export_file_name(view, "html", None), describe.title(data)
        st.caption(t("embed_responsive", lang))
        st.code(responsive_snippet(name, title), language="html", wrap_lines=True)
        st.caption(t("embed_fixed", lang))
        st.code(iframe_snippet(name, title), language="html", wrap_lines=True)
        # The file carries its Content-Security-Policy; a server that sets headers sends it.
        st.caption(t("embed_csp", lang))
        st.code(header(embed().decode("utf-8")), language="http", wrap_lines=True)


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
