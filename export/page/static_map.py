"""Briefing images of a view: PNG and PDF drawn with GeoPandas and matplotlib (no browser).

One page holds a header (title, subtitle with counts, vintage and filters), the map in an
equal-area projection with labelled units and towns, a scale bar and a north arrow, a
legend panel beside the map, and a footer with the sources and the link to the view.
The same view gives the same bytes: nothing random, no dates unless one is passed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import matplotlib
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from export.links import link_label, view_link
from export.page.credits import footer_paragraphs
from export.page.fonts import font
from export.page.frame import FOOTER_IN, MapFrame, boxes, get_layout, map_frame, project
from export.page.furniture import draw_north_arrow, draw_scale_bar
from export.page.labels import draw_labels
from export.page.legend import draw_legend
from export.page.marks import NODATA_HATCH, marker_area
from export.page.textfit import fit
from geo import describe
from geo.atlas import Atlas, ViewData, compute_view
from geo.classify import OUTLINE_COLOUR
from geo.i18n import t
from geo.supplied import Supplied
from geo.symbols import HALO, OUTLINE, town_colours
from geo.view import View
from layers.escape import strip_bidi

matplotlib.use("Agg")  # never a window, whatever the environment says

# Text from data is never read as mathtext; PDF text stays text (TrueType), so it can be
# searched and copied from a briefing.
RC = {"text.parse_math": False, "pdf.fonttype": 42, "svg.hashsalt": "monoqala"}
INK, MUTED, LINK = "#1d1d1d", "#555555", "#1a5fb4"


@dataclass(frozen=True)
class StaticMap:
    """A drawn page, the frame its map was drawn with, and what covers the unit fills.

    ``occupied`` holds image boxes (column/row from the top left, like the PNG) of every
    symbol, label, scale bar and north arrow on the map.
    """

    figure: Figure
    frame: MapFrame
    data: ViewData
    occupied: tuple[tuple[float, float, float, float], ...]


def draw(
    atlas: Atlas,
    view: View,
    layout: str = "16:9",
    dpi: float | None = None,
    app_url: str | None = None,
    generated: date | None = None,
    dataset: Supplied | None = None,
    link_data: bool = False,
) -> StaticMap:
    """Draw the page of ``view``; the caller saves it (see :func:`png_bytes`, :func:`pdf_bytes`).

    Parameters
    ----------
    atlas : Atlas
        The loaded atlas.
    view : View
        What to show.
    layout : str
        ``"16:9"`` (2400 × 1350 px at 200 dpi) or ``"A4"`` (landscape, 300 dpi).
    dpi : float, optional
        Draw at another resolution (same page, fewer or more pixels).
    app_url : str, optional
        The app's address for the footer link (default: ``$MONOQALA_APP_URL``; without
        either, the page prints no link).
    generated : date, optional
        A date to print in the footer; without it the page carries no date of its own.
    dataset : Supplied, optional
        The planner's dataset the view names (``view.data``).
    link_data : bool
        Print the dataset's id in the link (it opens the private dataset); without it the
        link opens the view without the dataset and says so.
    """
    lay = get_layout(layout)
    data = compute_view(atlas, view, dataset)
    frame = map_frame(data, lay, dpi)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=lay.size_in, dpi=frame.dpi, facecolor="white")
        FigureCanvasAgg(fig)
        layout_boxes = boxes(lay)
        ax = fig.add_axes(frame.box)
        taken = _draw_map(ax, frame, data, atlas)
        draw_legend(fig.add_axes(layout_boxes["legend"]), data, atlas, lay.legend_below)
        _draw_header(fig, layout_boxes["header"], data, atlas)
        _draw_footer(
            fig,
            layout_boxes["footer"],
            data,
            view_link(view, app_url, link_data),
            link_label(view, link_data),
            generated,
            footer_paragraphs(data, atlas),
        )
        # A planner's header or dataset name with a direction override would be drawn
        # reordered ("Aksu\u202egnp.exe %" as "Aksu% exe.png"): no text on the page keeps one.
        for text in fig.findobj(Text):
            text.set_text(strip_bidi(text.get_text()))
    h = frame.height_px
    occupied = tuple((b.x0, h - b.y1, b.x1, h - b.y0) for b in taken)
    return StaticMap(fig, frame, data, occupied)


def _draw_map(ax, frame: MapFrame, data: ViewData, atlas: Atlas) -> list:
    ax.set_axis_off()
    units = project(data.units)
    land = shapely.union_all(units.geometry.to_numpy())
    nodata = units["class_index"] == len(data.classification.classes) - 1
    # aspect=None: the frame already fixes the scale; letting GeoPandas set an aspect
    # would move the axes and break the frame's pixel mapping.
    # Dark unit outlines, as on the web map: a white edge vanished on the lightest classes.
    units[~nodata].plot(
        ax=ax,
        color=units.loc[~nodata, "fill"],
        edgecolor=OUTLINE_COLOUR,
        linewidth=0.45,
        aspect=None,
    )
    if nodata.any():
        units[nodata].plot(
            ax=ax,
            color=units.loc[nodata, "fill"],
            edgecolor=OUTLINE_COLOUR,
            linewidth=0.45,
            hatch=NODATA_HATCH,
            aspect=None,
        )
    ax.plot(*_rings_xy(land), color="#6b6b6b", linewidth=0.6, zorder=3)
    focus = units[units["unit_id"] == data.view.unit]
    if len(focus):
        focus.boundary.plot(ax=ax, color=INK, linewidth=1.8, zorder=4, aspect=None)
        # Neighbours run off the map's edge here: a neat line says where the map ends.
        ax.add_patch(
            Rectangle(
                (0, 0),
                1,
                1,
                transform=ax.transAxes,
                fill=False,
                edgecolor="#8a8a8a",
                linewidth=0.8,
                zorder=30,
            )
        )
    towns = project(data.towns)
    if len(towns):
        order = towns["pop_2023_city"].fillna(0).to_numpy().argsort(kind="stable")[::-1]
        towns = towns.iloc[order]
        colours = town_colours(towns, data.view.colour_by, atlas.sectors)
        ax.scatter(
            towns.geometry.x,
            towns.geometry.y,
            s=[marker_area(p) for p in towns["pop_2023_city"]],
            c=list(colours),
            edgecolors=OUTLINE,
            linewidths=0.6,
            alpha=0.95,
            zorder=6,
            # The white halo of the web map's circles: apart from any fill and each other.
            path_effects=[patheffects.withStroke(linewidth=1.8, foreground=HALO)],
        )
    ax.set_xlabel("")  # GeoPandas names the projected axes; the page has no axes to name
    ax.set_ylabel("")
    ax.set_xlim(*frame.xlim)
    ax.set_ylim(*frame.ylim)
    ax.set_autoscale_on(False)
    corner, scale_box = draw_scale_bar(ax, frame, land, data.view.lang)
    arrow_box = draw_north_arrow(ax, frame, land, data.view.lang, exclude=corner)
    return draw_labels(ax, frame, data, units, towns, furniture=[scale_box, arrow_box])


def _rings_xy(geom) -> tuple[list[float], list[float]]:
    """x and y of every ring of ``geom``, separated by NaN so one line draws them all."""
    xs, ys = [], []
    for ring in shapely.get_rings(shapely.get_parts(geom)):
        coords = shapely.get_coordinates(ring)
        xs += [*coords[:, 0], float("nan")]
        ys += [*coords[:, 1], float("nan")]
    return xs, ys


# Lines the subtitle may take at each type size, and the footer's link (below the
# attribution line): the header and footer have fixed heights, so long text gets smaller.
SUBTITLE_LINES = {8.5: 2, 7.5: 3, 6.5: 3, 6.0: 4}
SUBTITLE_TOP_IN = 0.55  # below the top of the header: clear of the title
FOOTER_TOP_IN = 0.06
LINE_SPACING = 1.3


def _draw_header(fig, box, data: ViewData, atlas: Atlas) -> None:
    left, bottom, width, height = box
    top = bottom + height
    fig_w_in, fig_h_in = fig.get_size_inches()
    lang = data.view.lang
    fig.text(
        left,
        top - 0.12 * height,
        f"monoqala · {t('title', lang)}",
        fontproperties=font(7.5),
        color=MUTED,
        va="top",
        parse_math=False,
    )
    fig.text(
        left,
        top - 0.27 * height,
        describe.title(data),
        fontproperties=font(15, bold=True),
        color=INK,
        va="top",
        parse_math=False,
    )
    size, lines, _ = fit(describe.subtitle(data, atlas), width * fig_w_in, SUBTITLE_LINES)
    fig.text(
        left,
        top - SUBTITLE_TOP_IN / fig_h_in,
        "\n".join(lines),
        fontproperties=font(size),
        color=MUTED,
        va="top",
        linespacing=LINE_SPACING,
        parse_math=False,
    )


def _draw_footer(
    fig,
    box,
    data: ViewData,
    link: str | None,
    label: str,
    generated: date | None,
    credits: list[str],
) -> None:
    """The credits (names of the time, caveats, sources and licences), the date if given, and
    the link. Credits are never cut: they take a smaller size, down to 6 pt, to fit."""
    left, _, width, height = box
    fig_w_in, fig_h_in = fig.get_size_inches()
    width_in = width * fig_w_in
    lang = data.view.lang
    parts = list(credits)
    if generated is not None:
        parts.append(t("made_on", lang, date=generated.isoformat()))
    usable_in = FOOTER_IN - FOOTER_TOP_IN
    link_lines = 1 if link is not None else 0  # at least; a long link takes what is left
    budget = {
        size: int(usable_in * 72 / (size * LINE_SPACING)) - link_lines for size in (7.0, 6.5, 6.0)
    }
    size, lines, _ = fit(parts, width_in, budget)
    top = height - FOOTER_TOP_IN / fig_h_in
    fig.text(
        left,
        top,
        "\n".join(lines),
        fontproperties=font(size),
        color=MUTED,
        va="top",
        linespacing=LINE_SPACING,
        parse_math=False,
    )
    if link is None:  # no public address of the app: no link that would open nothing
        return
    # The link is printed whole, broken before "&" if it is long: cut short, it would
    # open another view.
    room = {
        size: max(1, budget[size] + link_lines - len(lines)),
        6.0: max(1, budget[6.0] + 1 - len(lines)),
    }
    text = f"{label}: {link}"
    link_size, link_lines_fit, _ = fit([text], width_in, room, breaks="query")
    below = len(lines) * size * LINE_SPACING / 72 / fig_h_in
    fig.text(
        left,
        top - below,
        "\n".join(link_lines_fit),
        fontproperties=font(link_size),
        color=LINK,
        va="top",
        linespacing=LINE_SPACING,
        url=link,
        parse_math=False,
    )


def png_bytes(
    atlas: Atlas,
    view: View,
    layout: str = "16:9",
    app_url: str | None = None,
    dpi: float | None = None,
    generated: date | None = None,
    dataset: Supplied | None = None,
    link_data: bool = False,
) -> bytes:
    """The view as a PNG (16:9: 2400 × 1350 px at 200 dpi; A4: 3508 × 2480 px at 300 dpi)."""
    page = draw(atlas, view, layout, dpi, app_url, generated, dataset, link_data)
    buf = io.BytesIO()
    with matplotlib.rc_context(RC):
        # No "Software" chunk: the bytes depend on the view, not on the library version.
        page.figure.savefig(buf, format="png", dpi=page.frame.dpi, metadata={"Software": None})
    return buf.getvalue()


def pdf_bytes(
    atlas: Atlas,
    view: View,
    layout: str = "A4",
    app_url: str | None = None,
    generated: date | None = None,
    dataset: Supplied | None = None,
    link_data: bool = False,
) -> bytes:
    """The view as a one-page PDF (vector; A4 by default), the same bytes for the same view."""
    page = draw(atlas, view, layout, None, app_url, generated, dataset, link_data)
    buf = io.BytesIO()
    metadata = {
        "CreationDate": None,
        "ModDate": None,
        "Producer": "monoqala",
        "Creator": "monoqala",
        "Title": strip_bidi(describe.title(page.data)),
    }
    with matplotlib.rc_context(RC):
        page.figure.savefig(buf, format="pdf", metadata=metadata)
    return buf.getvalue()
