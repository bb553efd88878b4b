"""The dataset store: planners' uploads kept private in SQLite or PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, delete, exists, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from userdata.read.limits import MAX_BYTES
from userdata.store import engines, migrations, settings, text, tokens
from userdata.store.errors import StoreError
from userdata.store.records import Created, Dataset, DatasetSummary
from userdata.store.schema import dataset_shares, datasets

MAX_ORIGINAL_BYTES = MAX_BYTES  # the upload limit: an original is the uploaded file
MAX_CONTENT_BYTES = 20 * 1024 * 1024
MAX_ROLES_BYTES = 1024 * 1024

_SUMMARY = (
    datasets.c.id,
    datasets.c.name,
    datasets.c.file_name,
    datasets.c.uploaded_at,
    datasets.c.sha256,
    datasets.c.size,
    datasets.c.content_version,
    datasets.c.owner,
)


class DatasetStore:
    """Planners' datasets in a database: SQLite by default, PostgreSQL by URL.

    A dataset is private: it is read through its unguessable id only, and when it has an owner,
    only by that owner and the colleagues it is shared with. Renaming, sharing and deleting
    take the write key returned once by :meth:`create`, or being the signed-in owner. There is
    deliberately no way to list every dataset.

    Safe to use from several threads; several processes may open the same database.

    Parameters
    ----------
    url : str, optional
        An SQLAlchemy database URL; by default ``MONOQALA_DATABASE_URL``, else an SQLite file in
        ``MONOQALA_DATA_DIR`` or ``$XDG_DATA_HOME/monoqala`` (see :mod:`userdata.store.settings`).

    Raises
    ------
    StoreError
        ``bad_url``, ``bad_setting``, ``unavailable`` or ``schema_too_new``.
    """

    def __init__(self, url: str | None = None) -> None:
        self._url = settings.database_url(url)
        self._closed = False
        self._engine = engines.acquire(self._url, migrations.migrate)

    @property
    def url(self) -> str:
        """The database URL with its password hidden."""
        return settings.safe_url(self._url)

    def __repr__(self) -> str:
        return f"DatasetStore({self.url!r})"

    def __enter__(self) -> DatasetStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop using the database; the last store on a URL closes its connections."""
        if not self._closed:
            self._closed = True
            engines.release(self._url)

    def create(
        self,
        *,
        name: str,
        file_name: str,
        original: bytes,
        content: dict[str, Any],
        roles: dict[str, Any],
        owner: str | None = None,
        content_version: int = 1,
    ) -> Created:
        """Store a new dataset and return its id and its write key (shown to the user once).

        Parameters
        ----------
        name : str
            The user's name for it; control and bidi characters are removed.
        file_name : str
            The uploaded file's name; any folders are dropped.
        original : bytes
            The uploaded file, at most :data:`~userdata.read.limits.MAX_BYTES`.
        content : dict
            The parsed content, JSON-serialisable, at most 20 MiB as JSON.
        roles : dict
            The column roles, JSON-serialisable, at most 1 MiB as JSON.
        owner : str, optional
            The signed-in user's e-mail address; then only they (and colleagues they share
            with) can read it.
        content_version : int
            Version of the content's format, for readers of old datasets.

        Raises
        ------
        StoreError
            ``bad_name``, ``bad_file_name``, ``bad_principal``, ``bad_content``, ``too_large``,
            ``unavailable``.
        """
        clean_name = text.clean_name(name)
        clean_file_name = text.clean_file_name(file_name)
        clean_owner = None if owner is None else text.principal(owner)
        if not isinstance(original, bytes | bytearray | memoryview):
            raise StoreError("bad_content", "original")
        raw = bytes(original)
        if len(raw) > MAX_ORIGINAL_BYTES:
            raise StoreError("too_large", "original", len(raw), MAX_ORIGINAL_BYTES)
        content_json = _to_json("content", content, MAX_CONTENT_BYTES)
        roles_json = _to_json("roles", roles, MAX_ROLES_BYTES)
        if not isinstance(content_version, int) or content_version < 1:
            raise ValueError("content_version must be a positive integer")
        dataset_id, write_key = tokens.new_dataset_id(), tokens.new_write_key()
        with self._write() as conn:
            conn.execute(
                datasets.insert().values(
                    id=dataset_id,
                    name=clean_name,
                    file_name=clean_file_name,
                    uploaded_at=datetime.now(UTC),
                    sha256=hashlib.sha256(raw).hexdigest(),
                    size=len(raw),
                    original=raw,
                    content=content_json,
                    roles=roles_json,
                    content_version=content_version,
                    owner=clean_owner,
                    write_key_hash=tokens.key_hash(write_key),
                )
            )
        return Created(dataset_id, write_key)

    def get(self, dataset_id: str, user: str | None = None) -> Dataset | None:
        """The dataset, or None when the id is unknown or malformed or ``user`` may not read it.

        Parameters
        ----------
        dataset_id : str
            The id, typically from a URL; anything not shaped like an id is answered without
            touching the database.
        user : str, optional
            The signed-in user's e-mail address; None when not signed in.

        Raises
        ------
        StoreError
            ``unavailable``.
        """
        if not tokens.is_dataset_id(dataset_id):
            return None
        who = text.principal_or_none(user)
        # One query that finds only what the caller may read: a stranger's request never loads
        # the bytes, and takes as long as one for an unknown id.
        query = select(datasets).where(datasets.c.id == dataset_id, _readable_by(who))
        with self._read() as conn:
            row = conn.execute(query).one_or_none()
        if row is None:
            return None
        return Dataset(
            *_summary_values(row),
            original=bytes(row.original),
            content=json.loads(row.content),
            roles=json.loads(row.roles),
        )

    def summary(self, dataset_id: str, user: str | None = None) -> DatasetSummary | None:
        """What :meth:`get` would find, without the data: a cheap check on every page run
        that the dataset still exists and is unchanged (its name and checksum)."""
        if not tokens.is_dataset_id(dataset_id):
            return None
        who = text.principal_or_none(user)
        query = select(*_SUMMARY).where(datasets.c.id == dataset_id, _readable_by(who))
        with self._read() as conn:
            row = conn.execute(query).one_or_none()
        return None if row is None else DatasetSummary(*_summary_values(row))

    def rename(
        self,
        dataset_id: str,
        name: str,
        *,
        write_key: str | None = None,
        user: str | None = None,
    ) -> None:
        """Give a dataset a new name; needs its write key or being its signed-in owner.

        Raises
        ------
        StoreError
            ``bad_name``, ``not_found``, ``bad_key``, ``unavailable``.
        """
        new_name = text.clean_name(name)
        with self._changing(dataset_id, write_key, user) as (conn, _):
            conn.execute(update(datasets).where(datasets.c.id == dataset_id).values(name=new_name))

    def delete(
        self, dataset_id: str, *, write_key: str | None = None, user: str | None = None
    ) -> None:
        """Delete a dataset with its bytes and shares; needs its write key or its owner.

        Raises
        ------
        StoreError
            ``not_found``, ``bad_key``, ``unavailable``.
        """
        with self._changing(dataset_id, write_key, user) as (conn, _):
            # Explicit rather than left to ON DELETE CASCADE, which a connection without
            # foreign keys enabled (an SQLite shell, say) would skip.
            conn.execute(delete(dataset_shares).where(dataset_shares.c.dataset_id == dataset_id))
            conn.execute(delete(datasets).where(datasets.c.id == dataset_id))

    def share(
        self,
        dataset_id: str,
        principal: str,
        *,
        write_key: str | None = None,
        user: str | None = None,
    ) -> None:
        """Let the colleague with e-mail address ``principal`` read an owned dataset.

        Sharing twice, or with the owner, changes nothing.

        Raises
        ------
        StoreError
            ``bad_principal``, ``not_found``, ``bad_key``, ``no_owner``, ``unavailable``.
        """
        colleague = text.principal(principal)
        with self._changing(dataset_id, write_key, user) as (conn, row):
            if row.owner is None:
                raise StoreError("no_owner")
            if colleague == row.owner:
                return
            insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
            conn.execute(
                insert(dataset_shares)
                .values(dataset_id=dataset_id, principal=colleague)
                .on_conflict_do_nothing()
            )

    def unshare(
        self,
        dataset_id: str,
        principal: str,
        *,
        write_key: str | None = None,
        user: str | None = None,
    ) -> None:
        """Stop sharing a dataset with ``principal``; a no-op when it was not shared.

        Raises
        ------
        StoreError
            ``bad_principal``, ``not_found``, ``bad_key``, ``unavailable``.
        """
        colleague = text.principal(principal)
        with self._changing(dataset_id, write_key, user) as (conn, _):
            conn.execute(
                delete(dataset_shares).where(
                    dataset_shares.c.dataset_id == dataset_id,
                    dataset_shares.c.principal == colleague,
                )
            )

    def shares(
        self, dataset_id: str, *, write_key: str | None = None, user: str | None = None
    ) -> list[str]:
        """The e-mail addresses a dataset is shared with, sorted; for its owner or key holder.

        Raises
        ------
        StoreError
            ``not_found``, ``bad_key``, ``unavailable``.
        """
        _check_id(dataset_id)
        with self._read() as conn:
            _authorize(conn, dataset_id, write_key, user, lock=False)
            found = conn.scalars(
                select(dataset_shares.c.principal)
                .where(dataset_shares.c.dataset_id == dataset_id)
                .order_by(dataset_shares.c.principal)
            )
            return list(found)

    def owned_by(self, user: str) -> list[DatasetSummary]:
        """The datasets ``user`` owns, newest first: never anybody else's.

        Raises
        ------
        StoreError
            ``bad_principal``, ``unavailable``.
        """
        owner = text.principal(user)
        with self._read() as conn:
            rows = conn.execute(
                select(*_SUMMARY)
                .where(datasets.c.owner == owner)
                .order_by(datasets.c.uploaded_at.desc(), datasets.c.id)
            )
            return [DatasetSummary(*_summary_values(row)) for row in rows]

    @contextmanager
    def _changing(
        self, dataset_id: str, write_key: str | None, user: str | None
    ) -> Iterator[tuple[Connection, Row[Any]]]:
        """A write transaction on a dataset the caller may change, with its owner's row.

        The id is checked before any query, and the row stays locked until the change
        commits (see :func:`_authorize`).
        """
        _check_id(dataset_id)
        with self._write() as conn:
            yield conn, _authorize(conn, dataset_id, write_key, user)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A read transaction, with connection failures turned into ``unavailable``."""
        with self._session(write=False) as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction, with connection failures turned into ``unavailable``."""
        with self._session(write=True) as conn:
            yield conn

    @contextmanager
    def _session(self, *, write: bool) -> Iterator[Connection]:
        """A transaction on this store's engine, refused once the store is closed."""
        if self._closed:
            raise StoreError("closed")
        with engines.translated(self._url), engines.transaction(self._engine, write=write) as conn:
            yield conn


