"""Readers of the public pages at once, with Debian's ``wrk``: requests per second and p95.

``wrk`` keeps ``connections`` requests in flight for ``duration`` seconds, cycling through
a list of view addresses (a Lua script), each asking for gzip as browsers do; the script
prints the count, the 95th percentile of the latency and the errors in one line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("MQ requests=%%d seconds=%%.3f p95_us=%%d errors=%%d non2xx=%%d\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(95),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""
_LINE = re.compile(r"MQ requests=(\d+) seconds=([\d.]+) p95_us=(\d+) errors=(\d+) non2xx=(\d+)")


@dataclass(frozen=True)
class Load:
    """What ``wrk`` measured."""

    requests: int
    seconds: float
    p95_s: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def available() -> str | None:
    """Why ``wrk`` cannot run here, or None."""
    return None if shutil.which("wrk") else "wrk is not installed (apt-get install wrk)"


def run(base_url: str, paths: list[str], connections: int = 50, duration: float = 20.0) -> Load:
    """``connections`` concurrent readers of ``paths`` on ``base_url`` for ``duration`` s."""
    listed = ", ".join('"' + p.replace('"', "") + '"' for p in paths)
    with tempfile.TemporaryDirectory(prefix="mq-wrk-") as tmp:
        script = Path(tmp) / "views.lua"
        script.write_text(SCRIPT % listed, encoding="utf-8")
        cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration:g}s", "--timeout", "60s"]
        done = subprocess.run(
            [*cmd, "-s", str(script), base_url],
            capture_output=True,
            text=True,
            timeout=duration + 120,
            check=False,
        )
    found = _LINE.search(done.stdout)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr[-500:]}")
    requests, seconds, p95_us, errors, non2xx = found.groups()
    return Load(int(requests), float(seconds), int(p95_us) / 1e6, int(errors) + int(non2xx))
