"""The pages a public route answers when it has no view to show: always a page in the
reader's language naming what is wrong, never a traceback.

* 400: the address has problems (each names its parameter), with links to the view the
  app would show without them and to the whole atlas;
* 404: the dataset the address names does not exist, or the reader may not read it (one
  page for both, byte for byte);
* 503: the dataset store cannot be reached; 500: anything else (the details go to the log).

The pages hold no script and one style block, allowed by its hash.
"""

from __future__ import annotations

from export.embed.csp import source_hash
from geo.i18n import t
from layers.escape import esc
from web.links import APP, PAGE

STYLE = (
    "body { margin: 0; font: 16px/1.5 'DejaVu Sans', system-ui, sans-serif; color: #1d1d1d; }"
    " main { max-width: 720px; margin: 0 auto; padding: 24px 16px; }"
    " h1 { font-size: 1.3rem; } a { color: #1a4f95; } li { margin: 4px 0; }"
)
POLICY = (
    f"default-src 'none'; style-src {source_hash(STYLE)}; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'"
)


def problem_page(lang: str, title: str, lines: list[str], links: list[tuple[str, str]]) -> str:
    """A page with a title, the lines (escaped) and links (address, text)."""
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    actions = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for href, text in links)
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · monoqala</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<main>\n<h1>{esc(title)}</h1>\n<ul>{items}</ul>\n<ul>{actions}</ul>\n</main>\n"
        "</body>\n</html>\n"
    )


def bad_query(lang: str, problems: list[str], fixed_query: str | None) -> str:
    """The 400 page: every problem, and the view without them."""
    links = []
    if fixed_query is not None:
        links.append((f"{PAGE}?{fixed_query}" if fixed_query else PAGE, t("public_bad_fix", lang)))
    links.append((APP, t("public_bad_home", lang)))
    lines = [t("public_bad_intro", lang), *problems]
    return problem_page(lang, t("public_bad_title", lang), lines, links)


def no_dataset(lang: str, published_query: str | None) -> str:
    """The 404 page of a dataset nobody may read here, or none at all (the same page)."""
    links = []
    if published_query is not None:
        href = f"{PAGE}?{published_query}" if published_query else PAGE
        links.append((href, t("public_no_dataset_published", lang)))
    links.append((APP, t("public_bad_home", lang)))
    title = t("public_no_dataset_title", lang)
    return problem_page(lang, title, [t("public_no_dataset", lang)], links)


def unavailable(lang: str, why: str) -> str:
    """The 503 page: the dataset store cannot be read (``why`` is the store's message)."""
    return problem_page(
        lang, t("public_unavailable_title", lang), [why], [(APP, t("public_bad_home", lang))]
    )


def failed(lang: str) -> str:
    """The 500 page."""
    return problem_page(
        lang,
        t("public_failed_title", lang),
        [t("public_failed", lang)],
        [(APP, t("public_bad_home", lang))],
    )
