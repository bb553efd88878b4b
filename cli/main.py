"""The ``monoqala`` command: export one view, or a batch of views, to files.

Exit codes: 0 done; 1 a batch had bad lines, a file could not be written or the atlas data
could not be read; 2 the command line itself is wrong (unknown option, bad value: the message
names it and the valid ones) or the batch file cannot be used at all (unreadable, no views).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from cli import data as datacli
from cli.batch import parse_line, unique
from cli.data import lookup_in
from export.formats import (
    APP_URL,
    DATE,
    DPI,
    FORMATS,
    LAYOUT,
    LINK_DATA,
    Format,
    Options,
    format_for_path,
    formats_taking,
)
from export.links import APP_URL_ENV, DEFAULT_APP_URL
from export.page.frame import LAYOUTS
from geo.atlas import Atlas, load_atlas
from geo.attributes import ATTRIBUTES
from geo.errors import DataError
from geo.view import FILTER_PARAMS, PARAMS
from geo.viewspec import ViewError, filter_param, query_params, strict_view
from userdata.store import DatasetStore, StoreError

USAGE_ERROR, FAILED = 2, 1

# Below 10 dpi the smallest type has no pixel left (FreeType fails, or the process crashes);
# above 600 an A4 page takes seconds and most of a gigabyte, for detail no printer shows.
DPI_RANGE = (10.0, 600.0)
# The setting (Options field) each option gives; a format that does not take it ignores
# it, and the command says so.
SETTING_OF = {
    "--layout": LAYOUT,
    "--dpi": DPI,
    "--date": DATE,
    "--app-url": APP_URL,
    "--link-data": LINK_DATA,
}
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f\"'<>`\\]")
BATCH_HELP = """\
Each line of the batch file is one view, written as the app's URL writes it (a whole link
or just its query string), followed in any order by format=, layout= and name= settings:

    v=2012&unit=KZ-35&lang=kk format=png
    http://localhost:8501/?v=2022&lang=ru&status=listed,unknown format=pdf layout=A4
    lang=en format=html name=kazakhstan.html
    - format=csv                  (the default view)