def _to_json(what: str, value: object, limit: int) -> str:
    """``value`` as compact JSON text, refused when not a dict or longer than ``limit`` bytes."""
    if not isinstance(value, dict):
        raise StoreError("bad_content", what)
    try:
        # allow_nan=False: NaN and Infinity are not JSON, and other readers would choke on them.
        encoded = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        # A lone surrogate passes json.dumps but cannot be stored as UTF-8.
        size = len(encoded.encode("utf-8"))
    except (TypeError, ValueError):
        raise StoreError("bad_content", what) from None
    if size > limit:
        raise StoreError("too_large", what, size, limit)
    return encoded


def _summary_values(row: Row[Any]) -> tuple[Any, ...]:
    """The :class:`DatasetSummary` fields of a datasets row, with ``uploaded_at`` in UTC."""
    uploaded = row.uploaded_at
    # SQLite keeps no time zone: the store wrote UTC, so a naive value is UTC.
    uploaded = uploaded.replace(tzinfo=UTC) if uploaded.tzinfo is None else uploaded.astimezone(UTC)
    return (
        row.id,
        row.name,
        row.file_name,
        uploaded,
        row.sha256,
        row.size,
        row.content_version,
        row.owner,
    )


def _readable_by(who: str | None) -> ColumnElement[bool]:
    """SQL condition on ``datasets``: rows ``who`` may read (see :func:`_readable`)."""
    if who is None:
        return datasets.c.owner.is_(None)
    shared = exists().where(
        dataset_shares.c.dataset_id == datasets.c.id, dataset_shares.c.principal == who
    )
    return or_(datasets.c.owner.is_(None), datasets.c.owner == who, shared)


