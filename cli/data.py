"""``monoqala data``: bring a planner's file into the dataset store from the command line.

``import`` reads the file exactly as the app's upload does, in the same bounded worker
process (:func:`userdata.read.bounded.read_bounded`: the same preview, the same limits on
memory and time) and saves it only when the preview has no error; it prints the write key
once, and the new dataset's id on its last line, so a script can take it with
``tail -n 1``. ``show``, ``rename`` and ``delete`` work on an id; an id or key that starts
with "-" (made before such ids were avoided) is taken as one, not as an option. ``dump``
and ``restore`` back up every dataset to one file and bring it back (userdata.store.backup).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from userdata.datasets import ViewDataset
from userdata.read import ROLES, ColumnRole, Preview, UploadError
from userdata.read.bounded import LIMIT_CODES, read_bounded
from userdata.read.limits import MAX_BYTES, megabytes
from userdata.read.matching import TownMatcher
from userdata.read.records import excerpt
from userdata.read.roles import NUMERIC
from userdata.read.table import load_bytes
from userdata.store import DatasetStore, StoreError
from userdata.store.backup import BackupError, dump, restore

USAGE_ERROR, FAILED = 2, 1
KEY_ENV = "MONOQALA_WRITE_KEY"
NOTES_SHOWN = 20  # of each kind (unmatched rows, rejected cells, lines not read)
# A dataset id (32 characters) or write key (43) as the store makes them; one that starts
# with "-" would otherwise be taken for an option.
_TOKEN = re.compile(r"-[A-Za-z0-9_-]{31}|-[A-Za-z0-9_-]{42}")


class TokenParser(argparse.ArgumentParser):
    """A (sub)command's parser that reads a dataset id or write key starting with "-" as a
    value: after an option that takes one it is joined to it (``--data=-…``, which argparse
    reads as a value), elsewhere it is a positional argument."""

    def parse_known_args(self, args=None, namespace=None):
        given = list(sys.argv[1:] if args is None else args)
        out: list[str] = []
        for arg in given:
            if not _TOKEN.fullmatch(arg):
                out.append(arg)
            elif out and self._takes_value(out[-1]):
                out[-1] = f"{out[-1]}={arg}"
            else:
                out.append(f" {arg}")  # never an option; _token() strips the space again
        return super().parse_known_args(out, namespace)

    def _takes_value(self, option: str) -> bool:
        action = self._option_string_actions.get(option)
        return action is not None and action.nargs is None and action.const is None


def _token(text: str) -> str:
    return text.strip()


def add_parser(sub) -> None:
    """The ``data`` command and its subcommands."""
    data = sub.add_parser(
        "data",
        help="import, show, rename or delete a planner's dataset",
        description="Planners' own per-town data (tiers, criteria, numeric indicators), kept "
        "in the dataset store ($MONOQALA_DATABASE_URL, else a local SQLite file).",
    )
    verbs = data.add_subparsers(
        dest="verb",
        required=True,
        metavar="{import,show,rename,delete,dump,restore}",
        parser_class=TokenParser,
    )
    imp = verbs.add_parser(
        "import",
        help="read a CSV, TSV or XLSX file and save it as a dataset",
        description="Read a file (one row per town), show how it was read, and save it. "
        "The write key is printed once; the dataset's id is the last line.",
    )
    imp.add_argument("path", help=f"the file (CSV, TSV or XLSX, up to {megabytes(MAX_BYTES)} MB)")
    imp.add_argument("--name", help="a name for the dataset (default: the file's name)")
    imp.add_argument("--sheet", help="XLSX: the sheet to read (default: the first)")
    imp.add_argument(
        "--role",
        action="append",
        default=[],
        metavar="COLUMN=ROLE[:AGGREGATION]",
        help=f"set a column's role by its header; roles: {', '.join(ROLES)}; e.g. "
        "'Безработица, %%=numeric:mean'",
    )
    imp.add_argument(
        "--accept-line",
        action="append",
        type=int,
        default=[],
        metavar="LINE",
        help="read a line whose fields do not fit the header as the import proposes it "
        "(repeatable; the proposal is printed with the line)",
    )
    show = verbs.add_parser("show", help="what a dataset is and where it came from")
    show.add_argument("id", type=_token)
    ren = verbs.add_parser("rename", help="rename a dataset (needs its write key)")
    ren.add_argument("id", type=_token)
    ren.add_argument("name")
    ren.add_argument("--write-key", type=_token, help=f"the write key (default: ${KEY_ENV})")
    rm = verbs.add_parser("delete", help="delete a dataset (needs its write key)")
    rm.add_argument("id", type=_token)
    rm.add_argument("--write-key", type=_token, help=f"the write key (default: ${KEY_ENV})")
    out = verbs.add_parser(
        "dump",
        help="back up every dataset, with its metadata, to one file",
        description="Write every dataset (bytes, content, roles, owner, shares, write key "
        "hash) to one JSON Lines file, readable by `monoqala data restore` into SQLite or "
        "PostgreSQL. The file holds planners' data: it is created readable by you only.",
    )
    out.add_argument("-o", "--output", required=True, help="the backup file (- for stdout)")
    back = verbs.add_parser(
        "restore",
        help="add the datasets of a backup file to the store (all or none)",
        description="Check a backup file whole, then add its datasets in one transaction; "
        "datasets already in the store unchanged are left as they are.",
    )
    back.add_argument("path", help="a file written by `monoqala data dump` (- for stdin)")


def _say(kind: str, message: str) -> None:
    print(f"monoqala data: {kind}: {message}", file=sys.stderr)


def _roles(specs: list[str]) -> dict[str, ColumnRole]:
    roles = {}
    for spec in specs:
        column, sep, role = spec.rpartition("=")
        if not sep or not column:
            raise UploadError("bad_role", column=spec, role="", allowed=list(ROLES))
        role, _, aggregation = role.partition(":")
        roles[column] = ColumnRole(
            role, aggregation=aggregation or None if role == NUMERIC else None
        )
    return roles


def run(args: argparse.Namespace, load_towns: Callable) -> int:
    """Run ``monoqala data <verb>``; returns the exit code."""
    try:
        store = DatasetStore()
    except StoreError as exc:
        _say("error", exc.text("en"))
        return FAILED
    with store:
        try:
            return VERBS[args.verb](args, store, load_towns)
        except StoreError as exc:
            _say("error", exc.text("en"))
            return USAGE_ERROR if exc.code in ("not_found", "bad_key", "bad_name") else FAILED
        except BackupError as exc:
            _say("error", f"{args.path}: {exc.text('en')}")
            return USAGE_ERROR


def _import(args, store: DatasetStore, load_towns) -> int:
    path = Path(args.path)
    try:
        data = load_bytes(path)
        roles = _roles(args.role) or None
    except UploadError as exc:
        _say("error", f"{path}: {exc}")
        return USAGE_ERROR
    outcome = read_bounded(
        data, path.name, TownMatcher(load_towns()), sheet=args.sheet, roles=roles,
        accept=args.accept_line,
    )  # fmt: skip
    if outcome.error is not None:
        _say("error", f"{path}: {outcome.error}")
        if outcome.error.code not in LIMIT_CODES:  # those say so themselves
            _say("error", "nothing was saved")
        return USAGE_ERROR
    preview = outcome.preview
    _describe(path, preview)
    if not preview.ok:
        for error in preview.errors:
            _say("error", str(error))
        _say("error", "nothing was saved")
        return USAGE_ERROR
    made = store.create(
        name=args.name or path.stem,
        file_name=path.name,
        original=data,
        content=preview.content(),
        roles={"columns": [{"header": c.header, "role": c.role, "unit": c.unit,
                            "aggregation": c.aggregation} for c in preview.columns]},
    )  # fmt: skip
    print(f"write key (shown once; keep it to rename or delete): {made.write_key}")
    print(made.dataset_id)
    return 0


def _describe(path: Path, preview: Preview) -> None:
    """How the file was read: counts, columns, then notes quoting short excerpts only."""
    counts = preview.counts()
    print(
        f"{path.name}: {counts['rows']} rows, {counts['rows_matched']} matched to towns, "
        f"{counts['rows_unmatched'] + counts['rows_ambiguous']} not matched, "
        f"{counts['cells_rejected']} cells rejected, {counts['rows_malformed']} lines not "
        f"read; {counts['towns']} towns have values"
    )
    for c in preview.columns:
        how = (
            f" ({c.unit or 'no unit'}, per unit: {c.aggregation}; --indicator data:{c.key})"
            if c.role == NUMERIC
            else ""
        )
        print(f"  column {c.index + 1} {excerpt(c.header)!r}: {c.role}{how}")
    notes = []
    for r in preview.unmatched_rows:
        near = ", ".join(s.name for s in r.match.candidates)
        near = f" (nearest: {near})" if near else ""
        notes.append(f"line {r.line}: {excerpt(r.match.text)!r} is not a known town{near}")
    _notes(notes, "rows not matched")
    notes = [
        f"line {cell.line}, column {excerpt(cell.header)!r}: "
        f"{UploadError(cell.reason, **cell.params)}"
        for cell in preview.rejected
    ]
    _notes(notes, "cells rejected")
    notes = []
    for m in preview.malformed:
        if m.accepted:
            continue
        note = (
            f"line {m.line}: {excerpt(m.row.text, 80)!r} has {m.row.found} fields, the header "
            f"{m.row.expected}; the line is not read"
        )
        if m.reading is not None:
            reading = " | ".join(excerpt(c) for c in m.reading)
            note += f" (to read it as {reading!r}, add --accept-line {m.line})"
        notes.append(note)
    _notes(notes, "lines not read")


def _notes(notes: list[str], what: str) -> None:
    for note in notes[:NOTES_SHOWN]:
        _say("note", note)
    if len(notes) > NOTES_SHOWN:
        _say("note", f"... and {len(notes) - NOTES_SHOWN} more {what}")


def _show(args, store: DatasetStore, load_towns) -> int:
    found = store.get(args.id)
    if found is None:
        raise StoreError("not_found")
    dataset = ViewDataset.from_record(found)
    for key, value in dataset.provenance().items():
        print(f"{key}: {value}")
    for column in dataset.content.columns:
        use = f"; --indicator data:{column.key}" if column.role == NUMERIC else ""
        print(f"column {column.key}: {column.header!r} ({column.role}{use})")
    return 0


def _key(args) -> str | None:
    return args.write_key or os.environ.get(KEY_ENV) or None


def _rename(args, store: DatasetStore, load_towns) -> int:
    store.rename(args.id, args.name, write_key=_key(args))
    print(f"renamed {args.id}")
    return 0


def _delete(args, store: DatasetStore, load_towns) -> int:
    store.delete(args.id, write_key=_key(args))
    print(f"deleted {args.id}")
    return 0


def _dump(args, store: DatasetStore, load_towns) -> int:
    if args.output == "-":  # to a pipe: `docker compose exec app1 monoqala data dump -o -`
        count = dump(store, sys.stdout.buffer)
        sys.stdout.flush()
        _say("note", f"{count} datasets written")
        return 0
    target = Path(args.output)
    # Written beside the target and renamed when complete: a failed dump never leaves a
    # half file under the backup's name. mkstemp creates it readable by the owner only.
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        _say("error", f"cannot write {target}: {exc.strerror or exc}")
        return USAGE_ERROR
    try:
        with os.fdopen(fd, "wb") as out:
            count = dump(store, out)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    print(f"{count} datasets written to {target}")
    return 0


def _restore(args, store: DatasetStore, load_towns) -> int:
    try:
        if args.path == "-":
            done = restore(store, sys.stdin.buffer)
        else:
            with open(args.path, "rb") as lines:
                done = restore(store, lines)
    except OSError as exc:
        _say("error", f"cannot read {args.path}: {exc.strerror or exc}")
        return USAGE_ERROR
    print(f"{done.added} datasets restored, {done.unchanged} already in the store unchanged")
    return 0


VERBS = {
    "import": _import,
    "show": _show,
    "rename": _rename,
    "delete": _delete,
    "dump": _dump,
    "restore": _restore,
}


def lookup_in(store: DatasetStore, town_ids) -> Callable[[str], ViewDataset | None]:
    """Find a view's dataset by id in ``store`` (for ``--data`` and batch lines)."""

    def lookup(dataset_id: str) -> ViewDataset | None:
        found = store.get(dataset_id)
        return None if found is None else ViewDataset.from_record(found, town_ids)

    return lookup
