"""Start the real app and a headless Debian Chromium that may reach only this machine.

Shared by the benchmark and the browser tests (which import it from here).
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    script: Path = ROOT / "app.py",
    env: dict[str, str] | None = None,
    timeout: float = 90.0,
    poll: float = 0.2,
):
    """Run ``streamlit run script`` on a free loopback port; yield its base URL once healthy.

    The benchmark polls more often (``poll``): it times a cold start in seconds.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    cmd += ["--server.fileWatcherType", "none", "--global.developmentMode", "false"]
    with _serve(cmd, port, env, timeout, poll) as url:
        yield url


@contextmanager
def uvicorn_server(
    app: str = "web.server:app",
    env: dict[str, str] | None = None,
    log: Path | None = None,
    timeout: float = 90.0,
    access_log: bool = True,
):
    """Run ``uvicorn app`` (as a deployment may: uvicorn's access log on, unless
    ``access_log`` is False) on a free loopback port; yield its base URL once healthy.
    ``log`` keeps what the server wrote."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--no-use-colors"] + ([] if access_log else ["--no-access-log"])
    with _serve(cmd, port, env, timeout, 0.2, log) as url:
        yield url


@contextmanager
def _serve(cmd, port, env, timeout, poll, log_path: Path | None = None):
    full_env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    url = f"http://127.0.0.1:{port}"
    # The log goes to a file, not a pipe: nobody reads it while the server runs, and a full
    # pipe would block the server.
    with open(log_path, "w+b") if log_path else tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(proc, url, log, timeout, poll)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_healthy(proc: subprocess.Popen, url: str, log, timeout: float, poll: float) -> None:
    """Poll the server's health endpoint (its own readiness signal) until it answers."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            log.seek(0)
            out = log.read().decode(errors="replace")
            raise RuntimeError(f"the server exited early:\n{out[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError("the server did not become healthy") from None
            time.sleep(poll)


@contextmanager
def serve_folder(folder: Path):
    """A loopback HTTP server over ``folder`` (a file:// page would be blocked as non-loopback)."""
    handler = partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


def block_non_loopback(context, blocked: list[str]) -> None:
    """Abort every request that leaves this machine, and remember it."""

    def handle(route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)
