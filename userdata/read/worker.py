"""The process that reads a planner's file, under hard limits: ``python -m userdata.read.worker``.

It is started fresh for each file by :func:`userdata.read.bounded.read_bounded` (never
forked from the server that serves readers). It reads one :class:`Job` from stdin, takes the
job's limits (:class:`~userdata.read.limits.WorkerLimits`) before it parses anything, and
writes one :class:`Done` to stdout, both pickled:

* address space: a ``MemoryError`` beyond it ends the worker with :data:`MEMORY_EXIT`;
* CPU time: the kernel ends the worker when it is used up;
* a lower CPU priority than the server's (``nice`` 10), so readers' pages come first;
* no core file, and nothing but the job and the answer goes through its pipes.

It imports the reading code only (no pandas, no database, no Streamlit), so it starts in a
fraction of a second and its memory is the file's.
"""

from __future__ import annotations

import copyreg
import os
import pickle
import resource
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from userdata.read.limits import WORKER_LIMITS, WorkerLimits

MEMORY_EXIT = 3  # the worker ran out of its address space
WORKER_NICENESS = 10


@dataclass(frozen=True)
class Job:
    """What to read: the file's bytes and name, and the planner's choices so far."""

    data: bytes
    file_name: str
    matcher: Any  # a userdata.read.matching.TownMatcher
    sheet: str | None = None
    roles: Mapping[int | str, Any] | None = None
    accept: Collection[int] = ()
    limits: WorkerLimits = WORKER_LIMITS


@dataclass(frozen=True)
class Done:
    """What the worker found: a preview and the roles it guessed, or the file's problem."""

    preview: Any = None  # a userdata.read.Preview
    guessed: tuple = ()  # ColumnInfo of each column as guessed, for the role editor
    error: Any = None  # a userdata.read.UploadError
    peak_mb: float = 0.0  # the worker's peak resident memory, as it saw it last


def frozen_mapping(items: dict) -> MappingProxyType:
    """Rebuild a read-only mapping on unpickling (``mappingproxy`` cannot be pickled)."""
    return MappingProxyType(items)


def _reduce_mapping(mapping: MappingProxyType) -> tuple:
    return frozen_mapping, (dict(mapping),)


def run(job: Job) -> Done:
    """Read, match and preview ``job``'s file (in whatever process calls it)."""
    from userdata.read import UploadError, build_preview, read_upload

    try:
        table = read_upload(job.data, job.file_name, job.sheet)
        preview = build_preview(table, job.matcher, job.roles, job.accept)
        guessed = preview.columns
        if job.roles:
            guessed = build_preview(table, job.matcher).columns
    except UploadError as exc:
        return Done(error=exc)
    return Done(preview, guessed)


def limit_self(limits: WorkerLimits) -> None:
    """Take the hard limits (soft and hard alike: nothing in the worker can raise them)."""
    memory = limits.memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Below the server in the CPU's queue: readers' pages first, then the planner's file.
    os.nice(WORKER_NICENESS)


def main() -> int:
    """Read a job from stdin, answer on stdout; exit :data:`MEMORY_EXIT` out of memory."""
    answer = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # whatever a library prints must not corrupt the answer
    copyreg.pickle(MappingProxyType, _reduce_mapping)
    # The job comes from the process that started this one, and is at most the file's size
    # plus the towns' names: it is read before the limits, which then bound the parsing.
    job = pickle.load(sys.stdin.buffer)
    limit_self(job.limits)
    try:
        done = run(job)
        del job
        done = replace(done, peak_mb=peak_mb())
        pickle.dump(done, answer, protocol=pickle.HIGHEST_PROTOCOL)
        answer.flush()
    except MemoryError:
        os._exit(MEMORY_EXIT)  # nothing more can be allocated, not even a message
    return 0


def peak_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory so far (``VmHWM``), in MiB; 0 if unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


if __name__ == "__main__":
    # Run as the module's real name, so what is pickled names userdata.read.worker.Done.
    from userdata.read.worker import main as worker_main

    sys.exit(worker_main())
