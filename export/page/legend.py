"""The static map's legend panel: indicator classes, town colours and symbol sizes.

Drawn beside the map, never over it. Classes come from the view's classification (the
same object that coloured the units), town colours from the layers' legend entries.
"""

from __future__ import annotations

import textwrap

from matplotlib.patches import Rectangle

from export.page.fonts import font
from export.page.marks import NODATA_HATCH, SIZE_STEPS, marker_area, radius_pt
from geo.atlas import Atlas, ViewData
from geo.describe import class_label, colour_title, size_note, town_legend
from geo.i18n import fmt_number, t
from geo.indicators import get_indicator

TITLE_PT, ROW_PT, NOTE_PT = 8.5, 7.5, 6.8
WRAP = 36  # characters per line of a heading at TITLE_PT in the panel's width


class Cursor:
    """Writes rows down the panel, measuring in points from its top-left corner."""

    def __init__(self, ax, width_pt: float, height_pt: float) -> None:
        self.ax, self.w, self.h, self.y = ax, width_pt, height_pt, 0.0

    def xy(self, x_pt: float, y_pt: float) -> tuple[float, float]:
        return x_pt / self.w, 1 - y_pt / self.h

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

    def heading(self, text: str, size: float = TITLE_PT, bold=True, color="#222222") -> None:
        lines = textwrap.wrap(text, WRAP if size >= TITLE_PT else int(WRAP * 1.2)) or [""]
        self.text(0, "\n".join(lines), size, bold, color)
        self.y += size * 1.2 * len(lines) + 3


def draw_legend(ax, data: ViewData, atlas: Atlas) -> None:
    """Fill the legend axes ``ax`` (its box set by the layout) for the view ``data``."""
    view, lang = data.view, data.view.lang
    indicator = data.indicator
    ax.set_axis_off()
    bbox = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    cur = Cursor(ax, bbox.width * fig_w * 72, bbox.height * fig_h * 72)
    towns = town_legend(data, atlas)
    rows = len(indicator_classes := data.classification.classes) + len(towns)
    # Rows shrink (to 10 pt apart at least) when many town colours must fit.
    free = cur.h - 150
    row_h = max(10.0, min(13.0, free / max(rows, 1)))

    cur.heading(indicator.label(lang))
    for cls in indicator_classes:
        x, y = cur.xy(0, cur.y + row_h * 0.85)
        sw, sh = 15 / cur.w, 9 / cur.h
        ax.add_patch(
            Rectangle(
                (x, y),
                sw,
                sh,
                transform=ax.transAxes,
                facecolor=cls.colour,
                edgecolor="#777777",
                linewidth=0.5,
                hatch=NODATA_HATCH if cls.kind == "nodata" else None,
            )
        )
        cur.y += row_h * 0.05
        cur.text(21, class_label(cls, indicator, lang), ROW_PT)
        cur.y += row_h * 0.95
    if indicator.kind != "count":
        cur.y += 2
        cur.heading(f"(n) — {get_indicator('n_towns').label(lang)}", NOTE_PT, False)
    cur.y += 8

    if towns:
        cur.heading(colour_title(view))
        for text, colour in towns:
            ax.scatter(
                *cur.xy(7, cur.y + row_h * 0.45),
                s=7.5**2,
                c=colour,
                edgecolors="#222222",
                linewidths=0.5,
                transform=ax.transAxes,
                clip_on=False,
            )
            cur.text(21, text, ROW_PT)
            cur.y += row_h
        cur.y += 8

    cur.heading(t("size_legend", lang))
    biggest = 2 * radius_pt(SIZE_STEPS[-1])
    x = 4.0
    centre_y = cur.y + biggest / 2
    for pop in SIZE_STEPS:
        r = radius_pt(pop)
        # Circles stand on one baseline, so the sizes compare at a glance.
        ax.scatter(
            *cur.xy(x + r, centre_y + biggest / 2 - r),
            s=marker_area(pop),
            c="#ffffff",
            edgecolors="#222222",
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
    cur.heading(size_note(lang), NOTE_PT, False, "#555555")
