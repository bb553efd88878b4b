"""Which database the store uses: an argument, else an environment variable, else a file.

A PostgreSQL URL's password can come from a file instead (``MONOQALA_DATABASE_PASSWORD_FILE``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from userdata.store.errors import StoreError

ENV_URL = "MONOQALA_DATABASE_URL"
ENV_DATA_DIR = "MONOQALA_DATA_DIR"
# A deployment's secret, kept out of the URL and the environment: a file holding the password
# that completes MONOQALA_DATABASE_URL (docker compose mounts secrets as files).
ENV_PASSWORD_FILE = "MONOQALA_DATABASE_PASSWORD_FILE"
FILE_NAME = "datasets.sqlite3"

# The only drivers the store is tested with. "postgresql" alone means psycopg 3 here: with
# SQLAlchemy 2.0 it would mean psycopg2, which is not installed.
_DRIVERS = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}


def default_database_path(environ: Mapping[str, str] | None = None) -> Path:
    """Path of the default SQLite file, from ``MONOQALA_DATA_DIR`` or the XDG data folder.

    Parameters
    ----------
    environ : mapping, optional
        The environment to read; ``os.environ`` by default.

    Returns
    -------
    Path
        An absolute path; never in the current working folder.

    Raises
    ------
    StoreError
        ``bad_setting`` when ``MONOQALA_DATA_DIR`` is a relative path, which would put the
        file wherever the process happens to be started.
    """
    env = os.environ if environ is None else environ
    data_dir = env.get(ENV_DATA_DIR, "")
    if data_dir:
        folder = Path(data_dir).expanduser()
        if not folder.is_absolute():
            raise StoreError("bad_setting", ENV_DATA_DIR)
        return folder / FILE_NAME
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    xdg = env.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "monoqala" / FILE_NAME


def database_url(url: str | None = None, environ: Mapping[str, str] | None = None) -> URL:
    """The database URL to use: ``url``, else ``MONOQALA_DATABASE_URL``, else the default file.

    Parameters
    ----------
    url : str, optional
        An SQLAlchemy URL (``sqlite:////abs/path.sqlite3``, ``postgresql://user@host/db``).
    environ : mapping, optional
        The environment to read; ``os.environ`` by default.

    Returns
    -------
    URL
        The URL with its driver made explicit (``postgresql+psycopg``).

    Raises
    ------
    StoreError
        ``bad_url`` for an unparsable URL, a backend other than SQLite or PostgreSQL, a relative
        SQLite path (two processes started in different folders would use different files) or
        an in-memory SQLite database (nothing would be kept); ``bad_setting`` as in
        :func:`default_database_path`.
    """
    env = os.environ if environ is None else environ
    text = url or env.get(ENV_URL, "")
    if not text:
        return URL.create("sqlite", database=str(default_database_path(env)))
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError):
        # No cause attached: the parser's message could quote the URL and its password.
        raise StoreError("bad_url", "unparsable") from None
    driver = _DRIVERS.get(parsed.drivername)
    if driver is None:
        raise StoreError("bad_url", "unsupported_backend")
    parsed = parsed.set(drivername=driver)
    if driver == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:") or parsed.query.get("mode") == "memory":
            raise StoreError("bad_url", "in_memory")
        if not Path(database).is_absolute():
            raise StoreError("bad_url", "relative_path")
    password_file = env.get(ENV_PASSWORD_FILE, "")
    if password_file and driver != "sqlite":
        parsed = parsed.set(password=_read_password(password_file))
    return parsed


def _read_password(path: str) -> str:
    """The password in the file ``MONOQALA_DATABASE_PASSWORD_FILE`` names (its last newline
    dropped); ``bad_setting`` for a relative path, ``unavailable`` when it cannot be read."""
    if not Path(path).is_absolute():
        raise StoreError("bad_setting", ENV_PASSWORD_FILE)
    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        raise StoreError("unavailable", path) from None


def safe_url(url: URL) -> str:
    """The URL as text with its password replaced by ``***``, for messages and logs."""
    return url.render_as_string(hide_password=True)


def where(url: URL) -> str:
    """Where the database lives, for error messages: ``host:port`` or the SQLite file's path."""
    if url.get_backend_name() == "sqlite":
        return url.database or ""
    host = url.host or "localhost"
    return f"{host}:{url.port}" if url.port else host
