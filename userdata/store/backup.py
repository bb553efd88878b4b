"""Back up every dataset to one file, and restore it into any store (SQLite or PostgreSQL).

The file is JSON Lines, UTF-8: a header, one line per dataset (sorted by id), and a trailer
with the count and a SHA-256 of the lines before it::

    {"datasets": 2, "format": "monoqala-datasets", "schema": 1, "version": 1}
    {"content": "...", "content_version": 1, "file_name": "...", "id": "...", ...}
    {"datasets": 2, "end": true, "sha256": "..."}

A dataset keeps everything: its id (links keep working), name, file name, upload time,
checksum, original bytes (base64), parsed content and column roles exactly as stored, owner,
the colleagues it is shared with, and the hash of its write key (the key itself was never
stored, and still works after a restore). The same datasets give the same file byte for
byte, whichever database they were dumped from.

A restore checks the whole file first (shape, checksums, sizes, the trailer: a truncated file
is refused) and writes in one transaction: it adds every dataset or none. A dataset already
in the store with the same content is left as it is; one with the same id and other content
stops the restore.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import Connection, func, select

from userdata.store import text, tokens
from userdata.store.errors import StoreError
from userdata.store.migrations import LATEST
from userdata.store.schema import dataset_shares, datasets
from userdata.store.store import (
    MAX_CONTENT_BYTES,
    MAX_ORIGINAL_BYTES,
    MAX_ROLES_BYTES,
    DatasetStore,
)

FORMAT = "monoqala-datasets"
VERSION = 1
_HEX64 = re.compile(r"[0-9a-f]{64}")
# Rows read at a time while dumping: each may hold up to 10 MiB of original bytes.
_BATCH = 16
_FIELDS = {
    "id",
    "name",
    "file_name",
    "uploaded_at",
    "sha256",
    "size",
    "original",
    "content",
    "roles",
    "content_version",
    "owner",
    "write_key_hash",
    "shares",
}
# Reader-facing texts are ``backup_<code>`` in the catalogues; args by name.
CODES: dict[str, tuple[str, ...]] = {
    # Not a dump of this program: no header, or another format.
    "not_a_dump": (),
    # A dump written by a newer version of the program.
    "too_new": ("found", "known"),
    # The file ends before its trailer: it was cut short (a full disk, an interrupted copy).
    "truncated": (),
    # line: 1-based line number; field: the field that is wrong.
    "bad_record": ("line", "field"),
    # The trailer's count or checksum does not match the lines before it.
    "bad_checksum": (),
    # A dataset with this line's id is already in the store with other content.
    "conflict": ("line",),
}


class BackupError(Exception):
    """A dump that cannot be restored, with a stable ``code`` and plain-value args.

    The message never quotes the file's content (which can be a planner's confidential data).
    """

    def __init__(self, code: str, *args: str | int) -> None:
        if code not in CODES:
            raise ValueError(f"unknown backup error code {code!r}")
        super().__init__(*args)
        self.code = code

    def __str__(self) -> str:
        return self.code + (": " + ", ".join(str(a) for a in self.args) if self.args else "")

    def text(self, lang: str) -> str:
        """The problem in the reader's language (``backup_<code>`` in the catalogues)."""
        from geo.i18n import t

        return t(
            f"backup_{self.code}", lang, **dict(zip(CODES[self.code], self.args, strict=False))
        )


@dataclass(frozen=True)
class Restored:
    """What a restore did: datasets added, and datasets already there unchanged."""

    added: int
    unchanged: int


def _line(value: dict[str, Any]) -> bytes:
    return (
        json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    ).encode()


def _when(value: datetime) -> str:
    # SQLite keeps no time zone: the store wrote UTC, so a naive value is UTC.
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def dump(store: DatasetStore, out: IO[bytes]) -> int:
    """Write every dataset in ``store`` to ``out``; returns how many.

    Parameters
    ----------
    store : DatasetStore
        The store to read, in one read transaction (a consistent snapshot on PostgreSQL).
    out : binary file
        Where the dump goes.

    Raises
    ------
    StoreError
        ``unavailable``.
    """
    digest = hashlib.sha256()

    def write(value: dict[str, Any]) -> None:
        line = _line(value)
        digest.update(line)
        out.write(line)

    with store._read() as conn:
        count = conn.scalar(select(func.count()).select_from(datasets)) or 0
        write({"format": FORMAT, "version": VERSION, "schema": LATEST, "datasets": count})
        for record in _records(conn):
            write(record)
    out.write(_line({"end": True, "datasets": count, "sha256": digest.hexdigest()}))
    return count


def _records(conn: Connection) -> Iterator[dict[str, Any]]:
    shares: dict[str, list[str]] = {}
    for dataset_id, principal in conn.execute(
        select(dataset_shares.c.dataset_id, dataset_shares.c.principal).order_by(
            dataset_shares.c.dataset_id, dataset_shares.c.principal
        )
    ):
        shares.setdefault(dataset_id, []).append(principal)
    rows = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(
        select(datasets).order_by(datasets.c.id)
    )
    for row in rows:
        yield {
            "id": row.id,
            "name": row.name,
            "file_name": row.file_name,
            "uploaded_at": _when(row.uploaded_at),
            "sha256": row.sha256,
            "size": row.size,
            "original": base64.b64encode(bytes(row.original)).decode("ascii"),
            "content": row.content,
            "roles": row.roles,
            "content_version": row.content_version,
            "owner": row.owner,
            "write_key_hash": row.write_key_hash,
            "shares": shares.get(row.id, []),
        }


