"""Batch files: several views, one per line, rendered in one run.

A line is a view as the app's URL writes it (a full link or its query string) and, in any
order, ``format=``, ``layout=`` and ``name=`` settings::

    # Karaganda in Kazakh, as a slide image
    v=2012&unit=KZ-35&lang=kk format=png
    http://localhost:8501/?v=2022&lang=ru&status=listed,unknown format=pdf layout=A4
    lang=en format=html name=kazakhstan.html
    - format=csv

``-`` (or nothing but settings) is the default view. Blank lines and lines starting with
``#`` are skipped. ``format`` defaults to the one ``name``'s extension asks for, else png;
a ``name`` must end in its format's extension. A bad line is reported with its number and
the others still render.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from export.formats import (
    DEFAULT_FORMAT,
    FORMATS,
    Format,
    file_name,
    format_for_path,
    get_format,
)
from export.page.frame import LAYOUTS
from geo.atlas import Atlas
from geo.view import View
from geo.viewspec import Lookup, ViewError, query_params, strict_view
from userdata.datasets import ViewDataset

SETTINGS = ("format", "layout", "name")
# Control characters, and direction overrides that make a name read as something else
# ("report\u202egnp.exe" shows as "reportexe.png").
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Job:
    """One line of a batch file, read."""

    line: int
    view: View
    format: Format
    layout: str | None
    name: str | None
    dataset: ViewDataset | None = None

    def file_name(self) -> str:
        """The name given on the line, else the view's (:func:`export.formats.file_name`)."""
        return self.name or file_name(self.view, self.format, self.layout)


def parse_line(text: str, number: int, atlas: Atlas, lookup: Lookup | None = None) -> Job | None:
    """A job for one line, ``None`` for a blank or comment line; :class:`ViewError` if bad."""
    text = text.strip()
    if not text or text.startswith("#"):
        return None
    settings: dict[str, str] = {}
    views = []
    for token in text.split():
        key, sep, value = token.partition("=")
        if sep and key in SETTINGS:
            settings[key] = value
        else:
            views.append(token)
    if len(views) > 1:
        raise ViewError(f"more than one view on the line: {' '.join(views)}")
    name = settings.get("name")
    if name is not None and (
        not name or "/" in name or "\\" in name or name.startswith(".") or _CONTROL.search(name)
    ):
        raise ViewError(
            f"name={name!r} must be a plain file name (no folders, control or direction characters)"
        )
    fmt_key = settings.get("format")
    if fmt_key is None:
        implied = format_for_path(name) if name else None
        fmt_key = implied.key if implied else DEFAULT_FORMAT
    elif fmt_key not in FORMATS:
        raise ViewError(f"format={fmt_key!r} is not valid; valid: {', '.join(FORMATS)}")
    fmt = get_format(fmt_key)
    # A name's extension decides how a file opens: CSV bytes in x.png would not.
    if name is not None and not name.lower().endswith(fmt.extension):
        given = "" if "format" in settings else " (the default)"
        raise ViewError(
            f"name={name!r} does not end in {fmt.extension}, the extension of "
            f"format={fmt.key}{given}"
        )
    layout = settings.get("layout")
    if layout is not None and layout not in LAYOUTS:
        raise ViewError(f"layout={layout!r} is not valid; valid: {', '.join(LAYOUTS)}")
    view, dataset = strict_view(query_params(views[0] if views else ""), atlas, lookup=lookup)
    return Job(number, view, fmt, layout, name, dataset)


def unique(name: str, taken: Collection[str]) -> str:
    """``name``, or ``name`` with ``-2``, ``-3``… before its extension if already taken.

    Names that differ only in case count as taken: they are one file on macOS and Windows.
    """
    used = {t.casefold() for t in taken}
    if name.casefold() not in used:
        return name
    dot = name.rfind(".")
    stem, ext = (name[:dot], name[dot:]) if dot > 0 else (name, "")
    n = 2
    while f"{stem}-{n}{ext}".casefold() in used:
        n += 1
    return f"{stem}-{n}{ext}"
