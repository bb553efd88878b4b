"""Run the benchmark: ``python -m bench [--quick] [--only payload,rerun,...] [--readme]``.

Prints the Markdown table and writes ``bench/results/latest.json`` and ``latest.md``;
``--readme`` also puts the table into README.md (a full run only). Each section runs in a
fresh interpreter, as a freshly started server would: the payload section alone leaves
thousands of map objects behind, and Python's collector then slows every later timing.
A section that fails becomes a row saying why; the others still run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import RESULTS, ROOT, Row, report

# Repetitions per section: (full, --quick). Cold start is skipped in --quick.
REPEATS = {
    "rerun": (30, 10),
    "cold": (5, 0),
    "embed": (5, 2),
    "reader": (5, 2),
    "exports": (3, 1),
    "profile": (5, 3),
    "datasets": (10, 5),
    "load": (60, 15),  # measured seconds of each load run
    "public": (3, 1),
    "deployment": (60, 60),  # read from the last make deploy-check
}


def _payload(n: int) -> list[Row]:
    from bench import payload

    return payload.measure()


def _rerun(n: int) -> list[Row]:
    from bench import rerun

    return rerun.measure(runs=n)


def _cold(n: int) -> list[Row]:
    from bench import browser

    return browser.measure_cold(runs=n)


def _embed(n: int) -> list[Row]:
    from bench import browser

    return browser.measure_embed(runs=n)


def _reader(n: int) -> list[Row]:
    from bench import reader

    return reader.measure(runs=n)


def _exports(n: int) -> list[Row]:
    from bench import exports

    return exports.measure(runs=n)


def _fidelity(n: int) -> list[Row]:
    from bench import fidelity

    return fidelity.measure()


def _datasets(n: int) -> list[Row]:
    from bench import datasets

    return datasets.measure(runs=n)


def _hostile(n: int) -> list[Row]:
    from bench import hostile

    return hostile.measure(runs=n)


def _load(n: int) -> list[Row]:
    from bench import load_rows

    return load_rows.measure(duration=n)


def _public(n: int) -> list[Row]:
    from bench import public

    return public.measure(runs=n, duration=20.0 if n > 1 else 8.0)


def _deployment(n: int) -> list[Row]:
    from bench import deployment

    return deployment.measure(duration=n)


SECTIONS: dict[str, Callable[[int], list[Row]]] = {
    "payload": _payload,
    "rerun": _rerun,
    "cold": _cold,
    "embed": _embed,
    "reader": _reader,
    "exports": _exports,
    "fidelity": _fidelity,
    "datasets": _datasets,
    "hostile": _hostile,
    "load": _load,
    "public": _public,
    "deployment": _deployment,
}
ALL = (*SECTIONS, "profile")


def run_section(name: str, n: int) -> tuple[list[Row], str, dict]:
    """One section in this interpreter: its rows, and the profile's Markdown and data."""
    if name == "profile":
        from bench import profiling

        profiles = profiling.profile_reruns(runs=n)
        return [], profiling.to_markdown(profiles, n), {"profile": profiles}
    return SECTIONS[name](n), "", {}


def run_isolated(name: str, n: int) -> tuple[list[Row], str, dict]:
    """One section in a fresh interpreter (see the module's note), read back as JSON."""
    with tempfile.TemporaryDirectory(prefix="mq-bench-") as tmp:
        result = Path(tmp) / "section.json"
        cmd = [sys.executable, "-m", "bench", "--section", name, "--repeat", str(n)]
        done = subprocess.run([*cmd, "--result", str(result)], cwd=ROOT, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"section {name} exited with {done.returncode}")
        out = json.loads(result.read_text(encoding="utf-8"))
    return (
        [Row(**{k: v for k, v in r.items() if k != "ratio"}) for r in out["rows"]],
        out["extra"],
        out["data"],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no cold start")
    parser.add_argument(
        "--only", default="", help=f"comma-separated sections among: {', '.join(ALL)}"
    )
    parser.add_argument(
        "--readme", action="store_true", help="also write the table into README.md (full run)"
    )
    # Internal: run one section and print its result as JSON (see run_isolated).
    parser.add_argument("--section", choices=ALL, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.section:
        rows, extra, data = run_section(args.section, args.repeat)
        out = {"rows": [r.to_dict() for r in rows], "extra": extra, "data": data}
        Path(args.result).write_text(json.dumps(out, default=float), encoding="utf-8")
        return 0
    if args.readme and (args.quick or args.only):
        parser.error("--readme takes a full run: drop --quick and --only")
    chosen = [s.strip() for s in args.only.split(",") if s.strip()] or list(ALL)
    unknown = sorted(set(chosen) - set(ALL))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; valid: {', '.join(ALL)}")
    start, load_start = time.perf_counter(), report.load_average()
    rows: list[Row] = []
    extra, data = "", {}
    for name in chosen:
        n = REPEATS.get(name, (1, 1))[args.quick]
        if n == 0:
            print(f"[bench] {name}: skipped (--quick)", file=sys.stderr)
            continue
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            got, section_extra, section_data = run_isolated(name, n)
            rows += got
            extra, data = extra + section_extra, {**data, **section_data}
        except Exception as exc:  # one broken section must not hide the others' figures
            traceback.print_exc()
            rows.append(Row(f"{name}.error", f"{name}: failed", None, "s", note=repr(exc)[:300]))
        print(f"[bench] {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    env = {
        **report.environment(),
        "load_average_start": load_start,
        "mode": "quick" if args.quick else "full",
        "elapsed_s": time.perf_counter() - start,
    }
    print(report.to_markdown(rows, env, extra))
    json_path, md_path = report.write(rows, env, RESULTS, extra, data)
    print(f"[bench] wrote {json_path} and {md_path}", file=sys.stderr)
    if args.readme:
        report.update_readme(md_path.read_text(encoding="utf-8"), ROOT / "README.md")
        print("[bench] wrote the table into README.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
