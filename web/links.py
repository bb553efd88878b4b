"""Addresses of the public pages and files, relative to the page that links to them.

A public page lives at ``<base>/view``; its files beside it (``view.png``…) and the
planners' atlas one level up (``./``), so every link works under whatever base path the
server is given. The app's share panel builds the page's full address from its own.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

from export.formats import FORMATS, Format
from geo.view import View, to_params

APP = "./"  # the planners' atlas, from a public page
PAGE = "view"
EMBED = "embed"


def file_path(fmt: Format) -> str:
    """Where a format's file of a view is served, beside the page: ``view.png``,
    ``view.units.csv`` (the format's tag tells files of one extension apart), and the
    embeddable page at ``embed``."""
    if fmt.embeddable:
        return EMBED
    return PAGE + (f".{fmt.tag}" if fmt.tag else "") + fmt.extension


def files() -> list[tuple[str, str]]:
    """The view's files as the page lists them: (address, catalogue key of its name)."""
    return [
        (file_path(f), "public_dl_embed" if f.embeddable else f.button) for f in FORMATS.values()
    ]


def view_query(view: View) -> str:
    """The one query string of ``view``, as the app's links write it (commas kept): the
    address of the view that the public routes redirect a form's answer to."""
    return urlencode(to_params(view), safe=",")


def public_path(name: str, view: View) -> str:
    """``name`` (``view``, ``embed``, ``view.png``…) with the query of ``view``."""
    query = view_query(view)
    return f"{name}?{query}" if query else name


def public_page_url(app_url: str, view: View) -> str:
    """The full address of ``view``'s public page, next to the app opened at ``app_url``."""
    parts = urlsplit(app_url)
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    query = view_query(view)
    return urlunsplit((parts.scheme, parts.netloc, path + PAGE, query, ""))
