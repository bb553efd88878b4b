"""The public page of a view (``/view``): the embed's page, with what a reader also needs.

The map, title, subtitle, text summary, legend, town list and table are the embed's
(:func:`export.embed.embed_html`, the very page ``/embed`` serves), so the two never
disagree. Around them the page adds a bar with the languages and the link into the
planners' atlas, the units with their counts and the "no monotowns" line, the towns'
caveats, a form that changes the view with scripts off, the download links and the
sources. Without scripts the map is the briefing image (``/view.png``) instead.

The embed's page is taken apart at a few fixed landmarks (:data:`ANCHORS`); a page that
lacks one is refused (:class:`PageError`) rather than served half-made. Every address on
the page is relative, so it works under any base path the server is given.
"""

from __future__ import annotations

import importlib.resources
import re
from dataclasses import replace
from functools import cache

import pandas as pd

from export.data.metadata import source_keys
from export.embed.csp import source_hash
from geo import describe
from geo.atlas import Atlas, ViewData
from geo.i18n import LANGUAGES, col, fmt_number, t
from geo.view import View
from layers.escape import esc
from web.links import APP, files, public_path
from web.viewform import view_form

_META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
# Where the page's own parts go into the embed's page (each must occur exactly once).
ANCHORS = {
    "head_end": "</head>",
    "main": '<main class="mq-page">',
    "summary": '<p id="mq-summary"',
    "footer": '<footer class="mq-foot">',
}
# Without scripts the Leaflet map stays empty: the image takes its place; the town list's
# buttons (which open a town on the map) stay as a list of names, without the help line.
NOSCRIPT_CSS = ".mq-page .mq-map, #mq-towns .mq-help { display: none; }"
NOSCRIPT_HEAD = f"<noscript><style>{NOSCRIPT_CSS}</style></noscript>"


class PageError(RuntimeError):
    """The embed's page lacks a landmark the public page is built around."""


@cache
def stylesheet() -> str:
    """The public page's own style (``web/view.css``)."""
    return importlib.resources.files("web").joinpath("view.css").read_text(encoding="utf-8")


def _header(view: View, query: str, private: bool) -> str:
    lang = view.lang
    links = []
    for key, language in LANGUAGES.items():
        href = esc(public_path("view", replace(view, lang=key)))
        current = ' aria-current="page"' if key == lang else ""
        links.append(
            f'<li><a href="{href}" hreflang="{esc(key)}" lang="{esc(key)}"{current}>'
            f"{esc(language.name)}</a></li>"
        )
    atlas_link = esc(f"{APP}?{query}" if query else APP)
    notice = (
        f'<p class="mqp-private" role="note">{esc(t("public_dataset_private", lang))}</p>'
        if private
        else ""
    )
    return (
        '<header class="mqp-bar"><div class="mqp-bar-in">'
        '<span class="mqp-brand">monoqala</span>'
        f'<nav aria-label="{esc(t("public_languages", lang))}"><ul class="mqp-langs">'
        f"{''.join(links)}</ul></nav>"
        f'<a class="mqp-atlas" href="{atlas_link}">{esc(t("public_open_atlas", lang))}</a>'
        f"</div>{notice}</header>"
    )


def _units(data: ViewData) -> str:
    """Every unit with its value and count of monotowns, and the "no monotowns" line."""
    lang, indicator = data.view.lang, data.indicator
    units = data.units
    values = pd.to_numeric(units[indicator.column], errors="coerce")
    order = (
        pd.DataFrame({"v": values, "name": units[col("name", lang)].astype(str)})
        .sort_values(["v", "name"], ascending=[False, True], na_position="last")
        .index
    )
    count_only = indicator.kind == "count"
    head = f'<th scope="col">{esc(t("unit", lang))}</th>'
    if not count_only:
        head += f'<th scope="col">{esc(indicator.label(lang))}</th>'
    head += f'<th scope="col">{esc(t("public_col_towns", lang))}</th>'
    names, counts = list(units[col("name", lang)]), list(units["n_towns"])
    raw = list(units[indicator.column])
    positions = {label: k for k, label in enumerate(units.index)}
    rows = []
    for i in order:
        k = positions[i]
        cells = f'<th scope="row">{esc(names[k])}</th>'
        if not count_only:
            value = describe.indicator_value(raw[k], data)
            cells += f'<td class="mq-num">{esc(value)}</td>'
        cells += f'<td class="mq-num">{esc(fmt_number(int(counts[k]), lang))}</td>'
        rows.append(f"<tr>{cells}</tr>")
    caption_key = "public_units_caption_count" if count_only else "public_units_caption"
    caption = t(caption_key, lang, vintage=describe.vintage_label(data.view))
    none = describe.none_units_line(data)
    return (
        '<section class="mqp-sec" aria-labelledby="mq-units-h">'
        f'<h2 id="mq-units-h">{esc(t("public_units_h", lang))}</h2>'
        f'<div class="mq-table-wrap"><table class="mqp-units"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        + (f'<p class="mqp-none">{esc(none)}</p>' if none else "")
        + "</section>"
    )


