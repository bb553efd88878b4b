"""Planners' own datasets, kept private in a database: SQLite by default, PostgreSQL by URL.

A pure data layer (no Streamlit): :class:`DatasetStore` creates, reads, renames, shares and
deletes datasets; every failure is a :class:`StoreError` with a stable code.
"""

from __future__ import annotations

from userdata.store.errors import CODES, StoreError
from userdata.store.migrations import LATEST as SCHEMA_VERSION
from userdata.store.records import Created, Dataset, DatasetSummary
from userdata.store.settings import ENV_DATA_DIR, ENV_URL, database_url, default_database_path
from userdata.store.store import (
    MAX_CONTENT_BYTES,
    MAX_ORIGINAL_BYTES,
    MAX_ROLES_BYTES,
    DatasetStore,
)
from userdata.store.text import FILE_NAME_MAX, NAME_MAX
from userdata.store.tokens import is_dataset_id

__all__ = [
    "CODES",
    "ENV_DATA_DIR",
    "ENV_URL",
    "FILE_NAME_MAX",
    "MAX_CONTENT_BYTES",
    "MAX_ORIGINAL_BYTES",
    "MAX_ROLES_BYTES",
    "NAME_MAX",
    "SCHEMA_VERSION",
    "Created",
    "Dataset",
    "DatasetStore",
    "DatasetSummary",
    "StoreError",
    "database_url",
    "default_database_path",
    "is_dataset_id",
]
