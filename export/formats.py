"""Export formats, declared as data: file extension, media type and how to produce the bytes.

The command line and the app's download buttons look formats up here, so a format added
once is offered everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from geo.atlas import Atlas, compute_view
from geo.supplied import Supplied
from geo.view import View


@dataclass(frozen=True)
class Options:
    """Settings that are not part of the view: page layout, resolution, link, date."""

    layout: str | None = None  # None: 16:9 for images, A4 for PDF
    dpi: float | None = None
    app_url: str | None = None
    generated: date | None = None
    dataset: Supplied | None = None  # the planner's dataset the view names, if any


@dataclass(frozen=True)
class Format:
    """An export format: ``button`` names the app's download button (a catalogue key) and
    ``layout`` the page it offers there (None: the format has no page)."""

    key: str
    extension: str
    media_type: str
    describe: str
    render: Callable[[Atlas, View, Options], bytes]
    button: str
    layout: str | None = None


def _png(atlas: Atlas, view: View, o: Options) -> bytes:
    from export.page.static_map import png_bytes

    return png_bytes(atlas, view, o.layout or "16:9", o.app_url, o.dpi, o.generated, o.dataset)


def _pdf(atlas: Atlas, view: View, o: Options) -> bytes:
    from export.page.static_map import pdf_bytes

    return pdf_bytes(atlas, view, o.layout or "A4", o.app_url, o.generated, o.dataset)


def _html(atlas: Atlas, view: View, o: Options) -> bytes:
    from export.embed import embed_html

    return embed_html(atlas, view, o.app_url, o.dataset).encode("utf-8")


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
    return metadata_json(data, atlas, o.generated, o.app_url).encode("utf-8")


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("png", ".png", "image/png", "briefing image", _png, "dl_png", "16:9"),
        Format("pdf", ".pdf", "application/pdf", "briefing page (vector)", _pdf, "dl_pdf", "A4"),
        Format("html", ".html", "text/html", "self-contained embed", _html, "dl_html"),
        Format("csv", ".csv", "text/csv", "towns shown, with their unit", _towns_csv, "dl_towns"),
        Format(
            "units-csv",
            ".csv",
            "text/csv",
            "units with indicator value and class",
            _units_csv,
            "dl_units",
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
        ),
    )
}


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
