"""Separate processes on one database: what app replicas and the CLI do, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from userdata.store import SCHEMA_VERSION

pytest_plugins = ["pg"]

ROOT = Path(__file__).resolve().parent.parent

# What a replica does, as a separate Python process: argv is an action and its values.
CHILD = """
import sys, time
from userdata.store import DatasetStore

# The URL comes in MONOQALA_DATABASE_URL, as it would for a replica, and not on the command
# line, where ps would show its password.
action, *values = sys.argv[1:]
if action == "create":
    with DatasetStore() as store:
        created = store.create(
            name=values[0], file_name="t.csv", original=b"t", content={"by": values[0]}, roles={}
        )
    print(created.dataset_id, created.write_key)
elif action == "read":
    with DatasetStore() as store:
        dataset = store.get(values[0])
    print(dataset.name if dataset else "<none>")
elif action == "rename":
    with DatasetStore() as store:
        store.rename(values[0], values[2], write_key=values[1])
    print("renamed")
elif action == "race":
    # Wait for the agreed instant, so that every process migrates the fresh database at once.
    time.sleep(max(0.0, float(values[0]) - time.time()))
    with DatasetStore() as store:
        print(store.create(name=values[1], file_name="t.csv", original=b"t", content={}, roles={})
              .dataset_id)
"""


def child_env(url: str) -> dict[str, str]:
    """The environment of a child: the database, the repository importable, no bytecode."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONOQALA_")}
    env["MONOQALA_DATABASE_URL"] = url
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_child(url: str, cwd: Path, *args: str) -> str:
    """Run one child to completion and return what it printed."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        cwd=cwd,
        env=child_env(url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_two_processes_see_each_others_datasets(store_url: str, tmp_path: Path) -> None:
    dataset_id, write_key = run_child(store_url, tmp_path, "create", "Made by A").split()
    assert run_child(store_url, tmp_path, "read", dataset_id) == "Made by A"
    assert run_child(store_url, tmp_path, "rename", dataset_id, write_key, "Renamed by C")
    assert run_child(store_url, tmp_path, "read", dataset_id) == "Renamed by C"
    assert run_child(store_url, tmp_path, "read", "A" * 32) == "<none>"


def test_processes_starting_at_once_migrate_a_fresh_database_once(
    store_url: str, tmp_path: Path
) -> None:
    start = f"{time.time() + 2.0:.3f}"
    names = [f"replica {n}" for n in range(4)]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, "race", start, name],
            cwd=tmp_path,
            env=child_env(store_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    results = [child.communicate(timeout=120) for child in children]
    failures = [
        err for child, (_out, err) in zip(children, results, strict=True) if child.returncode
    ]
    assert failures == []
    ids = [out.strip() for out, _err in results]
    engine = create_engine(store_url, poolclass=NullPool)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version FROM schema_version")).scalars().all()
        stored = conn.execute(text("SELECT id, name FROM datasets")).all()
    engine.dispose()
    assert versions == [SCHEMA_VERSION]
    assert sorted(stored) == sorted(zip(ids, names, strict=True))
