"""Text that fits its box on a briefing page: wrapped by measured width, smaller if needed.

A filter list or a link can be a few hundred characters long; cut at a fixed number of
characters it either runs into the legend or loses its end, and a link without its end
opens another view.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from matplotlib.textpath import TextToPath

from export.page.fonts import font

_MEASURE = TextToPath()
ELLIPSIS = "…"
# Outline widths run a little short of what the rasteriser draws (hinting, at low dpi
# most): wrap a few percent early so a line never reaches the page edge.
SAFETY = 0.95


@lru_cache(maxsize=4096)
def text_width_in(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in inches, set in the page font at ``size`` points."""
    width, _, _ = _MEASURE.get_text_width_height_descent(text, font(size, bold), ismath=False)
    return width / 72.0 / SAFETY


def _pieces(text: str, breaks: str) -> list[str]:
    """``text`` cut after spaces (``"words"``) or before ``&`` (``"query"``), kept whole."""
    if breaks == "query":
        return [p for p in re.split(r"(?=&)", text) if p]
    return [p for p in re.split(r"(?<= )", text) if p]


def wrap(
    text: str, size: float, width_in: float, breaks: str = "words", bold: bool = False
) -> list[str]:
    """Lines of ``text`` no wider than ``width_in`` (a single piece wider than that is cut)."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text, breaks):
        if text_width_in(line + piece, size, bold) <= width_in:
            line += piece
            continue
        if line:
            lines.append(line.rstrip())
        line = piece
        while text_width_in(line, size, bold) > width_in and len(line) > 1:  # a very long word
            cut = len(line)
            while cut > 1 and text_width_in(line[:cut], size, bold) > width_in:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def fit(
    paragraphs: Sequence[str],
    width_in: float,
    max_lines_at: dict[float, int],
    breaks: str = "words",
) -> tuple[float, list[str], bool]:
    """The largest size at which ``paragraphs`` fit, their lines, and whether text was cut.

    ``max_lines_at`` maps each allowed size (points) to the lines its box holds at that
    size. At the smallest size, what does not fit ends with an ellipsis.
    """
    sizes = sorted(max_lines_at, reverse=True)
    for size in sizes:
        lines = [ln for p in paragraphs for ln in wrap(p, size, width_in, breaks)]
        if len(lines) <= max_lines_at[size]:
            return size, lines, False
    size = sizes[-1]
    lines = [ln for p in paragraphs for ln in wrap(p, size, width_in, breaks)]
    kept = lines[: max_lines_at[size]]
    last = kept[-1]
    while last and text_width_in(last + ELLIPSIS, size) > width_in:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return size, kept, True
