"""A private copy of the atlas's data for tests that break or rewrite it.

The copy lives in the test's temporary folder; :func:`use_data` points ``geo.paths`` at it
for one test (in this process), and ``$MONOQALA_ATLAS_DATA`` does the same for a server
started by the test. The repository's own files are never touched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from geo import paths

NAMES = ("TOWNS", "SECTORS", "SOURCES", "PROGRAMME", "UNIT_POPULATION", "TIMELINE", "CAVEATS")
BOUNDARY_NAMES = ("UNITS", "LINEAGE", "MANIFEST")


def copy_data(tmp_path: Path) -> Path:
    """A copy of ``data/`` (without the raw sources) in ``tmp_path``; returns its folder."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target, ignore=shutil.ignore_patterns("sources"))
    return target


def use_data(monkeypatch, folder: Path) -> None:
    """Point every path of :mod:`geo.paths` at ``folder`` for the current test."""
    monkeypatch.setattr(paths, "DATA", folder)
    monkeypatch.setattr(paths, "BOUNDARIES", folder / "boundaries")
    for name in NAMES:
        monkeypatch.setattr(paths, name, folder / getattr(paths, name).name)
    for name in BOUNDARY_NAMES:
        monkeypatch.setattr(paths, name, folder / "boundaries" / getattr(paths, name).name)


def reseal(folder: Path) -> None:
    """Record the boundary files' current checksums in the copy's manifest (so a test can
    reach the checks behind the checksum)."""
    manifest_path = folder / "boundaries" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (folder / "boundaries" / entry["file"]).read_bytes()
        entry["sha256"] = hashlib.sha256(data).hexdigest()
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def edit_csv_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (row 1 = first data row) of a comma-separated file, quoting as needed."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
