"""The one exception type of the upload layer, with stable codes for the UI to translate.

A file-level problem (the file cannot be read at all) and a cell-level problem (one cell
cannot be used) are both :class:`UploadError`; the cell-level subclass :class:`CellError`
only exists so callers can catch the two separately. The UI translates ``code`` with
``params`` into Kazakh, Russian or English; the English templates here are for logs and
the command line only.
"""

from __future__ import annotations

from typing import Any

# English texts for logs/CLI. The UI keeps its own kk/ru/en catalogue keyed by the same codes,
# so these sentences are never the only content of an error.
ENGLISH: dict[str, str] = {
    # Reading the file
    "empty_file": "the file is empty",
    "empty_sheet": "sheet '{sheet}' is empty",
    "binary_file": "the file is not text (binary content at byte {offset})",
    "bad_encoding": "the text encoding is not supported ({encoding}); save as CSV UTF-8",
    "too_large": "the file is {size} bytes, more than the limit of {limit} bytes",
    "too_many_rows": "the table has more than {limit} data rows",
    "too_many_columns": "the table has {count} columns, more than the limit of {limit}",
    "unsupported_format": "files of type '{extension}' cannot be read; use CSV, TSV or XLSX",
    "xls_format": "'{file_name}' is an old .xls or a password-protected workbook; save as .xlsx",
    "not_xlsx": "'{file_name}' is not a readable .xlsx workbook ({reason})",
    "unknown_sheet": "there is no sheet '{sheet}'; the sheets are: {sheets}",
    "no_header": "no header row found in the first {rows_checked} rows",
    "no_data": "the table has a header (line {header_line}) but no data rows",
    "cannot_read": "the file cannot be read ({reason})",
    # Building the preview
    "no_town_column": "no column names the towns; columns: {headers}",
    "no_value_columns": "no column holds a tier, criterion or number",
    "no_towns_matched": "none of the {rows} rows names a known town",
    "duplicate_conflict": "town '{town_id}' has different values on lines {lines} ({columns})",
    "header_too_long": "the header of column {column} is {length} characters (limit {limit})",
    "preview_has_errors": "the preview has {count} error(s) and cannot be saved",
    # Roles set by hand
    "unknown_column": "there is no column '{column}'",
    "bad_role": "column '{column}' cannot take role '{role}'; roles: {allowed}",
    "bad_aggregation": "column '{column}': aggregation '{aggregation}' is not one of {allowed}",
    "duplicate_role": "role '{role}' is given to more than one column: {columns}",
    # Stored content
    "bad_content": "stored dataset is invalid at {field}: {problem}",
    # Cells
    "not_a_number": "'{value}' is not a number",
    "ambiguous_number": "'{value}' could be a decimal or a thousands separator",
    "no_data_mark": "'{value}' marks missing data",
    "out_of_range": "'{value}' is too large",
    "formula": "'{value}' is a formula; formulas are not evaluated",
    "spreadsheet_error": "'{value}' is a spreadsheet error",
    "too_long": "the cell has {length} characters (limit {limit})",
    "unknown_tier": "'{value}' is not a tier (high, average, low)",
    "unknown_criterion": "'{value}' is not a criterion (1, 2, 3)",
    "unit_mismatch": "'{value}' has unit '{unit}', the column's unit is '{expected}'",
    # Rows
    "empty_key": "the town cell is empty",
    "unmatched": "'{value}' is not a known town",
    "ambiguous": "'{value}' matches more than one town: {candidates}",
}


class UploadError(ValueError):
    """A problem with an uploaded file, a cell, a role setting or stored content.

    Parameters
    ----------
    code : str
        Stable identifier (a key of :data:`ENGLISH`) that the UI translates.
    **params
        Plain values (str, int, float, lists of them) that the translated text fills in.

    Attributes
    ----------
    code : str
    params : dict
        The keyword arguments, kept apart from ``Exception.args``.
    """

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code, params)

    def __str__(self) -> str:
        template = ENGLISH.get(self.code)
        if template is None:
            return f"{self.code}: {self.params}"
        try:
            return template.format(**{k: _english(v) for k, v in self.params.items()})
        except (KeyError, IndexError):  # a template/params mismatch must not hide the error
            return f"{self.code}: {self.params}"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadError)
            and type(other) is type(self)
            and (self.code, self.params) == (other.code, other.params)
        )

    def __hash__(self) -> int:
        return hash((type(self), self.code))

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"code": ..., **params}``, JSON-serialisable, for a UI or an API."""
        return {"code": self.code, **self.params}


class CellError(UploadError):
    """One cell cannot be used; ``code`` is the reason (``"not_a_number"``, ``"formula"``...)."""


def _english(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
