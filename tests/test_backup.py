"""Backups: every dataset to one file and back, SQLite and PostgreSQL alike, all or nothing."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from cli import main as cli
from userdata.store import DatasetStore, StoreError
from userdata.store.backup import BackupError, dump, restore

pytest_plugins = ["pg"]

ALICE, BOB, CAROL = "alice@akimat.kz", "bob@akimat.kz", "carol@example.org"


def fill(store: DatasetStore) -> dict[str, str]:
    """Three datasets as planners leave them: anonymous, owned and shared, binary bytes."""
    keys = {}
    made = store.create(
        name="Уровни 2013 «черновик»",
        file_name="уровни.csv",
        original="town_id;tier\nkz-temirtau;high\n".encode("utf-8-sig"),
        content={"columns": [{"key": "tier"}], "values": {"kz-temirtau": ["high"]}},
        roles={"columns": [{"header": "tier", "role": "tier"}]},
    )
    keys[made.dataset_id] = made.write_key
    made = store.create(
        name="Безработица",
        file_name="numbers.xlsx",
        original=bytes(range(256)) * 40,
        content={"columns": [{"key": "u", "unit": "%"}], "nan": None, "n": 1.5},
        roles={},
        owner=ALICE,
        content_version=2,
    )
    store.share(made.dataset_id, BOB, user=ALICE)
    store.share(made.dataset_id, "Zed@Akimat.kz", user=ALICE)
    keys[made.dataset_id] = made.write_key
    made = store.create(name="x", file_name="x.tsv", original=b"", content={}, roles={}, owner=BOB)
    keys[made.dataset_id] = made.write_key
    return keys


def dumped(store: DatasetStore) -> bytes:
    out = io.BytesIO()
    dump(store, out)
    return out.getvalue()


@pytest.fixture
def sqlite_store(tmp_path):
    with DatasetStore(f"sqlite:///{tmp_path / 'source.sqlite3'}") as store:
        yield store


def test_sqlite_to_postgresql_and_back_gives_the_same_file(sqlite_store, pg_server_url):
    from pg import fresh_schema

    keys = fill(sqlite_store)
    first = dumped(sqlite_store)
    with fresh_schema(pg_server_url) as url, DatasetStore(url) as pg:
        done = restore(pg, io.BytesIO(first))
        assert (done.added, done.unchanged) == (3, 0)
        assert dumped(pg) == first
        # What the datasets are for still works after the move.
        for dataset_id in keys:
            before = sqlite_store.get(dataset_id, ALICE) or sqlite_store.get(dataset_id, BOB)
            after = pg.get(dataset_id, ALICE) or pg.get(dataset_id, BOB)
            assert after == before
        owned = next(d for d in keys if sqlite_store.get(d, ALICE) and not sqlite_store.get(d))
        assert pg.get(owned, BOB) is not None and pg.get(owned, "zed@akimat.kz") is not None
        assert pg.get(owned, CAROL) is None and pg.get(owned) is None
        assert pg.shares(owned, user=ALICE) == [BOB, "zed@akimat.kz"]
        pg.rename(owned, "переименован", write_key=keys[owned])  # the old write key works
        with pytest.raises(StoreError, match="bad_key"):
            pg.rename(owned, "y", write_key="K" * 43, user=BOB)


def test_the_dump_is_one_line_per_dataset_between_a_header_and_a_trailer(sqlite_store):
    fill(sqlite_store)
    lines = dumped(sqlite_store).splitlines()
    assert len(lines) == 5
    assert lines[0] == b'{"datasets":3,"format":"monoqala-datasets","schema":1,"version":1}'
    assert lines[-1].startswith(b'{"datasets":3,"end":true,"sha256":"')
    assert "Уровни 2013 «черновик»".encode() in b"".join(lines)  # readable, not escaped


def test_restoring_twice_adds_nothing_the_second_time(sqlite_store, tmp_path):
    fill(sqlite_store)
    data = dumped(sqlite_store)
    with DatasetStore(f"sqlite:///{tmp_path / 'copy.sqlite3'}") as copy:
        assert restore(copy, io.BytesIO(data)).added == 3
        again = restore(copy, io.BytesIO(data))
        assert (again.added, again.unchanged) == (0, 3)
        assert dumped(copy) == data


def damaged(data: bytes) -> dict[str, bytes]:
    lines = data.splitlines(keepends=True)
    other_bytes = lines[1].replace(b'"size":', b'"size":1', 1)
    return {
        "truncated": b"".join(lines[:-1]),
        "cut_mid_line": data[: len(data) // 2],
        "line_dropped": b"".join(lines[:1] + lines[2:]),
        "bytes_changed": b"".join([lines[0], other_bytes, *lines[2:]]),
        "not_a_dump": b"id,name\n1,x\n",
        "empty": b"",
        "line_after_end": data + lines[1],
    }


@pytest.mark.parametrize(
    "case, code",
    [
        ("truncated", "truncated"),
        ("cut_mid_line", "bad_record"),
        ("line_dropped", "bad_checksum"),
        ("bytes_changed", "bad_record"),
        ("not_a_dump", "not_a_dump"),
        ("empty", "not_a_dump"),
        ("line_after_end", "bad_record"),
    ],
)
def test_a_damaged_dump_restores_nothing(sqlite_store, tmp_path, case, code):
    fill(sqlite_store)
    data = damaged(dumped(sqlite_store))[case]
    with DatasetStore(f"sqlite:///{tmp_path / 'target.sqlite3'}") as target:
        with pytest.raises(BackupError) as raised:
            restore(target, io.BytesIO(data))
        assert raised.value.code == code
        assert dumped(target).count(b"\n") == 2  # header and trailer: no dataset
        for lang in ("kk", "ru", "en"):
            assert "{" not in raised.value.text(lang)


def test_a_dataset_with_the_same_id_and_other_content_stops_the_restore(sqlite_store, tmp_path):
    keys = fill(sqlite_store)
    data = dumped(sqlite_store)
    with DatasetStore(f"sqlite:///{tmp_path / 'target.sqlite3'}") as target:
        restore(target, io.BytesIO(data))
        first = next(iter(keys))
        target.rename(first, "changed since", write_key=keys[first])
        before = dumped(target)
        with pytest.raises(BackupError, match="conflict"):
            restore(target, io.BytesIO(data))
        assert dumped(target) == before


def test_the_command_line_dumps_and_restores(sqlite_store, tmp_path, monkeypatch, capsys):
    fill(sqlite_store)
    monkeypatch.setenv("MONOQALA_DATABASE_URL", sqlite_store._url.render_as_string(False))
    backup = tmp_path / "datasets.jsonl"
    assert cli.main(["data", "dump", "-o", str(backup)]) == 0
    assert "3 datasets written" in capsys.readouterr().out
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # planners' data: the owner only
    assert backup.read_bytes() == dumped(sqlite_store)
    monkeypatch.setenv("MONOQALA_DATABASE_URL", f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert cli.main(["data", "restore", str(backup)]) == 0
    assert "3 datasets restored, 0 already in the store" in capsys.readouterr().out
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(backup.read_bytes()[:-10])
    assert cli.main(["data", "restore", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "nothing was restored" in err and "Traceback" not in err
    assert cli.main(["data", "restore", str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert cli.main(["data", "dump", "-o", str(tmp_path / "no" / "folder.jsonl")]) == 2
    assert not list(Path(tmp_path).glob(".folder*"))
