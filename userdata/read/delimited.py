"""Split CSV/TSV text into records: sniff the separator, then yield numbered rows of cells."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator

from userdata.read.records import Overlong, Record, cut

# On a tie the earlier one wins: a semicolon file is what a ru/kk-locale spreadsheet writes
# (its decimal mark is the comma), and tabs rarely appear inside cell text.
SEPARATORS = (";", "\t", ",")
_SNIFF_RECORDS = 30
_SNIFF_CHARS = 65_536
# Share of lines a separator must fit (within one) to be weighed by the fields it gives.
FITS_WELL = 0.8
_SEP_DIRECTIVE = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)


def sep_directive(text: str) -> str | None:
    """Return the separator named by an Excel ``sep=;`` first line, or None."""
    first = text.split("\n", 1)[0]
    match = _SEP_DIRECTIVE.match(first)
    return match.group(1) if match and match.group(1) in SEPARATORS else None


def sniff_separator(text: str, preferred: str | None = None) -> str:
    """Choose the separator that splits the first lines into a consistent number of fields.

    Separators inside double quotes are not counted, so a decimal comma in a quoted cell of a
    comma file does not count. A separator fits a line whose count is within one of its most
    common count (a line with a stray separator is still the file's kind). Among separators
    that fit at least :data:`FITS_WELL` of the lines, one that splits that share of lines
    into exactly the same count wins (a comma inside "1,000,000" splits lines unevenly); then
    the one giving more fields (a decimal comma that each line of a semicolon file has once
    loses to the semicolon); then the one fitting more lines, exactly fitting more lines, and
    the order of
    :data:`SEPARATORS`. Leading lines without the separator (titles) are not counted against
    it.

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
        # A line with one field more or less (a separator typed inside a cell) does not make
        # the file's separator less likely than a decimal comma that every line happens to
        # have once; among separators that fit that well, the one giving more fields wins.
        near = sum(abs(n - mode) <= 1 for n in per_record) / len(per_record)
        exact = sum(n == mode for n in per_record) / len(per_record)
        # A separator that splits most lines exactly alike beats one that does not: a comma
        # inside numbers ("1,000,000") splits a semicolon file's lines unevenly.
        score = (near >= FITS_WELL, exact >= FITS_WELL, mode, near, exact, -rank)
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
        Cells stripped, cut to the cell limit (:func:`userdata.read.records.cut`), trailing
        empty cells dropped (a blank line gives no cells), with the fields as written.
    """
    # The csv module refuses a field over its limit (128 KiB by default) mid-file. The text is
    # at most MAX_BYTES, so a limit above its length lets every field through whole, in C, and
    # the cell limit then applies to each as it arrives. The setting is process-wide; it is
    # only ever raised, to the size of a file that is already in memory.
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)
    stream = io.StringIO(text, newline=None)  # universal newlines: \r\n, \r and \n
    reader = csv.reader(stream, delimiter=sep, quotechar='"', doublequote=True, strict=False)
    previous = 0
    for fields in reader:
        start, previous = previous + 1, reader.line_num
        if skip_first_line and start == 1:
            continue
        yield _record(start, fields)


def _record(line: int, fields: list[str]) -> Record:
    cells: list[str] = []
    overlong: dict[int, Overlong] = {}
    for i, field in enumerate(fields):
        cell, cut_at = cut(field)
        cells.append(cell)
        if cut_at is not None:
            overlong[i] = cut_at
    while cells and not cells[-1]:
        cells.pop()
    formulas = tuple(i for i, c in enumerate(cells) if c[:1] == "=")
    return Record(line, cells, formulas, overlong or None, len(fields), fields)
