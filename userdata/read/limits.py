"""Size limits of an upload, and the check a caller makes before reading a file whole."""

from __future__ import annotations

from userdata.read.errors import UploadError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1_000
# The header is looked for among this many non-blank rows at the top of the table.
HEADER_SEARCH_ROWS = 10


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
    """
    if n_bytes > MAX_BYTES:
        raise UploadError("too_large", size=int(n_bytes), limit=MAX_BYTES)
    if n_bytes <= 0:
        raise UploadError("empty_file")
