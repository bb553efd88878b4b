"""Export formats, declared as data: what a format is, what it takes, and how its bytes
and its file's name are made.

The command line, batch files, the app's download panel and the public pages look formats
up here and read what each one declares (the settings it takes, its default page, the
header a server sends with it, whether it can be embedded), so a format added once, with
its writer, is offered everywhere. File names are made here too: a view gives the same
name from the app, the command line and a public page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date

from geo.atlas import Atlas, compute_view
from geo.indicators import DEFAULT_INDICATOR
from geo.supplied import Supplied
from geo.view import View


@dataclass(frozen=True)
class Options:
    """Settings that are not part of the view: page layout, resolution, link, date.

    A format reads only the fields it names in :attr:`Format.takes` (``dataset`` is part of
    the view: every format takes it); :meth:`Format.render` hands it no other.
    """

    layout: str | None = None  # None: the format's own page
    dpi: float | None = None  # None: the layout's own resolution
    app_url: str | None = None
    generated: date | None = None
    dataset: Supplied | None = None  # the planner's dataset the view names, if any
    # The dataset is private: its id (which opens it) goes into the files' links and
    # metadata only when the planner chooses so.
    link_data: bool = False


# The settings a format can take, by their Options field; every format takes the dataset.
LAYOUT, DPI, APP_URL, DATE, LINK_DATA = "layout", "dpi", "app_url", "generated", "link_data"
VIEW_OPTIONS = frozenset({"dataset"})


@dataclass(frozen=True)
class Format:
    """An export format: ``write`` makes the bytes of a view (call :meth:`render`).

    ``button`` names the app's download button (a catalogue key); ``takes`` the settings
    (:class:`Options` fields) the writer uses, ``layout`` the page it takes when none is
    given (required with :data:`LAYOUT`); ``tag`` goes into file names to tell it from
    another format of the same extension; ``policy`` makes, from a file's bytes, the header
    line a web server sends with it; an ``embeddable`` file is pasted into sites as an
    iframe (the app shows its snippets).
    """

    key: str
    extension: str
    media_type: str
    describe: str
    write: Callable[[Atlas, View, Options], bytes]
    button: str
    takes: frozenset[str] = field(default_factory=frozenset)
    layout: str | None = None
    tag: str | None = None
    policy: Callable[[bytes], str] | None = None
    embeddable: bool = False

    def __post_init__(self) -> None:
        unknown = self.takes - {f.name for f in fields(Options)}
        if unknown:
            raise ValueError(f"format {self.key!r} takes unknown settings: {sorted(unknown)}")
        if (self.layout is None) == (LAYOUT in self.takes):
            raise ValueError(f"format {self.key!r}: a page layout goes with taking {LAYOUT!r}")

    def options_for(self, options: Options) -> Options:
        """``options`` with what this format does not take at its defaults, and its own
        page where none is given: equal settings for a format, equal options."""
        unused = {
            f.name: f.default
            for f in fields(Options)
            if f.name not in self.takes and f.name not in VIEW_OPTIONS
        }
        if LAYOUT in self.takes and options.layout is None:
            unused[LAYOUT] = self.layout
        return replace(options, **unused)

    def render(self, atlas: Atlas, view: View, options: Options) -> bytes:
        """The file's bytes for ``view``, from the settings this format takes."""
        return self.write(atlas, view, self.options_for(options))


def _png(atlas: Atlas, view: View, o: Options) -> bytes:
    from export.page.static_map import png_bytes

    return png_bytes(atlas, view, o.layout, o.app_url, o.dpi, o.generated, o.dataset, o.link_data)


def _pdf(atlas: Atlas, view: View, o: Options) -> bytes:
    from export.page.static_map import pdf_bytes

    return pdf_bytes(atlas, view, o.layout, o.app_url, o.generated, o.dataset, o.link_data)


def _html(atlas: Atlas, view: View, o: Options) -> bytes:
    from export.embed import embed_html

    return embed_html(atlas, view, o.app_url, o.dataset, o.link_data).encode("utf-8")


def _html_policy(content: bytes) -> str:
    from export.embed.csp import header

    return header(content.decode("utf-8"))


def _towns_csv(atlas: Atlas, view: View, o: Options) -> bytes:
    from export.data import towns_csv

    # A byte-order mark: see export.data.
    return towns_csv(compute_view(atlas, view, o.dataset), atlas).encode("utf-8-sig")


