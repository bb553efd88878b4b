"""Rows as a reader yields them, with every cell cut to the cell limit as it is read.

A cell longer than :data:`~userdata.read.limits.MAX_CELL_CHARS` is kept only up to one
character past the limit (enough for every later check to see that it is too long), and its
real length is kept beside it for the message: a 10 MB cell is never split into words,
matched to towns or shown whole.
"""

from __future__ import annotations

from typing import NamedTuple

from userdata.read.limits import MAX_CELL_CHARS


class Overlong(NamedTuple):
    """A cell cut while reading: its real length, and how many lines it spans."""

    length: int
    lines: int


class Record(NamedTuple):
    """One row of a file, as read.

    Attributes
    ----------
    line : int
        1-based line (text) or row (sheet) where the row starts.
    cells : list of str
        Stripped cells, trailing empty ones dropped, each cut to the cell limit.
    formulas : tuple of int
        Indices of the cells that are formulas.
    overlong : dict of int to Overlong, optional
        The cells that were cut, by index.
    fields : int, optional
        Delimited text: the number of fields as written, trailing empty ones included.
    raw : list of str, optional
        Delimited text: the fields as written (for the text of a row that is named).
    """

    line: int
    cells: list[str]
    formulas: tuple[int, ...] = ()
    overlong: dict[int, Overlong] | None = None
    fields: int | None = None
    raw: list[str] | None = None


def cut(text: str) -> tuple[str, Overlong | None]:
    """Return ``text`` stripped and cut to one character past the cell limit.

    Examples
    --------
    >>> cut("  Темиртау ")
    ('Темиртау', None)
    >>> cell, overlong = cut("x" * 5000 + "\\n" + "y")
    >>> len(cell), overlong
    (1001, Overlong(length=5002, lines=2))
    """
    if len(text) <= MAX_CELL_CHARS:
        return text.strip(), None
    stripped = text.strip()
    if len(stripped) <= MAX_CELL_CHARS:
        return stripped, None
    return stripped[: MAX_CELL_CHARS + 1], Overlong(len(stripped), stripped.count("\n") + 1)


def excerpt(text: str, chars: int = 40) -> str:
    """The start of a cell for a message: at most ``chars`` characters, on one line.

    Examples
    --------
    >>> excerpt("Темиртау"), excerpt("a\\nb" + "c" * 100, 5)
    ('Темиртау', 'a bcc…')
    """
    flat = " ".join(text[: chars * 4].split())
    return flat if len(flat) <= chars and len(text) <= chars * 4 else flat[:chars] + "…"