def _caveats(data: ViewData, atlas: Atlas) -> str:
    """Each caveat of the towns shown, once, with the towns it concerns; and whose data a
    planner's values are."""
    lang = data.view.lang
    towns = data.towns
    cells = towns["caveats"] if "caveats" in towns.columns else [""] * len(towns)
    concerned: dict[str, list[str]] = {}
    for name, cell in zip(towns[col("name", lang)], cells, strict=True):
        for code in str(cell or "").split(";"):
            concerned.setdefault(code, []).append(str(name))
    items = []
    if data.dataset is not None:
        items.append(f"<li>{esc(data.dataset.note(lang))}</li>")
    texts = atlas.caveats[col("text", lang)] if len(atlas.caveats) else []
    for code, text in zip(atlas.caveats.get("code", []), texts, strict=True):
        if code in concerned:
            names = ", ".join(sorted(concerned[code]))
            items.append(f"<li><strong>{esc(names)}</strong>: {esc(text)}</li>")
    if not items:
        return ""
    return (
        '<section class="mqp-sec" aria-labelledby="mq-caveats-h">'
        f'<h2 id="mq-caveats-h">{esc(t("public_caveats_h", lang))}</h2>'
        f'<ul class="mqp-caveats">{"".join(items)}</ul></section>'
    )


def _downloads(view: View, query: str) -> str:
    lang = view.lang
    suffix = f"?{query}" if query else ""
    items = "".join(
        f'<li><a href="{esc(path + suffix)}">{esc(t(label, lang))}</a></li>'
        for path, label in files()
    )
    return (
        '<section class="mqp-sec" aria-labelledby="mq-files-h">'
        f'<h2 id="mq-files-h">{esc(t("public_downloads_h", lang))}</h2>'
        f'<p class="mq-help">{esc(t("public_downloads_help", lang))}</p>'
        f'<ul class="mqp-files">{items}</ul></section>'
    )


def _sources(data: ViewData, atlas: Atlas) -> str:
    """The sources behind the view's values, each with its address when it has one."""
    lang = data.view.lang
    table = {}
    for row in atlas.sources.to_dict("records"):  # the first row of a key, as citations read
        table.setdefault(str(row.get("key")), row)
    items = []
    for key in source_keys(data):
        row = table.get(key)
        if row is None:
            continue
        words = [str(row.get(c, "") or "").strip() for c in ("title", "publisher", "year")]
        words = [w.removesuffix(".0") for w in words if w and w.lower() != "nan"]
        url = describe.source_url(row)
        link = f' <a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a>' if url else ""
        items.append(f"<li>{esc(', '.join(words) or key)}{link}</li>")
    if not items:
        return ""
    summary = t("public_sources_n", lang, n=fmt_number(len(items), lang))
    return (
        '<section class="mqp-sec" aria-labelledby="mq-sources-h">'
        f'<h2 id="mq-sources-h">{esc(t("public_sources_h", lang))}</h2>'
        f'<details class="mqp-sources-box"><summary>{esc(summary)}</summary>'
        f'<ul class="mqp-sources">{"".join(items)}</ul></details></section>'
    )


def _static_map(view: View, query: str, summary: str) -> str:
    src = esc(f"view.png?{query}" if query else "view.png")
    return (
        f'<noscript><img class="mqp-static" src="{src}" alt="{esc(summary)}" '
        f'width="2400" height="1350"></noscript>\n'
    )


def _insert(page: str, anchor: str, text: str, after: bool = False) -> str:
    mark = ANCHORS[anchor]
    if page.count(mark) != 1:
        raise PageError(f"the embed's page has {page.count(mark)} of {mark!r}, not one")
    return page.replace(mark, mark + text if after else text + mark, 1)


def view_page(atlas: Atlas, data: ViewData, embed: str, query: str) -> str:
    """The public page of ``data``'s view, around ``embed`` (the view's embed page).

    Parameters
    ----------
    atlas : Atlas
        The loaded atlas.
    data : ViewData
        The view, computed (with its dataset, if it names one).
    embed : str
        :func:`export.embed.embed_html` of the same view and dataset.
    query : str
        The view's one query string (:func:`web.links.view_query`).
    """
    view = data.view
    page = _META_POLICY.sub("", embed, count=1)
    page = _insert(page, "head_end", f"<style>{stylesheet()}</style>\n{NOSCRIPT_HEAD}\n")
    page = _insert(page, "main", _header(view, query, data.dataset is not None) + "\n")
    page = _insert(page, "summary", _static_map(view, query, describe.alt_text(data, atlas)))
    sections = [
        _units(data),
        _caveats(data, atlas),
        view_form(atlas, view, data.dataset),
        _downloads(view, query),
        _sources(data, atlas),
    ]
    return _insert(page, "footer", "\n".join(s for s in sections if s) + "\n")


def page_policy(embed_policy: str) -> str:
    """The page's Content-Security-Policy header value, from the policy its embed carries
    (every script and style of the embed allowed by its hash, nothing else): plus the
    page's own two style blocks by hash, its image (without scripts) and its form, both to
    this site only; framed by this site only."""
    directives = dict(d.split(" ", 1) for d in embed_policy.split("; "))
    own = " ".join(source_hash(css) for css in (stylesheet(), NOSCRIPT_CSS))
    styles = directives.get("style-src", "'none'").replace("'none'", "").strip()
    directives["style-src"] = f"{styles} {own}".strip()
    directives.update({"img-src": "'self'", "form-action": "'self'", "frame-ancestors": "'self'"})
    return "; ".join(f"{k} {v}" for k, v in directives.items())
