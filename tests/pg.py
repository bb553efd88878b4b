"""PostgreSQL for the store's tests: ``MONOQALA_TEST_PG_URL``, else a throwaway cluster.

Test modules load this file as a pytest plugin (``pytest_plugins = ["pg"]``), so its session
fixture starts at most one cluster per run, shared by every module that asks for it.

The throwaway cluster lives in a private folder under /tmp, listens on 127.0.0.1 only, on a free
port, with trust authentication; it is stopped and removed at the end of the run. initdb refuses
to run as root, so as root the server binaries run as the ``postgres`` system user (the Debian
package creates it). When no server binaries are installed the PostgreSQL tests fail, with the
command that installs them: a skipped backend would pass for a tested one.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ENV = "MONOQALA_TEST_PG_URL"
DATABASE = "monoqala_test"
INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or on "
    "PATH, so the PostgreSQL tests cannot run. Install them with\n"
    "    apt-get update && apt-get install -y --no-install-recommends postgresql\n"
    f"or set {ENV} to a PostgreSQL URL whose user may create schemas in its database."
)


def server_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` of the newest installed PostgreSQL, if any."""

    def version(folder: Path) -> int:
        match = re.fullmatch(r"\d+", folder.parent.name)
        return int(match.group()) if match else -1

    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        folders.append(Path(on_path).resolve().parent)
    for folder in folders:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, for one test run.

    Parameters
    ----------
    bindir : Path
        Folder of the server binaries, from :func:`server_binaries`.
    """

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="monoqala-pg-", dir="/tmp"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = 0
        self._as_root = os.geteuid() == 0
        if self._as_root:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError(
                    "initdb refuses to run as root and there is no 'postgres' system user; "
                    "Debian's postgresql package creates it"
                ) from None
            # The folder is mkdtemp's private 0700; the server's user must own it.
            os.chown(self.folder, user.pw_uid, user.pw_gid)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a server binary, as ``postgres`` when we are root, in the cluster's folder."""
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, cwd=self.folder, capture_output=True, text=True, timeout=120, check=False
        )

    def start(self) -> str:
        """Create and start the cluster and its test database; return the database's URL."""
        done = self._run(
            "initdb",
            "-D",
            str(self.data),
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
        # A port found free can be taken before the server binds it: try a few.
        for _ in range(5):
            self.port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                f"-c unix_socket_directories={self.folder} "
                # Durability is worthless in a cluster deleted at the end of the run.
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            done = self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            )
            if done.returncode == 0:
                break
        else:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\n{log}")
        admin = create_engine(
            f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres",
            poolclass=NullPool,
            isolation_level="AUTOCOMMIT",
        )
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {DATABASE}")
        admin.dispose()
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def stop(self) -> None:
        """Stop the server and delete the cluster's folder."""
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of a PostgreSQL database for the run: ``MONOQALA_TEST_PG_URL`` or a throwaway one."""
    given = os.environ.get(ENV)
    if given:
        yield given
        return
    bindir = server_binaries()
    if bindir is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    cluster = ThrowawayCluster(bindir)
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@contextmanager
def fresh_schema(server_url: str) -> Iterator[str]:
    """A URL of ``server_url``'s database seen through a new, empty schema, dropped afterwards.

    A schema per test is as good as a fresh database for the store (its tables are created
    unqualified, in the first schema of the search path) and needs no CREATEDB right.
    """
    name = f"test_{secrets.token_hex(6)}"
    admin = create_engine(server_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    url = make_url(server_url).update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database, once per backend: an SQLite file and a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'datasets.sqlite3'}"
        return
    with fresh_schema(request.getfixturevalue("pg_server_url")) as url:
        yield url
