"""Benchmarks of the monoqala atlas, each figure next to a naive baseline measured in the same run.

``python -m bench`` runs everything and prints a Markdown table; the modules are named for
what they measure (:mod:`bench.payload`, :mod:`bench.rerun`, :mod:`bench.browser`,
:mod:`bench.exports`, :mod:`bench.fidelity`) and each returns a list of :class:`Row`.
Targets are reported, never asserted: a benchmark that fails a target still finishes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
NAIVE_APP = Path(__file__).resolve().parent / "naive_app.py"
RESULTS = Path(__file__).resolve().parent / "results"
UNITS = ("B", "s", "%", "km²", "towns", "runs", "runs/s", "MB", "score", "shift", "req/s")


@dataclass
class Row:
    """One figure of the table.

    Parameters
    ----------
    key : str
        Stable id, ``section.name`` (the section as ``--only`` names it).
    figure : str
        What is measured, for the reader.
    value, baseline : float or None
        The atlas's figure and the naive baseline's, in ``unit``; ``None`` is *n/a*.
    unit : str
        One of :data:`UNITS`: bytes, seconds, percent, square kilometres, towns, runs
        (a count), runs per second, megabytes of memory, a Lighthouse score (0–100), a
        layout shift score, requests per second.
    target : str
        The target as text ("" when the figure is only reported).
    met : bool or None
        Whether the target is met; ``None`` when there is no target or no value.
    note : str
        How it was measured, or why it is *n/a*.
    samples, baseline_samples : list of float
        Raw measurements (JSON only), so a reader can recompute other statistics.
    """

    key: str
    figure: str
    value: float | None
    unit: str
    baseline: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}; valid: {', '.join(UNITS)}")

    @property
    def ratio(self) -> float | None:
        """value / baseline (below 1 is better for every figure here)."""
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    def to_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio}


def na_row(key: str, figure: str, unit: str, why: str, **kw) -> Row:
    """A row whose figure could not be measured, saying why (never a crash of the run)."""
    return Row(key, figure, None, unit, note=why, **kw)


def timed(fn: Callable[[], object], repeat: int, warmup: int = 0) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``fn`` after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    """95th percentile, linear between order statistics (numpy's default)."""
    s = sorted(xs)
    if len(s) == 1:
        return s[0]
    pos = 0.95 * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)
