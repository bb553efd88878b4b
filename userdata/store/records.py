"""The records the store returns: frozen, and free of secrets in their repr."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Created:
    """A dataset just stored: its id and its write key, which is shown to the user only once.

    Attributes
    ----------
    dataset_id : str
        The dataset's unguessable id, safe to put in a URL.
    write_key : str
        The key that renames, shares and deletes the dataset. The store keeps only its hash,
        so it cannot be recovered; it is left out of ``repr`` so that logs never hold it.
    """

    dataset_id: str
    write_key: str = field(repr=False)


@dataclass(frozen=True)
class DatasetSummary:
    """What a list of datasets shows: everything but the data.

    Attributes
    ----------
    dataset_id : str
        The unguessable id.
    name : str
        The user's name for it, cleaned.
    file_name : str
        The uploaded file's name, without folders.
    uploaded_at : datetime
        When it was stored, timezone-aware UTC.
    sha256 : str
        Hex digest of the original bytes.
    size : int
        Length of the original bytes.
    content_version : int
        Version of the parsed content's format, as given by the caller at creation.
    owner : str or None
        The signed-in uploader's e-mail address, lower case; None without sign-in.
    """

    dataset_id: str
    name: str
    file_name: str
    uploaded_at: datetime
    sha256: str
    size: int
    content_version: int
    owner: str | None


@dataclass(frozen=True)
class Dataset(DatasetSummary):
    """A whole dataset: the summary plus the original bytes, parsed content and column roles.

    Attributes
    ----------
    original : bytes
        The uploaded file, byte for byte.
    content : dict
        The parsed content as the caller gave it (a fresh copy on every read).
    roles : dict
        The column roles as the caller gave them (a fresh copy on every read).
    """

    original: bytes = field(repr=False)
    content: dict[str, Any] = field(repr=False)
    roles: dict[str, Any] = field(repr=False)
