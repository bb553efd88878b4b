"""Planners' own per-town data: read an uploaded file, match its towns, preview what it holds.

Pure data layer (no UI, no database): :func:`read_upload` / :func:`read_path` turn a CSV,
TSV or XLSX file into a :class:`RawTable` of text; :func:`build_preview` matches each row
to one of the atlas's towns, gives each column a role and reads every cell, reporting
whatever cannot be used; :meth:`Preview.content` is the JSON to save and
:func:`content_from_json` reads it back. Every problem is an :class:`UploadError` with a
stable ``code`` and ``params`` that the UI translates.

A server or the command line never calls these on a planner's file itself: it calls
:func:`userdata.read.bounded.read_bounded`, which runs them in a worker process within the
limits of :mod:`userdata.read.limits`.
"""

from userdata.read.content import (
    SCHEMA,
    ContentColumn,
    DatasetContent,
    TownRecord,
    content_from_json,
)
from userdata.read.errors import CellError, UploadError
from userdata.read.limits import MAX_BYTES, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, check_size
from userdata.read.matching import Match, Suggestion, TownMatcher
from userdata.read.numeric import ParsedNumber, parse_number
from userdata.read.preview import (
    ColumnInfo,
    DuplicateNote,
    Preview,
    RejectedCell,
    RowResult,
    TownValues,
    build_preview,
)
from userdata.read.problems import safe_cell
from userdata.read.roles import AGGREGATIONS, HEADER_RULES, ROLES, ColumnRole, HeaderRule
from userdata.read.table import RawTable, SkippedRow, read_path, read_upload
from userdata.read.translit import fold, to_ascii_latin, to_kk_latin
from userdata.read.values import parse_criteria, parse_tier

__all__ = [
    "AGGREGATIONS", "HEADER_RULES", "MAX_BYTES", "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_ROWS",
    "ROLES", "SCHEMA", "CellError", "ColumnInfo", "ColumnRole", "ContentColumn",
    "DatasetContent", "DuplicateNote", "HeaderRule", "Match", "ParsedNumber", "Preview",
    "RawTable", "RejectedCell", "RowResult", "SkippedRow", "Suggestion", "TownMatcher",
    "TownRecord", "TownValues", "UploadError", "build_preview", "check_size",
    "content_from_json", "fold", "parse_criteria", "parse_number", "parse_tier", "read_path",
    "read_upload", "safe_cell", "to_ascii_latin", "to_kk_latin",
]  # fmt: skip