def _readable(conn: Connection, dataset_id: str, owner: str | None, who: str | None) -> bool:
    """Whether ``who`` may read: anyone when there is no owner, else the owner or a colleague."""
    if owner is None or who == owner:
        return True
    if who is None:
        return False
    shared = select(
        exists().where(dataset_shares.c.dataset_id == dataset_id, dataset_shares.c.principal == who)
    )
    return bool(conn.scalar(shared))


def _check_id(dataset_id: object) -> None:
    """Refuse, before any query and without a lock, an id that cannot be one (from a URL, say)."""
    if not tokens.is_dataset_id(dataset_id):
        raise StoreError("not_found")


def _authorize(
    conn: Connection,
    dataset_id: str,
    write_key: str | None,
    user: str | None,
    *,
    lock: bool = True,
) -> Row[Any]:
    """The dataset's row when the caller may change it; else ``not_found`` or ``bad_key``.

    Callers who may not read the dataset get ``not_found``, as for an unknown id, so that a
    wrong key does not confirm that a private dataset exists. ``lock`` is for the callers
    that change the dataset.
    """
    _check_id(dataset_id)
    query = select(datasets.c.owner, datasets.c.write_key_hash).where(datasets.c.id == dataset_id)
    if lock:
        # PostgreSQL: hold the row until the change commits, so that a delete cannot slip in
        # between the check and the change. SQLite needs nothing: BEGIN IMMEDIATE locked it all.
        query = query.with_for_update()
    row = conn.execute(query).one_or_none()
    if row is None:
        raise StoreError("not_found")
    who = text.principal_or_none(user)
    if tokens.key_matches(write_key, row.write_key_hash):
        return row
    if row.owner is not None and who == row.owner:
        return row
    if _readable(conn, dataset_id, row.owner, who):
        raise StoreError("bad_key")
    raise StoreError("not_found")
