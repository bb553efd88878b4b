"""Split CSV/TSV text into records: sniff the separator, then yield numbered rows of cells."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator

# On a tie the earlier one wins: a semicolon file is what a ru/kk-locale spreadsheet writes
# (its decimal mark is the comma), and tabs rarely appear inside cell text.
SEPARATORS = (";", "\t", ",")
_SNIFF_RECORDS = 30
_SNIFF_CHARS = 65_536
_SEP_DIRECTIVE = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)

Record = tuple[int, list[str], tuple[int, ...]]
"""(1-based line where the record starts, stripped cells without trailing empties,
indices of cells that are formulas)."""


def sep_directive(text: str) -> str | None:
    """Return the separator named by an Excel ``sep=;`` first line, or None."""
    first = text.split("\n", 1)[0]
    match = _SEP_DIRECTIVE.match(first)
    return match.group(1) if match and match.group(1) in SEPARATORS else None


def sniff_separator(text: str, preferred: str | None = None) -> str:
    """Choose the separator that splits the first lines into a consistent number of fields.

    Separators inside double quotes are not counted, so a decimal comma in a quoted cell of a
    comma file does not count; a decimal comma in a semicolon file varies from line to line and
    loses to the semicolon, which does not. Leading lines without the separator (titles) are
    not counted against it. On a tie in consistency the separator giving more fields wins,
    then the order of :data:`SEPARATORS`.

    Parameters
    ----------
    text : str
        The decoded file.
    preferred : str, optional
        The separator the file name suggests (tab for ``.tsv``); it wins ties.

    Returns
    -------
    str
        One of ``;``, tab, ``,``; ``preferred`` (or ``,``) when no separator splits any line
        (a one-column file).
    """
    counts = _count_outside_quotes(text[:_SNIFF_CHARS])
    best, best_score = None, None
    order = sorted(SEPARATORS, key=lambda s: s != preferred)
    for rank, sep in enumerate(order):
        per_record = [c[sep] for c in counts]
        positive = [n for n in per_record if n > 0]
        if not positive:
            continue
        # Title lines above the table hold no separator of the file's kind; they do not make
        # the table any less consistent.
        while per_record[0] == 0:
            per_record.pop(0)
        mode, _ = Counter(positive).most_common(1)[0]
        consistency = sum(n == mode for n in per_record) / len(per_record)
        score = (consistency, mode, -rank)
        if best_score is None or score > best_score:
            best, best_score = sep, score
    return best or (preferred or ",")


def _count_outside_quotes(text: str) -> list[dict[str, int]]:
    """Count each separator outside quotes, per non-blank record of the sample."""
    records: list[dict[str, int]] = []
    current = dict.fromkeys(SEPARATORS, 0)
    in_quote, blank = False, True
    for line in text.splitlines(keepends=True):
        if not in_quote and '"' not in line:
            # Fast path: most lines have no quotes at all.
            for sep in SEPARATORS:
                current[sep] += line.count(sep)
        else:
            for ch in line:
                if ch == '"':
                    in_quote = not in_quote  # a doubled quote toggles twice: no change
                elif not in_quote and ch in current:
                    current[ch] += 1
        blank = blank and not line.strip()
        if not in_quote:
            if not blank:
                records.append(current)
                if len(records) >= _SNIFF_RECORDS:
                    break
            current, blank = dict.fromkeys(SEPARATORS, 0), True
    return records


def iter_records(text: str, sep: str, skip_first_line: bool = False) -> Iterator[Record]:
    """Yield each record of delimited text with the line it starts on.

    Parameters
    ----------
    text : str
        Decoded text.
    sep : str
        The separator.
    skip_first_line : bool
        Skip an Excel ``sep=`` directive line (it still counts for line numbers).

    Yields
    ------
    Record
        ``(line, cells, formula_columns)``; cells are stripped and trailing empty cells
        dropped, so a blank line gives an empty list.
    """
    stream = io.StringIO(text, newline=None)  # universal newlines: \r\n, \r and \n
    reader = csv.reader(stream, delimiter=sep, quotechar='"', doublequote=True, strict=False)
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if skip_first_line and start == 1:
                continue
            yield start, *_clean(cells)
    except csv.Error:
        # Only a cell over the csv module's field limit (128 KiB) gets here; the csv module's
        # limit is process-wide, so rather than raise it, the rest is read by a slower parser.
        yield from _slow_records(text, sep, previous)


def _clean(cells: list[str]) -> tuple[list[str], tuple[int, ...]]:
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    formulas = tuple(i for i, c in enumerate(cells) if c[:1] == "=")
    return cells, formulas


def _slow_records(text: str, sep: str, after_line: int) -> Iterator[Record]:
    """Parse quoted delimited text without the csv module's field size limit."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pos, line, n = 0, 1, len(text)
    while line <= after_line and pos < n:  # skip what the csv module already yielded
        nxt = text.find("\n", pos)
        pos, line = (n if nxt < 0 else nxt + 1), line + 1
    plain = re.compile(f"[^{re.escape(sep)}\n]*")
    quoted = re.compile(r'"((?:[^"]|"")*)"?', re.DOTALL)
    while pos < n:
        start, cells = line, []
        while True:
            if pos < n and text[pos] == '"':
                m = quoted.match(text, pos)
                cell = m.group(1).replace('""', '"')
                line += m.group(0).count("\n")
                pos = m.end()
                tail = plain.match(text, pos)  # text after the closing quote, as csv keeps it
                cell += tail.group(0)
                pos = tail.end()
            else:
                m = plain.match(text, pos)
                cell, pos = m.group(0), m.end()
            cells.append(cell)
            if pos < n and text[pos] == sep:
                pos += 1
                continue
            pos += 1  # the newline (or past the end)
            line += 1
            break
        yield start, *_clean(cells)