def read_dump(lines: Iterable[bytes]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The dump's datasets as (line number, row values), each checked; the trailer last.

    Raises
    ------
    BackupError
        At the first problem (see :data:`CODES`).
    """
    digest = hashlib.sha256()
    count, header_seen, end = 0, False, None
    for number, raw in enumerate(lines, start=1):
        if end is not None:
            raise BackupError("bad_record", number, "end")
        value = _json_object(raw, number)
        if not header_seen:
            _check_header(value)
            header_seen, expected = True, value["datasets"]
            digest.update(raw)
            continue
        if value.get("end") is True:
            end = value
            continue
        digest.update(raw)
        count += 1
        yield number, _row(value, number)
    if not header_seen:
        raise BackupError("not_a_dump")
    if end is None:
        raise BackupError("truncated")
    if end.get("datasets") != count or count != expected or end.get("sha256") != digest.hexdigest():
        raise BackupError("bad_checksum")


def _json_object(raw: bytes, number: int) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        if number == 1:
            raise BackupError("not_a_dump") from None
        raise BackupError("bad_record", number, "json") from None
    if not isinstance(value, dict):
        if number == 1:
            raise BackupError("not_a_dump")
        raise BackupError("bad_record", number, "json")
    return value


def _check_header(value: dict[str, Any]) -> None:
    if value.get("format") != FORMAT or not isinstance(value.get("version"), int):
        raise BackupError("not_a_dump")
    if value["version"] > VERSION:
        raise BackupError("too_new", value["version"], VERSION)
    if not isinstance(value.get("datasets"), int) or value["datasets"] < 0:
        raise BackupError("not_a_dump")


def _row(value: dict[str, Any], number: int) -> dict[str, Any]:
    """The datasets row and shares a record describes, or ``bad_record`` naming the field."""

    def bad(field: str) -> BackupError:
        return BackupError("bad_record", number, field)

    if set(value) != _FIELDS:
        raise bad(sorted(set(value) ^ _FIELDS)[0])
    if not tokens.is_dataset_id(value["id"]):
        raise bad("id")
    for name in ("name", "file_name"):
        cleaner = text.clean_name if name == "name" else text.clean_file_name
        try:
            clean = cleaner(value[name])
        except (StoreError, TypeError):
            raise bad(name) from None
        if clean != value[name]:
            raise bad(name)
    try:
        uploaded = datetime.strptime(value["uploaded_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
            tzinfo=UTC
        )
    except (TypeError, ValueError):
        raise bad("uploaded_at") from None
    try:
        original = base64.b64decode(value["original"], validate=True)
    except (TypeError, ValueError, binascii.Error):
        raise bad("original") from None
    if len(original) > MAX_ORIGINAL_BYTES:
        raise bad("original")
    if not isinstance(value["size"], int) or value["size"] != len(original):
        raise bad("size")
    if value["sha256"] != hashlib.sha256(original).hexdigest():
        raise bad("sha256")
    for name, limit in (("content", MAX_CONTENT_BYTES), ("roles", MAX_ROLES_BYTES)):
        stored = value[name]
        if not isinstance(stored, str) or len(stored.encode("utf-8", "surrogatepass")) > limit:
            raise bad(name)
        try:
            if not isinstance(json.loads(stored), dict):
                raise bad(name)
        except ValueError:
            raise bad(name) from None
    version = value["content_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise bad("content_version")
    if not isinstance(value["write_key_hash"], str) or not _HEX64.fullmatch(
        value["write_key_hash"]
    ):
        raise bad("write_key_hash")
    owner = value["owner"]
    if owner is not None and text.principal_or_none(owner) != owner:
        raise bad("owner")
    shares = value["shares"]
    if (
        not isinstance(shares, list)
        or owner is None
        and shares
        or shares != sorted(set(shares))
        or any(text.principal_or_none(p) != p or p == owner for p in shares)
    ):
        raise bad("shares")
    return {
        **{k: value[k] for k in _FIELDS - {"original", "uploaded_at", "shares"}},
        "original": original,
        "uploaded_at": uploaded,
        "shares": shares,
    }


def restore(store: DatasetStore, lines: Iterable[bytes]) -> Restored:
    """Add the datasets of a dump to ``store``: all of them, or none.

    Parameters
    ----------
    store : DatasetStore
        The store to write to (SQLite or PostgreSQL, empty or not).
    lines : iterable of bytes
        The dump's lines (a file opened in binary mode).

    Returns
    -------
    Restored
        How many datasets were added, and how many were already there unchanged.

    Raises
    ------
    BackupError
        The file is not a whole, well-formed dump, or it holds a dataset whose id the store
        already has with other content; nothing was written.
    StoreError
        ``unavailable``.
    """
    added = unchanged = 0
    with store._write() as conn:
        for number, row in read_dump(lines):
            shares = row.pop("shares")
            found = conn.execute(select(datasets).where(datasets.c.id == row["id"])).one_or_none()
            if found is not None:
                if not _same(found, row, shares, conn):
                    raise BackupError("conflict", number)
                unchanged += 1
                continue
            conn.execute(datasets.insert().values(**row))
            if shares:
                conn.execute(
                    dataset_shares.insert(),
                    [{"dataset_id": row["id"], "principal": p} for p in shares],
                )
            added += 1
    return Restored(added, unchanged)


def _same(found: Any, row: dict[str, Any], shares: list[str], conn: Connection) -> bool:
    """Whether the stored dataset is the one in the dump (its shares included)."""
    stored = {k: getattr(found, k) for k in row}
    stored["original"] = bytes(stored["original"])
    stored["uploaded_at"] = _when(stored["uploaded_at"])
    wanted = {**row, "uploaded_at": _when(row["uploaded_at"])}
    have = sorted(
        conn.scalars(
            select(dataset_shares.c.principal).where(dataset_shares.c.dataset_id == row["id"])
        )
    )
    return stored == wanted and have == shares
