"""Read a planner's file in a worker process with hard limits, never in the calling process.

The app's upload panel and ``monoqala data import`` both call :func:`read_bounded`. It starts
a fresh interpreter (:mod:`userdata.read.worker`) that takes its memory and CPU-time limits
before reading, hands it the file, and waits at most the wall-time limit; a worker that runs
over is killed. The calling process only waits (without holding the interpreter), so a
server keeps answering its other readers while a hostile file is being read, and its memory
holds only the answer. At most :data:`~userdata.read.limits.WORKERS_AT_ONCE` workers run at
once per process; a file that waits longer than the wall-time limit for its turn is refused
as "busy".

The worker is a bound on time and memory, not a sandbox against code: it runs as the same
user, and its answer is unpickled here.
"""

from __future__ import annotations

import logging
import os
import pickle
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from userdata.read.errors import UploadError
from userdata.read.limits import WORKER_LIMITS, WORKERS_AT_ONCE, WorkerLimits
from userdata.read.matching import TownMatcher
from userdata.read.worker import MEMORY_EXIT, Job, peak_mb

log = logging.getLogger(__name__)
_ROOT = str(Path(__file__).resolve().parents[2])  # the folder that holds userdata/
_TURNS = threading.BoundedSemaphore(WORKERS_AT_ONCE)
_STDERR_KEPT = 4_000  # characters of a worker's stderr kept for the log
# The codes of a file that reached a limit (or found no worker): their texts say that
# nothing was saved, and what to do.
LIMIT_CODES = frozenset({"limit_memory", "limit_cpu", "limit_time", "busy", "worker_failed"})
_NOT_FOR_THE_WORKER = frozenset({"MONOQALA_DATABASE_URL"})
_POLL_SECONDS = 0.05  # how often the worker's memory is looked at while it works


