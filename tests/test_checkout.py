"""A clean checkout holds every file its commands name: a file that exists only on one disk
(an ignore rule too wide, a script never added) breaks CI and every fresh machine."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Where commands name the repository's own files: CI, make, the deployment, the READMEs.
NAMING = [".ci/run", "Makefile", "README.md", "deploy/README.md", "deploy/compose.yaml"]
PATH = re.compile(
    r"(?<![\w/.-])((?:deploy|scripts|bench|tests|\.ci)/[\w./-]*\w\.(?:sh|py|yaml|toml|json|template|conf))\b"
)


def tracked() -> set[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return set(filter(None, out.stdout.decode().split("\0")))


def named_paths() -> dict[str, str]:
    found = {}
    for name in NAMING + sorted(
        str(p.relative_to(ROOT)) for p in ROOT.glob("deploy/**/Dockerfile")
    ):
        for path in PATH.findall((ROOT / name).read_text(encoding="utf-8")):
            found.setdefault(path, name)
    return found


def test_every_file_the_commands_name_is_tracked():
    named = named_paths()
    # The deployment's scripts are among them: the check below covers what CI runs.
    assert "deploy/build/images.sh" in named
    files = tracked()
    missing = {path: where for path, where in named.items() if path not in files}
    assert not missing, f"named but not in the repository (file: where it is named): {missing}"


def test_no_tracked_folder_is_hidden_by_an_ignore_rule():
    """A rule meant for one folder (setuptools' build/) must not hide a folder of the product.
    A folder whose own .gitignore keeps it empty (static/, filled by make) chose so."""
    folders = {str(Path(f).parent) for f in tracked()} - {"."}
    probe = [f"{folder}/new-file" for folder in sorted(folders)]
    out = subprocess.run(
        ["git", "check-ignore", "--no-index", "--verbose", "--stdin"],
        cwd=ROOT,
        input="\n".join(probe),
        capture_output=True,
        text=True,
    )
    hidden = [line for line in out.stdout.splitlines() if line.startswith(".gitignore:")]
    assert hidden == []
