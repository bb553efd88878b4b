"""Embeds: one self-contained HTML file per view that opens from disk with no network.

The map is :func:`layers.compose.view_map` (Leaflet inlined as ``<script>`` and ``<style>``
blocks); around it the page adds a heading, a text summary (also the map's ``aria-label``),
a keyboard-reachable list of the towns that opens their popups, a table of the towns, and
the attribution. Every text from data or from a user goes through :func:`layers.escape.esc`.

The page runs under a strict Content-Security-Policy that it carries itself
(:mod:`export.embed.csp`): every script and style is an inline block allowed by its hash;
no ``style=""`` attribute, no event handler attribute, nothing fetched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urlparse

import pandas as pd

from export.embed.csp import with_policy
from export.links import link_label, view_link
from geo import describe
from geo.atlas import Atlas, compute_view
from geo.describe import SuppliedField, supplied_fields, town_rows
from geo.i18n import fmt_number, t
from geo.supplied import Supplied
from geo.view import View
from layers.basemap import inline_leaflet
from layers.browser import browser_file
from layers.compose import layer_set, view_map
from layers.escape import esc
from layers.style import colour_class, colour_css

# px of a fixed-height iframe (for hosts that allow no script): at a 700 px column it holds
# the map, the town list and the footer; the table opens inside it. The responsive snippet
# sizes the iframe to the page instead (the page posts its height, see page.js; the host
# page's listener, host.js, keeps it within bounds).
DEFAULT_HEIGHT = 1200
# folium's viewport forbids zooming the page, which people with low vision need.
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*user-scalable=no[^>]*>', re.S)
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def _number_elements(root) -> None:
    """Give every element of the map a sequential id instead of a random one.

    folium names each element with 32 random hex digits; numbered ids make the same view
    give the same file, which keeps embeds diffable and cacheable.
    """
    queue, n = [root], 0
    while queue:
        element = queue.pop(0)
        element._id = f"mq{n}"
        n += 1
        queue.extend(element._children.values())


def _split(page: str) -> tuple[str, str, str]:
    """folium's page as (head content, body content, scripts after the body)."""
    head_start = page.index("<head>") + len("<head>")
    head_end = page.index("</head>")
    body_start = page.index("<body>") + len("<body>")
    body_end = page.rindex("</body>")
    scripts = page[body_end + len("</body>") : page.rindex("</html>")]
    return page[head_start:head_end], page[body_start:body_end], scripts


def _town_list(rows: pd.DataFrame, lang: str, map_id: str) -> str:
    if rows.empty:
        return f"<p>{esc(t('no_towns', lang))}</p>"
    items = "".join(
        f'<li><button type="button" data-town="{esc(r.town_id)}" aria-controls="{esc(map_id)}">'
        f'<i class="mq-dot {colour_class(r.colour)}" aria-hidden="true"></i>'
        f"{esc(r.name)}</button></li>"
        for r in rows.itertuples()
    )
    return f"<ul>{items}</ul>"


