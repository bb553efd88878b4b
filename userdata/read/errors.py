"""The one exception type of the upload layer, with stable codes for the UI to translate.

A file-level problem (the file cannot be read at all) and a cell-level problem (one cell
cannot be used) are both :class:`UploadError`; the cell-level subclass :class:`CellError`
only exists so callers can catch the two separately. A problem's words are the
catalogue's ``upload_<code>`` (geo/messages/upload.toml) in every language: :meth:`text`
gives the reader's, ``str()`` the English one for logs and the command line.
"""

from __future__ import annotations

from typing import Any

from geo.i18n import t


class UploadError(ValueError):
    """A problem with an uploaded file, a cell, a role setting or stored content.

    Parameters
    ----------
    code : str
        Stable identifier; its text is ``upload_<code>`` in the catalogues.
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
        return self.text("en")

    def text(self, lang: str) -> str:
        """The problem in the reader's language (lists joined with commas)."""
        try:
            return t(f"upload_{self.code}", lang, **{k: _plain(v) for k, v in self.params.items()})
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

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled from the worker process that reads files: rebuilt from code and params.
        return _rebuild, (type(self), self.code, self.params)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"code": ..., **params}``, JSON-serialisable, for a UI or an API."""
        return {"code": self.code, **self.params}


class CellError(UploadError):
    """One cell cannot be used; ``code`` is the reason (``"not_a_number"``, ``"formula"``...)."""


def _rebuild(cls: type[UploadError], code: str, params: dict[str, Any]) -> UploadError:
    return cls(code, **params)


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
