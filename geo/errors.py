"""The one error type the data layer raises for bad input files."""

from __future__ import annotations


class DataError(ValueError):
    """A data file is malformed; the message names the file, and the row and column if known.

    Parameters
    ----------
    file : str
        Name of the offending file.
    problem : str
        What is wrong, in plain words.
    row : int, optional
        1-based data row (the header is row 0), as a spreadsheet user would count it.
    column : str, optional
        The offending column.
    """

    def __init__(
        self, file: str, problem: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.file, self.problem, self.row, self.column = file, problem, row, column
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {problem}")
