"""Versioned schema: an ordered list of migrations, applied in one locked transaction.

The database's version is the number of migrations applied to it. Opening a store applies the
missing ones, in one transaction that holds a lock, so two processes starting at once do not
both migrate: PostgreSQL takes a transaction-level advisory lock, SQLite begins with
``BEGIN IMMEDIATE`` (the database's write lock). A database at a newer version than this code
knows is refused, never downgraded.

To change the schema, append a function to :data:`MIGRATIONS` (never edit or reorder one that
has shipped) and change :mod:`userdata.store.schema` to match.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    inspect,
    select,
)

from userdata.store.engines import transaction
from userdata.store.errors import StoreError
from userdata.store.schema import schema_version

Migration = Callable[[Connection], None]

# Any 64-bit number unlikely to be used by another application on the same server.
_LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"monoqala.store.migrate").digest()[:8], "big", signed=True
)


def _v1_datasets_and_shares(conn: Connection) -> None:
    """Version 1: the datasets and the colleagues they are shared with."""
    # Frozen copies of the tables as version 1 has them (see the module docstring).
    meta = MetaData()
    datasets = Table(
        "datasets",
        meta,
        Column("id", String(64), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("file_name", String(255), nullable=False),
        Column("uploaded_at", DateTime(timezone=True), nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("size", BigInteger, nullable=False),
        Column("original", LargeBinary, nullable=False),
        Column("content", Text, nullable=False),
        Column("roles", Text, nullable=False),
        Column("content_version", Integer, nullable=False),
        Column("owner", String(320), nullable=True),
        Column("write_key_hash", String(64), nullable=False),
        Index("ix_datasets_owner", "owner"),
    )
    shares = Table(
        "dataset_shares",
        meta,
        Column(
            "dataset_id",
            String(64),
            ForeignKey("datasets.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("principal", String(320), primary_key=True),
        Index("ix_dataset_shares_principal", "principal"),
    )
    meta.create_all(conn, tables=[datasets, shares], checkfirst=False)


MIGRATIONS: tuple[Migration, ...] = (_v1_datasets_and_shares,)
LATEST = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The database's schema version: 0 for an empty database."""
    if not inspect(conn).has_table(schema_version.name):
        return 0
    return conn.scalar(select(func.max(schema_version.c.version))) or 0


def migrate(engine: Engine) -> int:
    """Bring the database to :data:`LATEST`, or refuse one that is newer.

    Safe to call from several processes at once and any number of times.

    Parameters
    ----------
    engine : Engine
        An engine from :func:`userdata.store.engines.acquire`.

    Returns
    -------
    int
        The version the database is at afterwards (:data:`LATEST`).

    Raises
    ------
    StoreError
        ``schema_too_new`` with the database's version and :data:`LATEST`.
    """
    # Most starts find the database up to date: check without the lock so that replicas
    # starting together do not queue behind each other for nothing.
    with transaction(engine, write=False) as conn:
        found = current_version(conn)
    _refuse_newer(found)
    if found == LATEST:
        return found
    with transaction(engine, write=True) as conn:
        if conn.dialect.name == "postgresql":
            conn.scalar(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
        # Read again under the lock: another process may have migrated meanwhile.
        found = current_version(conn)
        _refuse_newer(found)
        schema_version.create(conn, checkfirst=True)
        for migration in MIGRATIONS[found:]:
            migration(conn)
        if found != LATEST:
            conn.execute(schema_version.delete())
            conn.execute(schema_version.insert().values(id=1, version=LATEST))
    return LATEST


def _refuse_newer(found: int) -> None:
    """Raise ``schema_too_new`` when the database is ahead of this code."""
    if found > LATEST:
        raise StoreError("schema_too_new", found, LATEST)
