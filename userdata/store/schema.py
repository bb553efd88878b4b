"""The tables as the current schema version has them; the queries are written against these.

The migrations in :mod:`userdata.store.migrations` build the same tables with their own frozen
definitions, so that an old migration keeps creating what it created when it was written; a
test checks that migrating a fresh database gives exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# One row, id 1: the version of the schema the database is at.
schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
)

datasets = Table(
    "datasets",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("original", LargeBinary, nullable=False),
    # Parsed content and column roles as JSON text: opaque to the store, and measured in bytes
    # against the size limit exactly as stored.
    Column("content", Text, nullable=False),
    Column("roles", Text, nullable=False),
    Column("content_version", Integer, nullable=False),
    Column("owner", String(320), nullable=True),
    Column("write_key_hash", String(64), nullable=False),
    Index("ix_datasets_owner", "owner"),
)

dataset_shares = Table(
    "dataset_shares",
    metadata,
    Column(
        "dataset_id",
        String(64),
        ForeignKey("datasets.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("principal", String(320), primary_key=True),
    Index("ix_dataset_shares_principal", "principal"),
)
