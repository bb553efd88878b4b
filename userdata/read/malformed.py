"""Lines of a text file whose fields do not fit the header, and the reading a preview may
propose for one: never taken without the planner's word.

``Экибастуз;высокий;1; 2;64,0`` under a four-column header has one field too many: the
criterion cell ``1; 2`` was split at its own separator. Read as the fields fell, the criterion
would be ``1``, the share ``2`` and a nameless fifth column would hold 64,0. Such a line is
set aside (:class:`~userdata.read.table.MalformedRow`); when exactly one pair of neighbouring
fields, joined, gives a list of criteria and every other field then fits its column, that
reading is offered, and the planner accepts it line by line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from userdata.read.errors import CellError
from userdata.read.roles import CRITERION
from userdata.read.table import MalformedRow
from userdata.read.values import parse_criteria


@dataclass(frozen=True, slots=True)
class MalformedNote:
    """A malformed line as the preview shows it.

    Attributes
    ----------
    row : MalformedRow
    reading : tuple of str or None
        A proposed reading, one cell per column, or None when the intent is not clear.
    joined : int or None
        The column whose cell the reading makes of two neighbouring fields.
    accepted : bool
        Whether the planner accepted the reading (the line is then among the rows read).
    """

    row: MalformedRow
    reading: tuple[str, ...] | None = None
    joined: int | None = None
    accepted: bool = False

    @property
    def line(self) -> int:
        """The line in the file."""
        return self.row.line


def propose(
    row: MalformedRow, sep: str, roles: Sequence[str], fits: Callable[[int, str], bool]
) -> MalformedNote:
    """The note for ``row``, with a reading when exactly one list cell explains the extra field.

    Parameters
    ----------
    row : MalformedRow
    sep : str
        The file's separator, put back between the two joined fields.
    roles : sequence of str
        Each column's role.
    fits : callable
        ``fits(column, text)``: whether a cell reads for its column (empty cells do).
    """
    fields = list(row.fields)
    while len(fields) > row.expected + 1 and not fields[-1].strip():
        fields.pop()
    if len(fields) != row.expected + 1:
        return MalformedNote(row)
    found = []
    for j, role in enumerate(roles[: row.expected]):
        if role != CRITERION or not (_one_list(fields[j]) and _one_list(fields[j + 1])):
            continue
        cells = [f.strip() for f in fields[:j]]
        cells += [(fields[j] + sep + fields[j + 1]).strip()]
        cells += [f.strip() for f in fields[j + 2 :]]
        if all(fits(i, cell) for i, cell in enumerate(cells)):
            found.append((j, tuple(cells)))
    if len(found) != 1:
        return MalformedNote(row)
    joined, reading = found[0]
    return MalformedNote(row, reading, joined)


def _one_list(text: str) -> bool:
    """Whether a field reads as criteria on its own (so two of them may be one list)."""
    try:
        return bool(parse_criteria(text))
    except CellError:
        return False
