"""Where the dataset store keeps its database, how it reports failures, and how it cleans text."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from userdata.store import CODES, DatasetStore, StoreError, database_url, default_database_path
from userdata.store.text import clean_file_name, clean_name, principal_or_none

pytest_plugins = ["pg"]

PASSWORD = "s3cr3t-Pa55"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No store settings in the environment, HOME in tmp_path, and the working folder empty."""
    for name in ("MONOQALA_DATABASE_URL", "MONOQALA_DATA_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return home


def test_url_from_argument_then_environment_then_data_dir_then_xdg(
    clean_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home_default = clean_env / ".local" / "share" / "monoqala" / "datasets.sqlite3"
    assert database_url().database == str(home_default)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert database_url().database == str(tmp_path / "xdg" / "monoqala" / "datasets.sqlite3")
    monkeypatch.setenv("MONOQALA_DATA_DIR", str(tmp_path / "data"))
    assert database_url().database == str(tmp_path / "data" / "datasets.sqlite3")
    monkeypatch.setenv("MONOQALA_DATABASE_URL", "postgresql://app@db.internal/atlas")
    assert database_url().render_as_string() == "postgresql+psycopg://app@db.internal/atlas"
    given = f"sqlite:///{tmp_path / 'given.sqlite3'}"
    assert database_url(given).database == str(tmp_path / "given.sqlite3")


def test_relative_folders_are_never_used(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The XDG spec says to ignore a relative XDG_DATA_HOME.
    monkeypatch.setenv("XDG_DATA_HOME", "relative/xdg")
    assert default_database_path().is_relative_to(clean_env)
    monkeypatch.setenv("MONOQALA_DATA_DIR", "data")
    with pytest.raises(StoreError) as err:
        default_database_path()
    assert (err.value.code, err.value.args) == ("bad_setting", ("MONOQALA_DATA_DIR",))


def test_default_file_is_created_privately_on_first_use(
    clean_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    with DatasetStore() as store:
        created = store.create(name="n", file_name="f.csv", original=b"x", content={}, roles={})
        assert store.get(created.dataset_id) is not None
    path = tmp_path / "xdg" / "monoqala" / "datasets.sqlite3"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert os.listdir(".") == []  # nothing in the working folder


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://u@h/db", "unsupported_backend"),
        ("postgresql+psycopg2://u@h/db", "unsupported_backend"),
        ("sqlite://", "in_memory"),
        ("sqlite:///:memory:", "in_memory"),
        ("sqlite:///datasets.sqlite3", "relative_path"),
        ("not a url", "unparsable"),
    ],
)
def test_unusable_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(StoreError) as err:
        DatasetStore(url)
    assert (err.value.code, err.value.args) == ("bad_url", (reason,))


def test_unreachable_postgresql_is_unavailable_and_the_password_never_shown() -> None:
    from pg import free_port

    port = free_port()  # nothing listens there
    url = f"postgresql://planner:{PASSWORD}@127.0.0.1:{port}/atlas?connect_timeout=5"
    with pytest.raises(StoreError) as err:
        DatasetStore(url)
    assert (err.value.code, err.value.args) == ("unavailable", (f"127.0.0.1:{port}",))
    everything = "".join(traceback.format_exception(err.value)) + repr(err.value)
    assert PASSWORD not in everything
    assert PASSWORD not in str(database_url(url).render_as_string(hide_password=True))


def test_the_store_shows_its_url_without_password(pg_server_url: str) -> None:
    url = make_url(pg_server_url)
    if url.password is None:
        # The throwaway cluster trusts loopback connections and ignores a password.
        url = url.set(password=PASSWORD)
    with DatasetStore(url.render_as_string(hide_password=False)) as store:
        assert url.password not in store.url and url.password not in repr(store)
        assert "***" in store.url


def test_unwritable_sqlite_folder_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    path = blocker / "sub" / "datasets.sqlite3"
    with pytest.raises(StoreError) as err:
        DatasetStore(f"sqlite:///{path}")
    assert (err.value.code, err.value.args) == ("unavailable", (str(path),))


def test_sqlite_is_set_up_for_several_processes(tmp_path: Path) -> None:
    store = DatasetStore(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    with store, store._engine.connect() as conn:
        pragma = {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    assert pragma == {"journal_mode": "wal", "busy_timeout": 30000, "foreign_keys": 1}


def test_error_codes_and_messages() -> None:
    error = StoreError("too_large", "original", 11, 10)
    assert (error.code, error.args) == ("too_large", ("original", 11, 10))
    assert str(error) == "too_large: original, 11, 10"
    assert str(StoreError("not_found")) == "not_found"
    with pytest.raises(ValueError):
        StoreError("no_such_code")
    # Every code the store's sources raise is in the table the UI translates from.
    raised: set[str] = set()
    for source in (Path(__file__).resolve().parent.parent / "userdata" / "store").glob("*.py"):
        raised |= set(re.findall(r'StoreError\(\s*"(\w+)"', source.read_text()))
    assert raised <= set(CODES) and len(raised) >= 10


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Tiers  2013 ", "Tiers 2013"),
        ("line\nbreak\ttab", "line break tab"),
        ("a\u202eb\u202dc\u202ad\u202be\u202cf", "abcdef"),
        ("\u2066x\u2067y\u2068z\u2069", "xyz"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("Қарағанды — Теміртау", "Қарағанды — Теміртау"),
        ("e\u0301", "\u00e9"),  # NFC
    ],
)
def test_names_lose_control_and_bidi_characters(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


def test_file_names_lose_folders() -> None:
    assert clean_file_name("C:\\Users\\me\\tiers.xlsx") == "tiers.xlsx"
    assert clean_file_name("../../etc/passwd") == "passwd"


@pytest.mark.parametrize(
    ("raw", "email"),
    [
        (" Alice@Akimat.KZ ", "alice@akimat.kz"),
        ("alice@akimat.kz\u202e", None),
        ("alice @akimat.kz", None),
        ("alice", None),
        ("a@b@c", None),
        (None, None),
        ("a" * 320 + "@x.kz", None),
    ],
)
def test_principals_are_plain_email_addresses(raw: str | None, email: str | None) -> None:
    assert principal_or_none(raw) == email


def test_without_postgresql_the_pg_tests_fail_and_say_how_to_install_it(tmp_path: Path) -> None:
    # A skipped backend would pass for a tested one: pretend no server is installed and check
    # that the PostgreSQL variant of a test errors with the install command.
    root = Path(__file__).resolve().parent.parent
    code = (
        "import sys, pytest, pg\n"
        "pg.server_binaries = lambda: None\n"
        "sys.exit(pytest.main(sys.argv[1:]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MONOQALA_TEST_PG_URL"}
    env.update(PYTHONPATH=str(root / "tests"), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [
            sys.executable, "-c", code, "-q", "-p", "no:cacheprovider", "-rA",
            f"--rootdir={root}", "--basetemp", str(tmp_path / "base"),
            str(root / "tests" / "test_store.py") + "::test_ids_are_unguessable_and_unique",
        ],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert re.search(r"\b1 passed\b.*\b1 error\b", done.stdout), done.stdout
    assert "apt-get install" in done.stdout and "skipped" not in done.stdout