Blank lines and lines starting with # are skipped. format defaults to the one name's
extension asks for (.csv: the towns), else png; a name must end in its format's extension.
name defaults to one made from the view (e.g. kz-35_kk_2012.png); a name already used by
an earlier line gets -2, -3... before its extension, with a note. A bad line is reported
with its number, the other lines are still rendered, and the command then exits with code 1.
"""


def load() -> Atlas:
    """The atlas (a function of its own so tests can hand in the one they loaded)."""
    return load_atlas()


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-01-31") from None


def _dpi(text: str) -> float:
    low, high = DPI_RANGE
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not low <= value <= high:  # also false for nan
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a resolution from {low:g} to {high:g} dpi"
        )
    return value


def _app_url(text: str) -> str:
    # The address ends up in an href of the embed and the PDF: only web links may go there.
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or _NOT_IN_URL.search(text)
    ):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an http:// or https:// address, e.g. https://example.org/monoqala/"
        )
    return text


def _which(setting: str) -> str:
    """The formats that take ``setting``, for the help: ``png/pdf``."""
    return "/".join(formats_taking(setting))


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--app-url",
        type=_app_url,
        help=f"public http(s) address of the app, for the link back to the view that "
        f"{_which(APP_URL)} files print (default: ${APP_URL_ENV}; without one, or with a local "
        f"address such as {DEFAULT_APP_URL}, no link is printed)",
    )
    p.add_argument(
        "--link-data",
        action="store_true",
        default=None,  # None when not given: a format that does not take it is not warned
        help=f"put a planner's dataset's id into the link and metadata of {_which(LINK_DATA)} "
        "files: anyone holding a file can then open the private dataset (default: the link "
        "opens the view without the dataset and says so)",
    )
    p.add_argument(
        "--date",
        type=_date,
        help=f"production date (YYYY-MM-DD) written into {_which(DATE)} files (default: today); "
        "pass it to make the output byte-for-byte reproducible",
    )
    pages = ", ".join(f"{layout.dpi} for {key}" for key, layout in LAYOUTS.items())
    p.add_argument(
        "--dpi",
        type=_dpi,
        help=f"resolution of {_which(DPI)} images, {DPI_RANGE[0]:g} to {DPI_RANGE[1]:g} (default: "
        f"the layout's: {pages}); 200 or more is print quality, less is a preview",
    )


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="monoqala",
        description="Export views of the monoqala atlas: briefing images, embeds and data.",
    )
    sub = top.add_subparsers(
        dest="command",
        required=True,
        metavar="{export,batch,data}",
        parser_class=datacli.TokenParser,
    )
    ex = sub.add_parser(
        "export",
        help="export one view",
        description="Export one view of the atlas to a file.",
        epilog=f"formats — {'; '.join(f'{f.key}: {f.describe}' for f in FORMATS.values())}. "
        "Example: monoqala export --vintage 2012 --unit KZ-35 "
        "--lang kk --filter status=listed,unknown --format png -o karaganda.png",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("--view", help="an app link or query string to start from, e.g. 'v=2012'")
    for p in PARAMS.values():
        ex.add_argument(p.option, help=f"{p.help}: {', '.join(p.valid())}")
    ex.add_argument("--unit", help="unit to zoom to, e.g. KZ-35 (ids of the vintage)")
    ex.add_argument(
        "--data",
        metavar="ID",
        help="a planner's dataset (from 'monoqala data import'): its tiers, criteria and "
        "columns drive the filters and indicators, and every file marks them as user-supplied",
    )
    ex.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help=f"keep towns whose KEY is one of the values (repeatable); keys: "
        f"{', '.join(FILTER_PARAMS)}; e.g. status="
        f"{','.join(ATTRIBUTES['status'].values)},unknown",
    )
    ex.add_argument(
        "--tiles",
        action="store_true",
        help="the app link keeps the basemap on (embeds never load tiles)",
    )
    ex.add_argument(
        "--format", choices=list(FORMATS), help="output format (default: from -o's extension)"
    )
    ex.add_argument(
        "--layout",
        choices=list(LAYOUTS),
        help=f"page of {_which(LAYOUT)} (default: "
        f"{', '.join(f'{FORMATS[k].layout} {k}' for k in formats_taking(LAYOUT))})",
    )
    ex.add_argument("-o", "--output", required=True, help="file to write")
    _common(ex)
    ba = sub.add_parser(
        "batch",
        help="export several views listed in a file",
        description="Export every view listed in a file, one per line.",
        epilog=BATCH_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ba.add_argument("file", help="the batch file (see below)")
    ba.add_argument("-o", "--output", required=True, help="folder to write into (created)")
    _common(ba)
    datacli.add_parser(sub)
    return top


def _dest(option: str) -> str:
    """The attribute argparse stores ``option`` under: ``--app-url`` -> ``app_url``."""
    return option.lstrip("-").replace("-", "_")


def _view_params(args: argparse.Namespace) -> dict[str, str]:
    params = query_params(args.view) if args.view else {}
    pairs = [(p.name, p.option) for p in PARAMS.values()] + [("unit", "--unit"), ("data", "--data")]
    for name, option in pairs:
        value = getattr(args, _dest(option))
        if value is not None:
            params[name] = value
    for spec in args.filter:
        name, values = filter_param(spec)
        params[name] = values
    if args.tiles:
        params["tiles"] = "1"
    return params


def _options(args: argparse.Namespace, layout: str | None = None, dataset=None) -> Options:
    return Options(
        layout=layout,
        dpi=args.dpi,
        app_url=args.app_url,
        generated=args.date or args.today,
        dataset=dataset,
        link_data=bool(args.link_data),
    )


class _Datasets:
    """The dataset store, opened only when a view names a dataset."""

    def __init__(self, atlas: Atlas) -> None:
        self.atlas, self.store = atlas, None

    def __call__(self, dataset_id: str):
        if self.store is None:
            try:
                self.store = DatasetStore()
            except StoreError as exc:
                raise ViewError(f"the dataset store cannot be opened: {exc.text('en')}") from None
        return lookup_in(self.store, set(self.atlas.towns["town_id"]))(dataset_id)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _unused(args: argparse.Namespace, fmt: Format) -> list[str]:
    """The options given on the command line that ``fmt`` does not take."""
    return [
        option
        for option, setting in SETTING_OF.items()
        if getattr(args, _dest(option), None) is not None and setting not in fmt.takes
    ]


def _load(command: str) -> Atlas | None:
    try:
        return load()
    except DataError as exc:  # names the file, row and column
        print(f"monoqala {command}: error: cannot read the atlas data: {exc}", file=sys.stderr)
        return None


def run_export(args: argparse.Namespace) -> int:
    fmt = FORMATS[args.format] if args.format else format_for_path(args.output)
    if fmt is None:
        print(
            f"monoqala export: error: cannot tell the format of {args.output!r}; give --format "
            f"({', '.join(FORMATS)})",
            file=sys.stderr,
        )
        return USAGE_ERROR
    named = format_for_path(args.output)
    if named is not None and named.extension != fmt.extension:
        # A .png holding CSV opens as a broken image: refuse rather than mislabel the file.
        print(
            f"monoqala export: error: --format {fmt.key} writes {fmt.extension} files, but "
            f"-o {args.output!r} ends in {named.extension}",
            file=sys.stderr,
        )
        return USAGE_ERROR
    atlas = _load("export")
    if atlas is None:
        return FAILED
    datasets = _Datasets(atlas)
    try:
        view, dataset = strict_view(_view_params(args), atlas, options=True, lookup=datasets)
    except ViewError as exc:
        print(f"monoqala export: error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        datasets.close()
    for option in _unused(args, fmt):
        print(
            f"monoqala export: note: {option} does not apply to {fmt.key}; ignored", file=sys.stderr
        )
    out = Path(args.output)
    try:
        content = fmt.render(atlas, view, _options(args, args.layout, dataset))
    except DataError as exc:
        print(f"monoqala export: error: cannot read the atlas data: {exc}", file=sys.stderr)
        return FAILED
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    except OSError as exc:
        print(f"monoqala export: error: cannot write {out}: {exc}", file=sys.stderr)
        return FAILED
    if fmt.policy is not None:
        # The file carries its policy (an embed's in <meta>); a server that sets headers
        # sends it too.
        print(
            f"monoqala export: note: {out} carries its policy; a web server that sets "
            f"headers can send it with the file:\n{fmt.policy(content)}",
            file=sys.stderr,
        )
    print(out)
    return 0


def _say(where: str, kind: str, message: str) -> None:
    print(f"{where}: {kind}: {message}", file=sys.stderr, flush=True)


def run_batch(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        # utf-8-sig: a file saved by Notepad or Excel starts with a byte-order mark.
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"monoqala batch: error: cannot read {path}: {exc}", file=sys.stderr)
        return USAGE_ERROR
    numbered = [(i, text) for i, text in enumerate(lines, 1) if text.strip()]
    numbered = [(i, text) for i, text in numbered if not text.strip().startswith("#")]
    if not numbered:
        print(f"monoqala batch: error: no views in {path} (only blank or # lines)", file=sys.stderr)
        return USAGE_ERROR
    outdir = Path(args.output)
    if outdir.exists() and not outdir.is_dir():
        print(f"monoqala batch: error: -o {outdir} is a file, not a folder", file=sys.stderr)
        return USAGE_ERROR
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"monoqala batch: error: cannot create folder {outdir}: {exc}", file=sys.stderr)
        return FAILED
    atlas = _load("batch")
    if atlas is None:
        return FAILED
    datasets = _Datasets(atlas)
    try:
        return _render_batch(args, atlas, numbered, outdir, path, datasets)
    finally:
        datasets.close()


def _render_batch(args, atlas: Atlas, numbered, outdir: Path, path: Path, datasets) -> int:
    written: dict[str, int] = {}  # file name -> line that wrote it
    noted: set[tuple[str, str]] = set()
    failed = 0
    for k, (number, text) in enumerate(numbered, 1):
        progress = f"[{k}/{len(numbered)}]"
        where = f"{progress} {path}:{number}"
        try:
            job = parse_line(text, number, atlas, datasets)
            key = job.format.key
            for option in _unused(args, job.format):
                if (option, key) not in noted:  # once per option and format, not per line
                    noted.add((option, key))
                    _say(where, "note", f"{option} does not apply to {key}; ignored")
            if job.layout is not None and LAYOUT not in job.format.takes:
                _say(where, "note", f"layout= does not apply to {key}; ignored")
            wanted = job.file_name()
            name = unique(wanted, written)
            if name != wanted:
                first = next(n for w, n in written.items() if w.casefold() == wanted.casefold())
                _say(where, "note", f"{wanted} is already written by line {first}; writing {name}")
            target = outdir / name
            options = _options(args, job.layout, job.dataset)
            target.write_bytes(job.format.render(atlas, job.view, options))
        except (ViewError, DataError, OSError) as exc:
            failed += 1
            _say(where, "error", str(exc))
            continue
        except Exception as exc:  # one line must not end the batch, whatever goes wrong in it
            failed += 1
            _say(where, "error", f"{type(exc).__name__}: {exc}")
            continue
        written[name] = number
        print(f"{progress} {target}", flush=True)
    if failed:
        print(f"monoqala batch: {failed} of {len(numbered)} line(s) failed", file=sys.stderr)
        return FAILED
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (``--help`` and usage errors included)."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and on usage errors (2)
        return int(exc.code or 0)
    env_url = os.environ.get(APP_URL_ENV)
    if getattr(args, "app_url", "") is None and env_url:
        try:
            _app_url(env_url)
        except argparse.ArgumentTypeError as exc:
            print(f"monoqala {args.command}: error: ${APP_URL_ENV}: {exc}", file=sys.stderr)
            return USAGE_ERROR
    args.today = date.today()  # one date for every file of a run
    if args.command == "data":
        return datacli.run(args, lambda: load().towns)
    if args.command == "export":
        return run_export(args)
    return run_batch(args)
