"""Planners' files: import and match a 27-row and a 100 000-row file, and a warm rerun of a
view that uses a dataset.

*Import* is what ``monoqala data import`` and the app's panel do before and at saving:
read the bytes (encoding, separator, header), match every row to a town, read every cell,
build the content, and store it in a fresh SQLite file. The baseline is the simplest code
that could be written for it: ``pandas.read_csv`` with a sniffed separator and an exact
lookup of lower-cased names (it knows no variants, decimal commas or title rows, and
stores nothing). The rerun is timed as :mod:`bench.rerun` times it, with the view naming
the dataset, against the same naive baseline.
"""

from __future__ import annotations

import io
import random
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench import Row, median, p95, timed

MAX_SMALL_S, MAX_LARGE_S, MAX_MATCH_S = 1.0, 5.0, 1.0
LARGE_ROWS = 100_000


def small_file() -> bytes:
    """A planner's file: Windows-1251, semicolons, a title row, Russian names, decimal commas."""
    from geo.io import read_towns

    towns = read_towns()
    lines = ["Уровень потенциала моногородов, 2013", "", "Город;Уровень потенциала;Безработица, %"]
    tiers = ("высокий", "средний", "низкий")
    for i, name in enumerate(towns["name_ru"]):
        lines.append(f"г. {name};{tiers[i % 3]};{4 + i % 7},{i % 10}")
    return "\n".join(lines).encode("cp1251")


def large_file(rows: int = LARGE_ROWS, seed: int = 7) -> bytes:
    """``rows`` rows naming the towns in their three languages and variants, many repeated."""
    from geo.io import read_towns

    towns = read_towns()
    names = [
        (name, i)
        for column in ("name_ru", "name_en", "name_kk")
        for i, name in enumerate(towns[column])
    ]
    rng = random.Random(seed)
    out = io.StringIO()
    out.write("Город;Безработица, %\n")
    for _ in range(rows):
        # Repeats of a town carry one value, so the file is valid (duplicates merge).
        name, i = rng.choice(names)
        out.write(f"{name};{i % 9},5\n")
    return out.getvalue().encode("cp1251", errors="replace")


def import_seconds(data: bytes, file_name: str, folder: Path) -> float:
    """Read, match, preview and store one file in a fresh SQLite store; seconds."""
    from geo.io import read_towns
    from userdata.read import build_preview, read_upload
    from userdata.store import DatasetStore

    towns = read_towns()
    url = f"sqlite:///{folder / f'{time.perf_counter_ns()}.sqlite3'}"
    with DatasetStore(url) as store:
        t0 = time.perf_counter()
        table = read_upload(data, file_name)
        preview = build_preview(table, towns)
        store.create(
            name="bench",
            file_name=file_name,
            original=data,
            content=preview.content(),
            roles={},
        )
        return time.perf_counter() - t0


def match_seconds(n: int = 100_000) -> float:
    """Match ``n`` town cells ("г. <name>" in the towns' three languages) with a fresh matcher."""
    from geo.io import read_towns
    from userdata.read import TownMatcher

    towns = read_towns()
    fresh = TownMatcher(towns)
    names = [n for t in fresh.town_ids for n in fresh.names[t].values()]
    texts = [f"г. {names[i % len(names)]}" for i in range(n)]
    t0 = time.perf_counter()
    for text in texts:
        fresh.match(text)
    return time.perf_counter() - t0


def naive_import_seconds(data: bytes) -> float:
    """The baseline: pandas with a sniffed separator and an exact lower-case name lookup."""
    from geo.io import read_towns

    towns = read_towns()
    t0 = time.perf_counter()
    frame = pd.read_csv(io.BytesIO(data), sep=None, engine="python", encoding="cp1251")
    by_name = {n.lower(): i for i, n in zip(towns["town_id"], towns["name_ru"], strict=True)}
    frame.iloc[:, 0].astype(str).str.lower().map(by_name)
    return time.perf_counter() - t0


