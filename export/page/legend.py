"""The static map's legend panel: indicator classes, town colours and symbol sizes.

Drawn beside the map (16:9) or in a band under it (A4), never over it; in a band the
entries flow into columns. Classes come from the view's classification (the same object
that coloured the units), town colours from the layers' legend entries.
"""

from __future__ import annotations

from matplotlib import patheffects
from matplotlib.patches import Rectangle

from export.page.fonts import font
from export.page.frame import LEGEND_COLUMN_IN
from export.page.marks import NODATA_HATCH, SIZE_STEPS, marker_area, radius_pt
from export.page.textfit import wrap
from geo.atlas import Atlas, ViewData
from geo.classify import OUTLINE_COLOUR
from geo.describe import class_labels, colour_title, hidden_line, size_note, town_legend
from geo.i18n import fmt_number, t
from geo.indicators import get_indicator
from geo.symbols import HALO, OUTLINE

TITLE_PT, ROW_PT, NOTE_PT = 8.5, 7.5, 6.8


class Cursor:
    """Writes rows down the panel, measuring in points from its top-left corner; what does
    not fit under a column starts the next one (``column`` points to the right)."""

    def __init__(self, ax, width_pt: float, height_pt: float, column: float | None = None):
        self.ax, self.w, self.h, self.y = ax, width_pt, height_pt, 0.0
        self.x0, self.column = 0.0, column or width_pt

    def xy(self, x_pt: float, y_pt: float) -> tuple[float, float]:
        return (self.x0 + x_pt) / self.w, 1 - y_pt / self.h

    def room(self, height_pt: float) -> None:
        """Start a new column unless ``height_pt`` more fits under this one."""
        if self.y > 0 and self.y + height_pt > self.h:
            self.x0 += self.column
            self.y = 0.0

    def text(self, x_pt: float, text: str, size: float, bold=False, color="#222222") -> None:
        self.ax.text(
            *self.xy(x_pt, self.y),
            text,
            transform=self.ax.transAxes,
            ha="left",
            va="top",
            fontproperties=font(size, bold),
            color=color,
            parse_math=False,
            linespacing=1.15,
        )

    def heading_lines(self, text: str, size: float = TITLE_PT, bold: bool = True) -> list[str]:
        """A heading wrapped by its measured width: a long one (a planner's column, marked
        as supplied by the user) stays inside the panel in every language."""
        width_in = (min(self.column, self.w) - 4) / 72
        return wrap(text, size, width_in, bold=bold) or [""]

    def heading_height(self, text: str, size: float = TITLE_PT, bold: bool = True) -> float:
        return size * 1.2 * len(self.heading_lines(text, size, bold)) + 3

    def heading(
        self, text: str, size: float = TITLE_PT, bold=True, color="#222222", then: float = 0
    ) -> None:
        """A heading, kept in one column with ``then`` points of what follows it."""
        lines = self.heading_lines(text, size, bold)
        self.room(self.heading_height(text, size, bold) + then)
        self.text(0, "\n".join(lines), size, bold, color)
        self.y += self.heading_height(text, size, bold)

    def row_lines(self, text: str, x_pt: float = 21) -> list[str]:
        """A row's text wrapped to its column (a filtered zero class is a long label)."""
        width_in = (min(self.column, self.w) - x_pt - 6) / 72
        return wrap(text, ROW_PT, width_in)


def draw_legend(ax, data: ViewData, atlas: Atlas, below: bool = False) -> None:
    """Fill the legend axes ``ax`` (its box set by the layout) for the view ``data``;
    ``below``: the legend is a band under the map, its entries in columns."""
    lang = data.view.lang
    indicator = data.indicator
    ax.set_axis_off()
    bbox = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    cur = Cursor(
        ax,
        bbox.width * fig_w * 72,
        bbox.height * fig_h * 72,
        LEGEND_COLUMN_IN * 72 if below else None,
    )
    towns = town_legend(data, atlas)
    rows = len(indicator_classes := data.classification.classes) + len(towns)
    # Rows shrink (to 10 pt apart at least) when many town colours must fit.
    free = cur.h - 150
    row_h = max(10.0, min(13.0, free / max(rows, 1)))

    cur.heading(indicator.label(lang), then=row_h)
    for cls, label in zip(indicator_classes, class_labels(data), strict=True):
        lines = cur.row_lines(label)
        extra = (len(lines) - 1) * ROW_PT * 1.15
        cur.room(row_h + extra)
        x, y = cur.xy(0, cur.y + row_h * 0.85)
        sw, sh = 15 / cur.w, 9 / cur.h
        ax.add_patch(
            Rectangle(
                (x, y),
                sw,
                sh,
                transform=ax.transAxes,
                facecolor=cls.colour,
                edgecolor=OUTLINE_COLOUR,
                linewidth=0.5,
                hatch=NODATA_HATCH if cls.kind == "nodata" else None,
            )
        )
        cur.y += row_h * 0.05
        cur.text(21, "\n".join(lines), ROW_PT)
        cur.y += row_h * 0.95 + extra
    if indicator.kind != "count":
        cur.y += 2
        cur.heading(f"(n) — {get_indicator('n_towns').label(lang)}", NOTE_PT, False)
    hidden = hidden_line(data)
    if hidden:
        cur.y += 2
        cur.heading(hidden, NOTE_PT, False, "#555555")
    cur.y += 8

    if towns:
        cur.heading(colour_title(data), then=row_h)
        for text, colour in towns:
            lines = cur.row_lines(text)
            extra = (len(lines) - 1) * ROW_PT * 1.15
            cur.room(row_h + extra)
            ax.scatter(
                *cur.xy(7, cur.y + row_h * 0.45),
                s=7.5**2,
                c=colour,
                edgecolors=OUTLINE,
                linewidths=0.6,
                transform=ax.transAxes,
                clip_on=False,
                path_effects=[patheffects.withStroke(linewidth=1.6, foreground=HALO)],
            )
            cur.text(21, "\n".join(lines), ROW_PT)
            cur.y += row_h + extra
        cur.y += 8

    biggest = 2 * radius_pt(SIZE_STEPS[-1])
    note = size_note(lang)
    note_h = cur.heading_height(note, NOTE_PT, bold=False)
    cur.heading(t("size_legend", lang), then=biggest + 16 + note_h)
    x = 4.0
    centre_y = cur.y + biggest / 2
    for pop in SIZE_STEPS:
        r = radius_pt(pop)
        # Circles stand on one baseline, so the sizes compare at a glance.
        ax.scatter(
            *cur.xy(x + r, centre_y + biggest / 2 - r),
            s=marker_area(pop),
            c="#ffffff",
            edgecolors=OUTLINE,
            linewidths=0.6,
            transform=ax.transAxes,
            clip_on=False,
        )
        ax.text(
            *cur.xy(x + r, centre_y + biggest / 2 + 3),
            fmt_number(pop, lang),
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontproperties=font(NOTE_PT),
            parse_math=False,
        )
        x += max(2 * r, 34) + 12
    cur.y += biggest + 16
    cur.heading(note, NOTE_PT, False, "#555555")