@dataclass(frozen=True)
class Outcome:
    """What reading a file in the worker gave.

    Attributes
    ----------
    preview : Preview or None
        None when the file (or a limit) stopped the reading; see ``error``.
    guessed : tuple of ColumnInfo
        Each column with its role as guessed, before any set by hand.
    error : UploadError or None
        The file's problem, or the limit it reached: ``limit_memory``, ``limit_cpu``,
        ``limit_time`` (each with ``limit``), ``busy`` or ``worker_failed``.
    seconds : float
        Wall time, the wait for a turn included.
    peak_mb : float
        The worker's peak resident memory in MiB (``VmHWM``: its own report, or the last
        look at it before the kernel stopped it).
    cpu_seconds : float
        The worker's CPU time.
    """

    preview: Any = None
    guessed: tuple = ()
    error: UploadError | None = None
    seconds: float = 0.0
    peak_mb: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the file was read (the preview may still hold errors of its content)."""
        return self.error is None


def read_bounded(
    data: bytes,
    file_name: str,
    matcher: TownMatcher,
    *,
    sheet: str | None = None,
    roles: Mapping[int | str, Any] | None = None,
    accept: Collection[int] = (),
    limits: WorkerLimits = WORKER_LIMITS,
) -> Outcome:
    """Read, match and preview a file in a worker process within the limits.

    Parameters
    ----------
    data : bytes
        The whole file, already checked against :data:`~userdata.read.limits.MAX_BYTES`
        by the caller (it is checked again in the worker).
    file_name : str
        Its name as uploaded.
    matcher : TownMatcher
        The atlas's towns.
    sheet, roles, accept
        As :func:`userdata.read.read_upload` and :func:`userdata.read.build_preview`.
    limits : WorkerLimits
        The worker's limits (the defaults everywhere but in tests of the limits).

    Returns
    -------
    Outcome
    """
    start = time.perf_counter()
    if not _TURNS.acquire(timeout=limits.wall_seconds):
        return Outcome(error=UploadError("busy"), seconds=time.perf_counter() - start)
    try:
        job = Job(
            data, file_name, matcher, sheet, dict(roles) if roles else None, tuple(accept), limits
        )
        return _run(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL), start, limits)
    finally:
        _TURNS.release()


def _environment() -> dict[str, str]:
    # The worker reads a file and answers: it has no use for the database's address.
    env = {k: v for k, v in os.environ.items() if k not in _NOT_FOR_THE_WORKER}
    path = env.get("PYTHONPATH")
    env["PYTHONPATH"] = _ROOT + (os.pathsep + path if path else "")
    # One thread per numeric library, and few malloc arenas: the limit is the file's.
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MALLOC_ARENA_MAX="2")
    return env


def _run(job: bytes, start: float, limits: WorkerLimits) -> Outcome:
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "userdata.read.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_environment(),
            cwd=_ROOT,
            close_fds=True,
        )
    except OSError as exc:  # no process could be started (the machine's own limits)
        log.error("the worker reading a file could not start: %s", exc)
        return Outcome(error=UploadError("worker_failed"), seconds=time.perf_counter() - start)
    feeder = threading.Thread(target=_feed, args=(proc.stdin, job), daemon=True)
    feeder.start()
    out, err, timed_out, peak = _collect(proc, start + limits.wall_seconds)
    if timed_out:
        proc.kill()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, for the CPU time
    feeder.join(timeout=1)
    stats = {
        "seconds": time.perf_counter() - start,
        "peak_mb": peak,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
    }
    error = _limit_reached(proc.returncode, timed_out, stats["cpu_seconds"], limits)
    done = None
    if error is None:
        try:
            done = pickle.loads(out)
        except Exception:  # an answer cut short: the worker died while writing it
            error = UploadError("worker_failed")
    if error is not None:
        if error.code == "worker_failed":
            log.error("the worker reading a file failed (%s): %s", proc.returncode, err[-4000:])
        return Outcome(error=error, **stats)
    stats["peak_mb"] = max(peak, done.peak_mb)
    return Outcome(done.preview, done.guessed, done.error, **stats)


def _feed(stream, job: bytes) -> None:
    try:
        stream.write(job)
        stream.close()
    except (BrokenPipeError, OSError):
        pass  # the worker stopped before reading it all: its exit status says why


def _collect(proc: subprocess.Popen, deadline: float) -> tuple[bytes, str, bool, float]:
    """The worker's answer and stderr, read until both close or the deadline passes, and
    its peak memory as last seen (a worker the kernel stops cannot report its own)."""
    chunks: dict[int, list[bytes]] = {proc.stdout.fileno(): [], proc.stderr.fileno(): []}
    kept_err, peak = 0, 0.0
    with selectors.DefaultSelector() as selector:
        for stream in (proc.stdout, proc.stderr):
            selector.register(stream, selectors.EVENT_READ)
        while selector.get_map():
            left = deadline - time.perf_counter()
            if left <= 0:
                return b"", "", True, peak
            peak = max(peak, peak_mb(proc.pid))
            for key, _ in selector.select(timeout=min(left, _POLL_SECONDS)):
                piece = os.read(key.fd, 1 << 20)
                if not piece:
                    selector.unregister(key.fileobj)
                elif key.fd == proc.stdout.fileno():
                    chunks[key.fd].append(piece)
                elif kept_err < _STDERR_KEPT:
                    chunks[key.fd].append(piece)
                    kept_err += len(piece)
    out = b"".join(chunks[proc.stdout.fileno()])
    err = b"".join(chunks[proc.stderr.fileno()]).decode("utf-8", "replace")
    return out, err, False, peak


def _limit_reached(
    code: int, timed_out: bool, cpu: float, limits: WorkerLimits
) -> UploadError | None:
    """The limit a worker's exit status shows it reached, or None if it answered."""
    if timed_out:
        return UploadError("limit_time", limit=f"{limits.wall_seconds:g}")
    if code == MEMORY_EXIT:
        return UploadError("limit_memory", limit=limits.memory_mb)
    if code in (-signal.SIGXCPU, -signal.SIGKILL) and cpu >= limits.cpu_seconds - 0.5:
        return UploadError("limit_cpu", limit=limits.cpu_seconds)
    if code != 0:
        return UploadError("worker_failed")
    return None