def _table(rows: pd.DataFrame, lang: str, supplied: Sequence[SuppliedField] = ()) -> str:
    """The towns as a table; a planner's values in columns of their own, marked as theirs."""
    head = "".join(
        f'<th scope="col">{esc(text)}</th>'
        for text in (
            t("name", lang),
            t("unit", lang),
            t("population_city", lang),
            t("sector", lang),
            t("status", lang),
            *(f.header for f in supplied),
        )
    )

    def user_cells(r: dict) -> str:
        return "".join(
            f"<td>{esc(f.text(r[f.key], lang) if f.kind == 'number' else r[f.key])}</td>"
            for f in supplied
        )

    body = "".join(
        f'<tr><th scope="row">{esc(r["name"])}</th><td>{esc(r["unit"])}</td>'
        f'<td class="mq-num">{esc(_population(r["pop"], lang))}</td>'
        f"<td>{esc(r['sector'])}</td><td>{esc(r['status'])}</td>{user_cells(r)}</tr>"
        for r in rows.to_dict("records")
    )
    return (
        f"<table><caption>{esc(t('table_title', lang))}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _population(value, lang: str) -> str:
    return t("not_published", lang) if pd.isna(value) else fmt_number(value, lang)


def embed_html(
    atlas: Atlas,
    view: View,
    app_url: str | None = None,
    dataset: Supplied | None = None,
    link_data: bool = False,
) -> str:
    """A self-contained HTML page of ``view`` for an iframe or a file on disk.

    Parameters
    ----------
    atlas : Atlas
        The loaded atlas.
    view : View
        What to show. Tiles are never drawn: a public page would send every reader's
        address to the tile server; the "open in the atlas" link keeps them on.
    app_url : str, optional
        The app's address for the "open in the atlas" link.
    dataset : Supplied, optional
        The planner's dataset the view names (``view.data``).
    link_data : bool
        Put the dataset's id into the link (it opens the private dataset).
    """
    link, label = view_link(view, app_url, link_data), link_label(view, link_data)
    view = replace(view, tiles=False)
    data = compute_view(atlas, view, dataset)
    lang = view.lang
    layers = layer_set(data, atlas)
    m = view_map(data, atlas, layers=layers)
    inline_leaflet(m)
    root = m.get_root()
    _number_elements(root)
    head, map_body, scripts = _split(root.render())
    head = _FOLIUM_VIEWPORT.sub("", head)
    rows = town_rows(data, atlas)
    supplied = supplied_fields(data.towns, data.dataset, lang)
    summary = describe.alt_text(data, atlas)
    map_id = m.get_name()
    subtitle = "<br>".join(esc(line) for line in describe.subtitle(data, atlas))
    legend = layers.legend  # already escaped, the same classes as the map's
    title = esc(describe.title(data))
    towns = _town_list(rows, lang, map_id)
    # One rule per colour the legend and the list use (the map's legend takes them too).
    page_css = browser_file("export.embed", "page.css") + colour_css([legend, towns])
    parts = [
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">',
        VIEWPORT,
        f"<title>{title} · monoqala</title>",
        head,
        f"<style>{page_css}</style>\n</head>\n<body>",
        # Leaflet makes every shape focusable: without this link a keyboard user tabs
        # through each unit and town before reaching the list.
        f'<a class="mq-skip" href="#mq-towns">{esc(t("skip_map", lang))}</a>',
        f'<main class="mq-page">\n<h1>{title}</h1>',
        f'<p class="mq-sub">{subtitle}</p>',
        f'<div class="mq-map" role="region" aria-label="{esc(summary)}">{map_body}</div>',
        f'<p id="mq-summary" class="mq-summary">{esc(summary)}</p>',
        f'<div class="mq-legend-below">{legend}</div>',
        '<section id="mq-towns" class="mq-towns" tabindex="-1" aria-labelledby="mq-towns-h">',
        f'<h2 id="mq-towns-h">{esc(t("town_list", lang))}</h2>',
        f'<p class="mq-help">{esc(t("town_list_help", lang))}</p>',
        towns,
        '<p id="mq-picked" class="mq-picked" aria-live="polite"></p>\n</section>',
        f'<details class="mq-table"><summary>{esc(t("table_summary", lang))}</summary>'
        f'<div class="mq-table-wrap">{_table(rows, lang, supplied)}</div></details>',
        f'<footer class="mq-foot"><p>{esc(atlas.attribution(lang))} · '
        f"{esc(t('data_date', lang))}</p>",
        # No link without the app's public address: a localhost link opens nothing.
        (
            f'<p><a href="{esc(link)}" target="_blank" rel="noopener noreferrer">'
            f"{esc(label)}</a></p>"
            if link
            else ""
        )
        + "</footer>\n</main>",
        scripts,
        f"<script>{browser_file('export.embed', 'page.js')}</script>\n</body>\n</html>\n",
    ]
    return with_policy("\n".join(parts))


# What an embed may do in its iframe: run its own scripts (the map), open the atlas in a
# new tab (allow-popups) that is an ordinary page again (allow-popups-to-escape-sandbox:
# the app needs its own origin to run), and post its height (postMessage needs no flag).
# Not allow-same-origin: the embed then runs in an opaque origin, so even a file served
# from the host's own site cannot read the host page, its cookies or its storage (scripts
# and same origin together could lift the sandbox itself); it needs neither storage nor
# cookies. Not allow-top-navigation (of any kind): nothing in it can navigate the host page.
# No allow-forms, allow-modals or allow-downloads: it has no forms, dialogs or downloads.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


def iframe_snippet(url: str, title: str, height: int = DEFAULT_HEIGHT) -> str:
    """The ``<iframe>`` to paste into a web page that shows an embed at ``url``, at a fixed
    height (for hosts that allow no script; what does not fit scrolls inside it), sandboxed
    (:data:`SANDBOX`) and loaded when the reader scrolls near it.

    Only http(s) and relative addresses are accepted: a ``javascript:`` or ``data:`` source
    would run in the host page's reader's browser.
    """
    scheme = urlparse(url).scheme.lower()
    if scheme not in ("", "http", "https"):
        raise ValueError(f"iframe source must be an http(s) or relative URL, not {scheme}:")
    height = int(height)
    if height <= 0:
        raise ValueError(f"iframe height must be a positive number of pixels, not {height}")
    return (
        f'<iframe src="{esc(url)}" title="{esc(title)}" width="100%" height="{height}" '
        f'sandbox="{SANDBOX}" loading="lazy" style="border:0;max-width:100%"></iframe>'
    )


# The host page's half of the responsive embed (host.js): it takes a height only from the
# iframe it belongs to and keeps it within bounds.
def host_listener() -> str:
    """The ``<script>`` a host page pastes beside a responsive embed's iframe."""
    return f"<script>\n{browser_file('export.embed', 'host.js')}</script>"


def responsive_snippet(url: str, title: str, height: int = DEFAULT_HEIGHT) -> str:
    """The iframe and a small script for the host page: the embed posts its height and the
    iframe takes it, so no part of it is cut or left blank at any column width. Without
    the script (a host that strips it) the iframe keeps ``height``."""
    frame = iframe_snippet(url, title, height).replace("<iframe ", "<iframe data-monoqala ", 1)
    return f"{frame}\n{host_listener()}"
