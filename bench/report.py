"""The results as a Markdown table (stdout, ``latest.md``) and as JSON (``latest.json``)."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import datetime
from pathlib import Path

from bench import Row

COLUMNS = ("figure", "value", "baseline", "ratio", "target", "met")


def fmt(value: float | None, unit: str) -> str:
    """A figure in its unit: KB (1 KB = 1000 bytes), ms below a second, % with 2 decimals."""
    if value is None:
        return "n/a"
    if unit == "B":
        return f"{value / 1000:,.1f} KB"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit in ("towns", "runs"):
        return f"{value:.0f}"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "score":
        return f"{value:.0f}"
    if unit == "shift":
        return f"{value:.3f}"
    if unit == "req/s":
        return f"{value:,.1f} req/s"
    return f"{value:.2f} {unit}"


def fmt_ratio(row: Row) -> str:
    """value / baseline in the way its target reads: a share for sizes, a factor for times."""
    r = row.ratio
    if r is None:
        return "—"
    if r == 0:  # none at all (no blocking time, say) against a baseline that has some
        return "0 × baseline"
    if row.unit == "B":
        return f"{r:.1%} ({1 / r:.0f}× smaller)" if r < 1 else f"{r:.2f}× larger"
    if row.unit == "s":
        return f"{1 / r:.1f}× faster" if r < 1 else f"{r:.2f}× slower"
    return f"{r:.2f}×"


def fmt_met(row: Row) -> str:
    if row.met is None:
        return "n/a" if row.target and row.value is None else "—"
    return "met" if row.met else "**not met**"


def environment() -> dict:
    """Date, platform, CPUs, Python and the 1-minute load average now."""
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count() or 0,
        "python": sys.version.split()[0],
        "load_average": load_average(),
    }


def cpu_model() -> str:
    """The processor's name (Linux), or what the platform module knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load_average() -> float | None:
    """The 1-minute load average (other work on the machine skews every timing)."""
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def to_markdown(rows: list[Row], env: dict, extra: str = "") -> str:
    """Header lines, the table, then each row's note (how it was measured) as a list."""
    cpus = f"{env['cpu_count']} × {env['cpu']}" if env.get("cpu") else f"{env['cpu_count']} CPUs"
    facts = [env["date"], env["platform"], cpus, f"Python {env['python']}"]
    if env.get("load_average") is not None:
        start = env.get("load_average_start")
        before = f"{start} at start, " if start is not None else ""
        facts.append(f"1-min load average {before}{env['load_average']} at end")
    if "mode" in env:
        facts.append(f"{env['mode']} run, {env['elapsed_s']:.0f} s")
    lines = [
        "# monoqala benchmark",
        "",
        " · ".join(facts),
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in rows:
        cells = (
            row.figure,
            fmt(row.value, row.unit),
            fmt(row.baseline, row.unit),
            fmt_ratio(row),
            row.target or "—",
            fmt_met(row),
        )
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "Notes:", ""]
    lines += [f"- `{row.key}`: {row.note}" for row in rows if row.note]
    return "\n".join(lines) + ("\n\n" + extra if extra else "") + "\n"


def write(rows: list[Row], env: dict, folder: Path, extra: str = "", data: dict | None = None):
    """Write ``latest.json`` and ``latest.md`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = {**env, "rows": [r.to_dict() for r in rows], **(data or {})}
    js, md = folder / "latest.json", folder / "latest.md"
    js.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=float) + "\n")
    md.write_text(to_markdown(rows, env, extra), encoding="utf-8")
    return js, md


README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def readme_section(md: str) -> str:
    """The facts line and the table of a ``latest.md`` (notes stay in the results file)."""
    lines = md.splitlines()
    facts = lines[2]
    first = next(i for i, ln in enumerate(lines) if ln.startswith("|"))
    table = []
    for ln in lines[first:]:  # the results table only: the profile's tables come later
        if not ln.startswith("|"):
            break
        table.append(ln)
    return "\n".join([f"Last run: {facts}", "", *table])


def update_readme(md: str, readme: Path) -> None:
    """Replace the README's results table (between the bench markers) with this run's."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"{readme.name} has no {README_START} … {README_END} section")
    head, tail = text[: start + len(README_START)], text[end:]
    readme.write_text(f"{head}\n{readme_section(md)}\n{tail}", encoding="utf-8")
