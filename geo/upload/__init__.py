"""Planners' own per-town data: read an uploaded file, match its towns, preview what it holds.

Pure data layer (no UI, no database): :func:`read_upload` / :func:`read_path` turn a CSV,
TSV or XLSX file into a :class:`RawTable` of text; :func:`build_preview` matches each row
to one of the atlas's towns, gives each column a role and reads every cell, reporting
whatever cannot be used; :meth:`Preview.content` is the JSON to save and
:func:`content_from_json` reads it back. Every problem is an :class:`UploadError` with a
stable ``code`` and ``params`` that the UI translates.
"""

from geo.upload.content import (
    SCHEMA,
    ContentColumn,
    DatasetContent,
    TownRecord,
    content_from_json,
)
from geo.upload.errors import CellError, UploadError
from geo.upload.limits import MAX_BYTES, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, check_size
from geo.upload.matching import Match, Suggestion, TownMatcher
from geo.upload.numeric import ParsedNumber, parse_number
from geo.upload.preview import (
    ColumnInfo,
    DuplicateNote,
    Preview,
    RejectedCell,
    RowResult,
    TownValues,
    build_preview,
)
from geo.upload.problems import safe_cell
from geo.upload.roles import AGGREGATIONS, HEADER_RULES, ROLES, ColumnRole, HeaderRule
from geo.upload.table import RawTable, SkippedRow, read_path, read_upload
from geo.upload.translit import fold, to_ascii_latin, to_kk_latin
from geo.upload.values import parse_criteria, parse_tier

__all__ = [
    "AGGREGATIONS", "HEADER_RULES", "MAX_BYTES", "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_ROWS",
    "ROLES", "SCHEMA", "CellError", "ColumnInfo", "ColumnRole", "ContentColumn",
    "DatasetContent", "DuplicateNote", "HeaderRule", "Match", "ParsedNumber", "Preview",
    "RawTable", "RejectedCell", "RowResult", "SkippedRow", "Suggestion", "TownMatcher",
    "TownRecord", "TownValues", "UploadError", "build_preview", "check_size",
    "content_from_json", "fold", "parse_criteria", "parse_number", "parse_tier", "read_path",
    "read_upload", "safe_cell", "to_ascii_latin", "to_kk_latin",
]  # fmt: skip
