"""One SQLAlchemy engine per database URL per process, set up for several processes at once."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from userdata.store.errors import StoreError
from userdata.store.settings import where

# How long an SQLite writer waits for another process's write to finish before giving up.
SQLITE_BUSY_SECONDS = 30
# How long a PostgreSQL connection attempt may take: libpq's default is to wait for ever.
PG_CONNECT_SECONDS = 10

_BEGIN = "monoqala_sqlite_begin"


@dataclass
class _Entry:
    """A cached engine and how many open stores use it."""

    engine: Engine
    users: int


_lock = threading.Lock()
_engines: dict[str, _Entry] = {}


def acquire(url: URL, on_create: Callable[[Engine], object]) -> Engine:
    """The process's engine for ``url``, created (and passed to ``on_create``) on first use.

    Parameters
    ----------
    url : URL
        A URL from :func:`userdata.store.settings.database_url`.
    on_create : callable
        Run once on a new engine before anyone else gets it (the migrations); if it raises,
        the engine is disposed and the error propagates.

    Returns
    -------
    Engine
        Shared by every caller of the same URL until each has called :func:`release`.
    """
    key = url.render_as_string(hide_password=False)
    with _lock:
        entry = _engines.get(key)
        if entry is None:
            with translated(url):
                engine = _create(url)
                try:
                    on_create(engine)
                except BaseException:
                    engine.dispose()
                    raise
            entry = _engines[key] = _Entry(engine, 0)
        entry.users += 1
        return entry.engine


def release(url: URL) -> None:
    """Give back an engine from :func:`acquire`; the last user's release closes its connections."""
    key = url.render_as_string(hide_password=False)
    with _lock:
        entry = _engines.get(key)
        if entry is None:
            return
        entry.users -= 1
        if entry.users <= 0:
            del _engines[key]
            entry.engine.dispose()


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Connection]:
    """A connection inside one transaction, committed at the end unless an error escapes.

    Parameters
    ----------
    engine : Engine
        From :func:`acquire`.
    write : bool
        On SQLite, take the write lock at BEGIN (``BEGIN IMMEDIATE``): a transaction that reads
        first and writes later can otherwise fail with "database is locked" at once, without
        waiting, when another process wrote in between.
    """
    with engine.connect() as conn:
        if write:
            conn.execution_options(**{_BEGIN: "IMMEDIATE"})
        with conn.begin():
            yield conn


@contextmanager
def translated(url: URL) -> Iterator[None]:
    """Turn a lost or refused database connection into ``StoreError("unavailable", where)``."""
    try:
        yield
    except (OperationalError, InterfaceError) as exc:
        raise StoreError("unavailable", where(url)) from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise StoreError("unavailable", where(url)) from exc
        raise
    except OSError as exc:
        # Creating the SQLite file's folder failed.
        raise StoreError("unavailable", where(url)) from exc


def _create(url: URL) -> Engine:
    """A new engine for ``url`` with the store's connection settings."""
    options: dict[str, Any] = {
        "pool_pre_ping": True,
        # Statement parameters hold planners' confidential data: keep them out of error
        # messages and so out of logs.
        "hide_parameters": True,
    }
    if url.get_backend_name() == "sqlite":
        _prepare_sqlite_file(Path(url.database or ""))
        options["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = PG_CONNECT_SECONDS
    if "application_name" not in url.query:
        connect_args["application_name"] = "monoqala"
    return create_engine(url, connect_args=connect_args, **options)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the SQLite file and its folder, readable by the owner only, if missing."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        # SQLite gives its -wal and -shm files the main file's permissions.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    """Per-connection SQLite settings: WAL, foreign keys, BEGIN left to :func:`_sqlite_begin`."""
    # The sqlite3 module's own transaction handling does not BEGIN before DDL or SELECT, which
    # would make the migrations non-transactional; SQLAlchemy's documented recipe is to turn
    # it off and emit BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_SECONDS * 1000}")
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL, so that readers go on while one process writes.

    WAL is a property of the file, set once by the first connection. Setting it needs the
    file to itself, and SQLite answers "database is locked" at once instead of waiting for the
    busy timeout when processes open a new file together: retry until the timeout.
    """
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = getattr(exc, "sqlite_errorcode", None) in (
                sqlite3.SQLITE_BUSY,
                sqlite3.SQLITE_LOCKED,
            )
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_begin(conn: Connection) -> None:
    """Emit BEGIN, or BEGIN IMMEDIATE for a transaction opened with ``write=True``."""
    mode = conn.get_execution_options().get(_BEGIN, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")