def rerun_with_dataset(runs: int) -> list[float]:
    """Seconds per warm rerun of a view naming a dataset (status filter alternating)."""
    import os

    from bench.rerun import alternating, server_like_script_cache
    from geo.io import read_towns
    from userdata.read import build_preview, read_upload
    from userdata.store import DatasetStore

    with tempfile.TemporaryDirectory(prefix="mq-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'datasets.sqlite3'}"
        os.environ["MONOQALA_DATABASE_URL"] = url
        data = small_file()
        preview = build_preview(read_upload(data, "tiers.csv"), read_towns())
        with DatasetStore(url) as store:
            made = store.create(
                name="bench", file_name="tiers.csv", original=data, content=preview.content(),
                roles={},
            )  # fmt: skip
        from streamlit.testing.v1 import AppTest

        from bench import APP

        at = AppTest.from_file(str(APP), default_timeout=120)
        at.query_params["data"] = made.dataset_id
        at.query_params["tier"] = "high"
        at.run()
        if at.exception or at.warning:
            raise RuntimeError("the app did not open the dataset's view cleanly")
        with server_like_script_cache():
            return alternating(at, runs)


def measure(runs: int = 10) -> list[Row]:
    from bench.naive import write_full_resolution
    from bench.rerun import MAX_MEDIAN_S, MIN_SPEEDUP, naive_times

    small, large = small_file(), large_file()
    with tempfile.TemporaryDirectory(prefix="mq-bench-") as tmp:
        folder = Path(tmp)
        small_s = [import_seconds(small, "tiers.csv", folder) for _ in range(max(3, runs))]
        large_s = [import_seconds(large, "big.csv", folder) for _ in range(max(1, runs // 5))]
    small_base = timed(lambda: naive_import_seconds(small), max(3, runs))
    large_base = timed(lambda: naive_import_seconds(large), max(1, runs // 5))
    matching = [match_seconds() for _ in range(max(3, runs // 2))]
    reruns = rerun_with_dataset(runs)
    with tempfile.TemporaryDirectory(prefix="mq-bench-") as tmp:
        naive = naive_times(runs, write_full_resolution(Path(tmp)))
    base = median(naive)
    how = "read + match + preview + store in SQLite; baseline: pandas read_csv + exact names"
    return [
        Row(
            "datasets.import_27",
            "import and match a 27-row planner's file, median",
            median(small_s),
            "s",
            median(small_base),
            target=f"≤ {MAX_SMALL_S:g} s",
            met=median(small_s) <= MAX_SMALL_S,
            note=f"{how}; cp1251, semicolons, title row, decimal commas",
            samples=small_s,
            baseline_samples=small_base,
        ),
        Row(
            "datasets.import_100k",
            "import and match a 100 000-row file, median",
            median(large_s),
            "s",
            median(large_base),
            target=f"≤ {MAX_LARGE_S:g} s",
            met=median(large_s) <= MAX_LARGE_S,
            note=f"{how}; names in kk/ru/en, repeated towns merged ({len(large) // 1000} KB)",
            samples=large_s,
            baseline_samples=large_base,
        ),
        Row(
            "datasets.match_100k",
            "match 100 000 town cells with a fresh matcher, median",
            median(matching),
            "s",
            target=f"≤ {MAX_MATCH_S:g} s",
            met=median(matching) <= MAX_MATCH_S,
            note="'г. <name>' in kk/ru/en, each distinct text matched once and then cached",
            samples=matching,
        ),
        Row(
            "datasets.rerun_median",
            "rerun of a view with a dataset, filter change, median",
            median(reruns),
            "s",
            base,
            target=f"≤ {MAX_MEDIAN_S * 1000:.0f} ms and ≥ {MIN_SPEEDUP:.0f}× faster",
            met=median(reruns) <= MAX_MEDIAN_S and base / median(reruns) >= MIN_SPEEDUP,
            note=f"as rerun.server_median, the view naming a 27-town dataset (p95 "
            f"{p95(reruns) * 1000:.0f} ms); baseline: the naive rerun",
            samples=reruns,
            baseline_samples=naive,
        ),
    ]