def _units_csv(atlas: Atlas, view: View, o: Options) -> bytes:
    from export.data import units_csv

    return units_csv(compute_view(atlas, view, o.dataset), atlas).encode("utf-8-sig")


def _geojson(atlas: Atlas, view: View, o: Options) -> bytes:
    from export.data import view_geojson

    return view_geojson(compute_view(atlas, view, o.dataset), atlas).encode("utf-8")


def _json(atlas: Atlas, view: View, o: Options) -> bytes:
    from export.data import metadata_json

    data = compute_view(atlas, view, o.dataset)
    return metadata_json(data, atlas, o.generated, o.app_url, o.link_data).encode("utf-8")


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format(
            "png",
            ".png",
            "image/png",
            "briefing image",
            _png,
            "dl_png",
            frozenset({LAYOUT, DPI, APP_URL, DATE, LINK_DATA}),
            layout="16:9",
        ),
        Format(
            "pdf",
            ".pdf",
            "application/pdf",
            "briefing page (vector)",
            _pdf,
            "dl_pdf",
            frozenset({LAYOUT, APP_URL, DATE, LINK_DATA}),
            layout="A4",
        ),
        Format(
            "html",
            ".html",
            "text/html",
            "self-contained embed",
            _html,
            "dl_html",
            frozenset({APP_URL, LINK_DATA}),
            policy=_html_policy,
            embeddable=True,
        ),
        Format("csv", ".csv", "text/csv", "towns shown, with their unit", _towns_csv, "dl_towns"),
        Format(
            "units-csv",
            ".csv",
            "text/csv",
            "units with indicator value and class",
            _units_csv,
            "dl_units",
            tag="units",
        ),
        Format(
            "geojson",
            ".geojson",
            "application/geo+json",
            "units and towns shown",
            _geojson,
            "dl_geojson",
        ),
        Format(
            "json",
            ".json",
            "application/json",
            "metadata: view, sources, licences",
            _json,
            "dl_meta",
            frozenset({APP_URL, DATE, LINK_DATA}),
        ),
    )
}


# What a batch line without a format or a file name writes: the briefing image.
DEFAULT_FORMAT = "png"


def get_format(key: str) -> Format:
    """Return the format registered under ``key``; an unknown key lists the valid ones."""
    try:
        return FORMATS[key]
    except KeyError:
        raise KeyError(f"unknown format {key!r}; valid: {', '.join(FORMATS)}") from None


def format_for_path(path: str) -> Format | None:
    """The format a file name asks for by its extension (``.csv`` means the towns)."""
    lowered = path.lower()
    for f in FORMATS.values():
        if lowered.endswith(f.extension):
            return f
    return None


def formats_taking(option: str) -> list[str]:
    """The keys of the formats that take ``option`` (an :class:`Options` field)."""
    return [f.key for f in FORMATS.values() if option in f.takes]


# File names: lower-case ASCII letters, digits and ._+- only, so they survive every system.
_UNSAFE = re.compile(r"[^a-z0-9_.+-]+")
APP_PREFIX = "monoqala_"


def file_name(view: View, fmt: Format | str, layout: str | None = None) -> str:
    """A readable file name for ``view`` in ``fmt``: unit (or kz), language, vintage, then
    what differs from the defaults (indicator, filters, town colours, a planner's data, a
    page other than the format's own, the format's tag)."""
    fmt = get_format(fmt) if isinstance(fmt, str) else fmt
    parts = [view.unit or "kz", view.lang, view.vintage]
    if view.indicator != DEFAULT_INDICATOR:
        parts.append(view.indicator)
    for key, values in view.filters:
        parts.append(f"{key}-{'+'.join(sorted(values)) or 'none'}")
    if view.colour_by != "sector":
        parts.append(f"by-{view.colour_by}")
    if view.data:
        parts.append("userdata")  # never the id: a file name travels with the file
    if LAYOUT in fmt.takes and layout not in (None, fmt.layout):
        parts.append(layout)
    if fmt.tag:
        parts.append(fmt.tag)
    stem = _UNSAFE.sub("-", "_".join(parts).lower()).strip("-")
    return stem + fmt.extension


def export_file_name(view: View, fmt: Format | str, layout: str | None = None) -> str:
    """The name a file downloaded from the app or a public page gets: :func:`file_name`
    after the atlas's name, so a download says where it is from."""
    return APP_PREFIX + file_name(view, fmt, layout)
