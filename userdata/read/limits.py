"""Every limit on a planner's file, stated once for the app, the command line and the worker.

Three kinds: the table's own limits (size, rows, columns, cell length), the limits an .xlsx
archive is checked against before any of it is parsed, and the hard limits of the worker
process that reads a file (memory, CPU time, wall time). A file that reaches any of them is
refused with a message naming the limit, and nothing of it is saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from userdata.read.errors import UploadError

# 10 MB as Streamlit's uploader counts megabytes in most browsers (10 × 1000²), so the page and
# the command line refuse the same files; the server's own transport cap is set above it.
MAX_BYTES = 10_000_000
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1_000
# The header is looked for among this many non-blank rows at the top of the table.
HEADER_SEARCH_ROWS = 10
# Title and blank rows may come before and between the data rows, but a sheet with anything
# below this row is not a table of at most MAX_ROWS rows (a bomb declares row 20 000 000).
MAX_SHEET_ROW = MAX_ROWS + 1_000

# An .xlsx is a zip archive whose parts expand many times over: these are checked from the
# archive's directory before a part is opened, and again while a part is being read.
MAX_XLSX_PARTS = 1_000  # a workbook of a few sheets has 10-50
MAX_PART_BYTES = 100_000_000  # uncompressed; a 10 MB workbook of plain data stays under it
MAX_PART_RATIO = 100  # uncompressed / compressed; sheets of data compress 5-30 times
RATIO_FROM_BYTES = 1_000_000  # small parts may compress better, and cost nothing
MAX_SHARED_STRINGS = 2_000_000  # entries of the shared-strings table that are read

WORKERS_AT_ONCE = 2  # files read at the same time by one server process; more wait a turn


@dataclass(frozen=True)
class WorkerLimits:
    """The hard limits of the worker process that reads, matches and previews a file.

    Attributes
    ----------
    memory_mb : int
        Address space, in MiB: an allocation beyond it fails, and the worker stops.
    cpu_seconds : int
        CPU time: the kernel stops the worker when it is used up.
    wall_seconds : float
        Time from start to answer: the worker is killed when it runs over (one that waits
        on nothing uses no CPU time), and the wait for a turn counts against it too.
    """

    memory_mb: int = 512
    cpu_seconds: int = 15
    wall_seconds: float = 20.0


WORKER_LIMITS = WorkerLimits()


def check_size(n_bytes: int) -> None:
    """Refuse a file larger than :data:`MAX_BYTES` before it is read.

    Parameters
    ----------
    n_bytes : int
        Size of the file, e.g. from ``os.stat`` or an HTTP ``Content-Length``.

    Raises
    ------
    UploadError
        ``too_large`` (``size``, ``limit``) or ``empty_file``.

    Examples
    --------
    >>> check_size(MAX_BYTES)
    >>> try:
    ...     check_size(MAX_BYTES + 1)
    ... except UploadError as exc:
    ...     print(exc.code, exc.params["limit_mb"])
    too_large 10
    """
    if n_bytes > MAX_BYTES:
        raise UploadError(
            "too_large", size=int(n_bytes), limit=MAX_BYTES, limit_mb=megabytes(MAX_BYTES)
        )
    if n_bytes <= 0:
        raise UploadError("empty_file")


def megabytes(n_bytes: int) -> str:
    """A size in megabytes as the uploader counts them, e.g. ``"10"`` or ``"10.5"``.

    Examples
    --------
    >>> megabytes(MAX_BYTES), megabytes(10_485_760)
    ('10', '10.5')
    """
    return f"{n_bytes / 1_000_000:.1f}".removesuffix(".0")
