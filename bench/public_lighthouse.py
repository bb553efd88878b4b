"""Lighthouse 12.2.3 on a page: its scores and paint figures, mobile or desktop.

Lighthouse comes from npm, pinned in ``bench/lighthouse/package-lock.json`` (``make bench``
runs ``npm ci`` there), and drives Debian's Chromium (``CHROME_PATH``). Mobile is its
default: a mid-range phone emulated, 4× CPU slowdown and slow 4G simulated; desktop is its
``--preset=desktop``. The page is served on loopback, so the network figures are
Lighthouse's simulation, not this machine's.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import ROOT
from bench.harness import chromium_path

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
AUDITS = {
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "tbt": "total-blocking-time",
    "cls": "cumulative-layout-shift",
}


@dataclass(frozen=True)
class Report:
    """One Lighthouse run: scores (0–100), paint times in seconds, layout shift."""

    performance: float
    accessibility: float
    fcp: float
    lcp: float
    tbt: float
    cls: float


def available() -> str | None:
    """Why Lighthouse cannot run here, or None when it can."""
    if not LIGHTHOUSE.is_file():
        return f"Lighthouse is not installed ({LIGHTHOUSE}): make bench runs npm ci"
    if chromium_path() is None:
        return "Debian's chromium is not installed (make browser)"
    return None


def run(url: str, form_factor: str = "mobile", timeout: float = 300.0) -> Report:
    """Lighthouse's performance and accessibility of ``url`` (``mobile`` or ``desktop``)."""
    with tempfile.TemporaryDirectory(prefix="mq-lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={FLAGS}",
        ]
        if form_factor == "desktop":
            cmd.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": chromium_path() or ""}
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0 or not out.is_file():
            raise RuntimeError(f"lighthouse failed ({done.returncode}): {done.stderr[-800:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
    audits, categories = report["audits"], report["categories"]
    value = {k: audits[a]["numericValue"] for k, a in AUDITS.items()}
    return Report(
        performance=categories["performance"]["score"] * 100,
        accessibility=categories["accessibility"]["score"] * 100,
        fcp=value["fcp"] / 1000,
        lcp=value["lcp"] / 1000,
        tbt=value["tbt"] / 1000,
        cls=value["cls"],
    )
