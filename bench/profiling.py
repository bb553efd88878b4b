"""Where a warm rerun's time goes: cProfile of the app's script thread under AppTest.

AppTest runs the script in a thread of its own and cProfile (Python 3.11) profiles one
thread, so the profiler is switched on inside that thread. The script's bytecode is
cached across runs as on a server (:func:`bench.rerun.server_like_script_cache`), so the
profile shows the server's work and not AppTest's recompiling. Functions are grouped as
the app's own code (``app.py``, ``geo/``, ``layers/``) and the libraries it calls.
"""

from __future__ import annotations

import cProfile
import re
from contextlib import contextmanager
from unittest import mock

from bench import ROOT
from bench.rerun import alternating, app_test, new_views, server_like_script_cache

# The start of the fresh filter combinations used here, past the rerun section's (at most
# 30): a profiled view is one no run has cached yet, among the 52 sector × status
# combinations the app offers.
PROFILE_COMBINATIONS_START = 35
_SITE = re.compile(r"site-packages/([^/]+)/")
# Frames that only wrap the script (the runner, exec, cache and metrics decorators): their
# cumulative time is the whole rerun, so they would fill the library list and say nothing.
_WRAPPERS = re.compile(
    r"scriptrunner/|local_script_runner|exec_code|metrics_util|caching/cache_utils|builtins.exec"
)


@contextmanager
def _profile_script_thread(prof: cProfile.Profile):
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    run = LocalScriptRunner._run_script_thread

    def profiled(self) -> None:
        prof.enable()
        try:
            run(self)
        finally:
            prof.disable()

    with mock.patch.object(LocalScriptRunner, "_run_script_thread", profiled):
        yield


def origin(filename: str) -> str:
    """``app`` for the atlas's own code, a package name for a library, else ``python``."""
    if filename.startswith(str(ROOT)) and "/bench/" not in filename and "/." not in filename:
        return "app"
    found = _SITE.search(filename)
    return found.group(1) if found else "python"


def _label(code) -> tuple[str, str]:
    """(origin, readable name) of a profiled code object or built-in."""
    if isinstance(code, str):  # a built-in, e.g. "<built-in method builtins.compile>"
        return "python", code
    where = origin(code.co_filename)
    path = code.co_filename.replace(str(ROOT) + "/", "")
    if where not in ("app", "python"):
        path = f"{where}:{_SITE.split(path, maxsplit=1)[-1]}"
    return where, f"{path}:{code.co_firstlineno}({code.co_name})"


def summarise(prof: cProfile.Profile, runs: int, top: int = 10) -> dict:
    """Per-rerun milliseconds: total, own time by origin, top cumulative functions.

    Entries are summed by name, not by code object: a script executed more than once
    can leave one code object per run, and ``pstats`` would keep only the last.

    Returns
    -------
    dict
        ``total_ms``; ``by_origin`` (own time per origin, largest first); ``app`` and
        ``libs``: the ``top`` functions by cumulative time in the app's code (the module
        body left out) and in the libraries (wrappers of the whole script left out), each
        chain of nested calls shown once, as (function, ms, calls).
    """
    scale = 1000.0 / runs
    funcs: dict[tuple[str, str], list[float]] = {}
    callees: dict[tuple[str, str], dict[tuple[str, str], float]] = {}
    for entry in prof.getstats():
        key = _label(entry.code)
        acc = funcs.setdefault(key, [0.0, 0.0, 0.0])
        acc[0] += entry.inlinetime * scale
        acc[1] += entry.totaltime * scale
        acc[2] += entry.callcount / runs
        subs = callees.setdefault(key, {})
        for sub in entry.calls or ():
            subs[_label(sub.code)] = subs.get(_label(sub.code), 0.0) + sub.totaltime * scale
    by_origin: dict[str, float] = {}
    for (where, _), (own, _, _) in funcs.items():
        by_origin[where] = by_origin.get(where, 0.0) + own
    ranked = sorted(funcs.items(), key=lambda kv: -kv[1][1])

    def hotspots(keep) -> list[tuple[str, float, float]]:
        # A callee holding ≥ 90 % of its caller's time is the same hotspot one level down
        # (altair_chart → _altair_chart → to_dict ...): list the outermost only.
        out, chained = [], set()
        for key, (_, cum, calls) in ranked:
            if keep(key) and key not in chained and len(out) < top:
                out.append((key[1], cum, calls))
            chained |= {k for k, t in callees.get(key, {}).items() if t >= 0.9 * cum}
        return out

    return {
        "total_ms": sum(by_origin.values()),
        "by_origin": dict(sorted(by_origin.items(), key=lambda kv: -kv[1])),
        "app": hotspots(lambda k: k[0] == "app" and "<module>" not in k[1]),
        "libs": hotspots(lambda k: k[0] != "app" and not _WRAPPERS.search(k[1])),
    }


def profile_reruns(runs: int = 5, top: int = 10) -> dict[str, dict]:
    """Profile ``runs`` warm reruns with cached views and ``runs`` to new views."""
    at = app_test()
    out = {}
    for name, series in (
        ("cached view", lambda: alternating(at, runs, warmup=0)),
        ("new view", lambda: new_views(at, runs, start=PROFILE_COMBINATIONS_START)),
    ):
        prof = cProfile.Profile()
        with server_like_script_cache():
            alternating(at, 0, warmup=2)  # compile once and fill both views' caches
            with _profile_script_thread(prof):
                series()
        out[name] = summarise(prof, runs, top)
    return out


def to_markdown(profiles: dict[str, dict], runs: int) -> str:
    """The profiles as Markdown: time by origin, then the hotspots of each group."""
    lines = [f"## Where a warm rerun's time goes (cProfile, mean of {runs} reruns)", ""]
    for name, p in profiles.items():
        lines.append(f"### {name}: {p['total_ms']:.1f} ms in the script thread (profiled)")
        lines.append("")
        origins = ", ".join(f"{k} {v:.1f}" for k, v in list(p["by_origin"].items())[:8])
        lines += [f"Own time by origin (ms): {origins}", ""]
        for group, title in (
            ("app", "app's own code"),
            ("libs", "libraries (streamlit, folium, altair, pandas, …)"),
        ):
            lines += [f"Top cumulative, {title}:", "", "| function | ms | calls |", "|---|---|---|"]
            lines += [f"| `{f}` | {ms:.1f} | {n:g} |" for f, ms, n in p[group]]
            lines.append("")
    return "\n".join(lines)
