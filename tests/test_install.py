"""The installed package works outside the checkout: the wheel carries its data and texts.

The wheel is built from a copy of the tracked files (nothing is written into the
checkout), installed into a folder of its own, and run from another folder: every
export format is written, so data, boundaries, texts and Leaflet are all found through
the installed package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from export.formats import FORMATS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A folder holding the package installed from its wheel (dependencies from this venv)."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        target = src / name.decode()
        if (ROOT / name.decode()).is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name.decode(), target)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(base), str(src)],
        check=True,
        capture_output=True,
    )
    wheel = next(base.glob("monoqala-*.whl"))
    site = base / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    return site


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("MONOQALA_ATLAS_DATA", None)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_wheel_carries_data_and_texts(installed):
    names = {p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file()}
    for needed in (
        "geo/data/towns.csv",
        "geo/data/boundaries/manifest.json",
        "geo/data/boundaries/kz_adm1_2012.geojson",
        "geo/messages/app.toml",
    ):
        assert needed in names


def test_wheel_carries_every_package_and_data_file_it_was_not_told_about(installed):
    """Discovery, not a list: every folder of Python code under the atlas's packages, every
    text catalogue and every file of data/ (as geo/data) is installed."""
    names = {p.relative_to(installed).as_posix() for p in installed.rglob("*") if p.is_file()}
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    roots = ("geo/", "layers/", "export/", "ui/", "userdata/", "cli/")
    code = [
        f for f in tracked if f.startswith(roots) and f.endswith((".py", ".toml", ".js", ".css"))
    ]
    data = ["geo/" + f for f in tracked if f.startswith("data/")]
    assert len(code) > 100 and len(data) > 10
    assert sorted(set(code + data) - names) == []
    assert not any(n.startswith(("tests/", "bench/", "scripts/")) for n in names)


def test_installed_package_exports_every_format_outside_the_checkout(installed, tmp_path):
    probe = run_installed(
        installed, tmp_path, "-c", "import geo.paths as p, geo; print(geo.__file__); print(p.DATA)"
    )
    module, data = probe.stdout.split()
    assert Path(module).is_relative_to(installed) and Path(data).is_relative_to(installed)
    for fmt in FORMATS.values():
        out = tmp_path / f"view-{fmt.key}{fmt.extension}"
        done = run_installed(
            installed,
            tmp_path,
            "-m",
            "cli",
            "export",
            "--view",
            "v=2022&lang=ru&unit=KZ-62",
            "--format",
            fmt.key,
            "--date",
            "2026-01-01",
            "-o",
            str(out),
        )
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 100
    assert zipfile.is_zipfile(installed.parent / next(installed.parent.glob("*.whl")).name)
