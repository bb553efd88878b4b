"""Hostile planners' files through the command line and the app's upload panel.

Every file of :mod:`bench.hostile_files` (made in memory, none committed) is refused with
its own message or read within the limits, both by ``monoqala data import`` and by the
app's panel, in the worker process; a refused file saves nothing. The worker's own limits
(memory, CPU time, wall time, turns) are reached on purpose with small limits, each with
its message. Timings are the benchmark's (``python -m bench --only hostile``), not asserted.
"""

from __future__ import annotations

import http.server
import threading

import pytest
from streamlit.testing.v1 import AppTest

from bench.hostile_files import BY_KEY, FILES, xxe_file
from cli import main as cli
from geo.i18n import t
from tests import test_datasets
from tests.test_app_state import APP
from userdata.read import bounded
from userdata.read.bounded import read_bounded
from userdata.read.limits import WorkerLimits
from userdata.read.matching import TownMatcher

# The dataset tests' fixtures: a store of the test's own, the atlas loaded once.
store_file = test_datasets.store_file
shared_atlas = test_datasets.shared_atlas
dataset_count = test_datasets.dataset_count

# What each refusal says, in the command line's English and in the app's three languages:
# the limit reached, with its figures, and what to do.
REFUSALS = {
    "sheet_too_long": {
        "en": ["row 20000000", "only 101000 rows are read", "delete what is below"],
        "ru": ["строке 20000000", "удалите то, что ниже таблицы"],
        "kk": ["20000000-жолда", "астындағыны өшіріңіз"],
    },
    "xlsx_part_ratio": {
        "en": ["expands", "times", "limit 100 times", "save the sheet as CSV"],
        "ru": ["распаковывается в", "предел — в 100 раз", "сохраните лист как CSV"],
        "kk": ["есе ұлғаяды", "шегі 100 есе", "CSV ретінде сақтаңыз"],
    },
    "xlsx_part_size": {
        "en": ["expands to 1100 MB", "limit of 100 MB", "save the sheet as CSV"],
        "ru": ["1100 МБ", "предел — 100 МБ", "сохраните лист как CSV"],
        "kk": ["1100 МБ", "шегі — 100 МБ"],
    },
    "xml_dtd": {
        "en": ["document type declaration (DTD)", "save the table again"],
        "ru": ["объявление типа документа (DTD)", "пересохраните таблицу"],
        "kk": ["декларациясы (DTD)", "қайта сақтаңыз"],
    },
    "xlsx_parts": {
        "en": ["3004 parts", "limit of 1000", "workbook of its own or as CSV"],
        "ru": ["3004 частей", "предел — 1000", "отдельной книгой или как CSV"],
        "kk": ["3004 бөліктен", "шегі — 1000"],
    },
    "too_many_rows": {
        "en": ["more than 100000 data rows"],
        "ru": ["больше 100000 строк данных"],
        "kk": ["100000-нан көп деректер жолы"],
    },
}
REFUSED = [f for f in FILES if f.code is not None]
READ = [f for f in FILES if f.code is None]


@pytest.fixture(scope="module")
def matcher():
    from geo.io import read_towns

    return TownMatcher(read_towns())


def import_(hostile, tmp_path, capsys) -> tuple[int, str, str]:
    """``monoqala data import`` of a hostile file; the exit code, stdout and stderr."""
    path = tmp_path / hostile.file_name
    path.write_bytes(hostile.data)
    code = cli.main(["data", "import", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- the command line -------------------------------------------------------------------


@pytest.mark.parametrize("hostile", REFUSED, ids=lambda f: f.key)
def test_the_command_line_refuses_each_hostile_file_and_saves_nothing(
    hostile, store_file, shared_atlas, tmp_path, capsys
):
    code, out, err = import_(hostile, tmp_path, capsys)
    assert code == 2, err
    assert "Traceback" not in err and len(err) < 2_000
    for words in REFUSALS[hostile.code]["en"]:
        assert words in err
    assert "nothing was saved" in err and out == ""
    assert dataset_count(store_file) == 0


def test_the_command_line_reads_the_files_within_the_limits_and_quotes_excerpts(
    store_file, shared_atlas, tmp_path, capsys
):
    for hostile in READ:
        code, out, err = import_(hostile, tmp_path, capsys)
        assert code == (2 if hostile.blocks else 0), (hostile.key, err)
        assert "Traceback" not in err and len(err) < 2_000  # no cell comes back whole
    assert dataset_count(store_file) == sum(not f.blocks for f in READ)


def test_a_10_mb_cell_is_named_by_its_length_and_a_short_excerpt(
    store_file, shared_atlas, tmp_path, capsys
):
    data = BY_KEY["csv_cell_10mb"].data
    code, _, err = import_(BY_KEY["csv_cell_10mb"], tmp_path, capsys)
    assert code == 0
    length = len(data.split(b"\n")[1].split(b";")[1].strip())  # 9.9 million
    assert "line 2, column 'Уровень': 'word word word" in err
    assert f"the cell has {length} characters (limit 1000)" in err


def test_a_quote_left_open_is_named_where_it_opens_and_saves_nothing(
    store_file, shared_atlas, tmp_path, capsys
):
    code, _, err = import_(BY_KEY["csv_open_quote"], tmp_path, capsys)
    assert code == 2
    assert "line 3, column 'Уровень': 'высокий Рудный;средний" in err
    assert "a quote opened in this cell is never closed" in err and "250001 lines" in err
    assert "a quote opened on line 3 is never closed, so the 250001 lines after it" in err
    assert "nothing was saved" in err and dataset_count(store_file) == 0


def test_a_formula_in_the_town_column_is_refused_not_matched(
    store_file, shared_atlas, tmp_path, capsys
):
    from userdata.store import DatasetStore

    code, out, err = import_(BY_KEY["formula_town"], tmp_path, capsys)
    assert code == 0
    assert "line 2, column 'Город': '=HYPERLINK(" in err and "is a formula" in err
    with DatasetStore() as store:
        towns = store.get(out.strip().splitlines()[-1]).content["towns"]
    assert set(towns) == {"aksu"}  # temirtau is not taken from a formula


def test_an_external_entity_by_address_fetches_nothing(matcher):
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server name
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"fetched")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/xxe"
        outcome = read_bounded(xxe_file(url), "xxe.xlsx", matcher)
    finally:
        server.shutdown()
    assert outcome.error.code == "xml_dtd"
    assert requests == []


# --- the app's upload panel -------------------------------------------------------------


def panel(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.session_state["data_open"] = True
    return at.run()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    return at.file_uploader(key="data_file").upload(name, data, "text/csv").run()


def saves(at: AppTest, lang: str) -> bool:
    return any(b.label == t("data_save", lang) for b in at.button)


@pytest.mark.parametrize("hostile", REFUSED, ids=lambda f: f.key)
def test_the_app_refuses_each_hostile_file_in_the_planners_language(hostile, store_file):
    lang = ("kk", "ru", "en")[REFUSED.index(hostile) % 3]
    at = upload(panel(lang), hostile.file_name, hostile.data)
    assert not at.exception
    [error] = [e.value for e in at.error]
    text = error.replace("\\", "")  # as Markdown shows it: every escape gone
    for word in REFUSALS[hostile.code][lang]:
        assert word in text, (word, text)
    assert hostile.file_name in text
    assert t("data_unreadable", lang, file="x", problem="y").split("y")[-1] in text
    assert not saves(at, lang)


@pytest.mark.parametrize("hostile", READ, ids=lambda f: f.key)
def test_the_app_reads_the_files_within_the_limits(hostile, store_file):
    at = upload(panel("ru"), hostile.file_name, hostile.data)
    assert not at.exception
    if hostile.blocks:  # read, and shown, but it cannot be saved
        [error] = [e.value.replace("\\", "") for e in at.error]
        assert error == t(f"upload_{hostile.blocks}", "ru", line=3, lines=250001)
        assert not saves(at, "ru")
        return
    assert not at.error and saves(at, "ru")
    shown = " ".join(str(d.value.to_dict()) for d in at.dataframe)
    assert "word word" not in shown or "…" in shown  # a long cell is shown cut


# --- the worker's own limits -------------------------------------------------------------


def big_file(rows: int = 100_000) -> bytes:
    names = ("Темиртау", "Аксу", "Рудный", "Кентау", "Сатпаев")
    lines = "".join(f"{names[i % 5]};{i % 97},{i % 10}\n" for i in range(rows))
    return ("Город;Безработица, %\n" + lines).encode("cp1251")


def heavy_file(rows: int = 100_000, columns: int = 6) -> bytes:
    """A file within the default limits (about 3 s of computing time and 183 MB here: every
    town name is new to the matcher, every row has six values), so that a limit of 1 s is
    reached with a margin of about three times; the plain 100 000 rows take about 1 s."""
    head = "Город;" + ";".join(f"Показатель {c}" for c in range(columns)) + "\n"
    lines = "".join(
        f"Темиртау-{i:06d}к;" + ";".join(f"{(i + c) % 97},{i % 10}" for c in range(columns)) + "\n"
        for i in range(rows)
    )
    return (head + lines).encode("cp1251")


@pytest.mark.parametrize(
    ("limits", "code", "words"),
    [
        (WorkerLimits(cpu_seconds=1), "limit_cpu", "took more than 1 s of computing time"),
        (WorkerLimits(memory_mb=160), "limit_memory", "needed more than 160 MB of memory"),
        (WorkerLimits(wall_seconds=0.5), "limit_time", "was not read within 0.5 s"),
    ],
)
def test_a_worker_over_a_limit_is_stopped_and_the_planner_told_which(limits, code, words, matcher):
    data = heavy_file() if code != "limit_memory" else BY_KEY["csv_cell_10mb"].data
    outcome = read_bounded(data, "big.csv", matcher, limits=limits)
    assert outcome.preview is None
    assert outcome.error.code == code
    assert words in str(outcome.error) and "nothing was saved" in str(outcome.error)
    for lang in ("kk", "ru"):
        assert "{" not in outcome.error.text(lang)


def test_the_same_file_reads_within_the_default_limits(matcher):
    outcome = read_bounded(big_file(), "big.csv", matcher)
    assert outcome.error is None and outcome.preview.counts()["rows"] == 100_000
    assert 0 < outcome.peak_mb < 512


def test_a_file_waits_for_a_turn_and_is_refused_as_busy_when_none_comes(matcher):
    taken = 0
    while bounded._TURNS.acquire(blocking=False):
        taken += 1
    try:
        limits = WorkerLimits(wall_seconds=0.2)
        outcome = read_bounded(b"a;b\n1;2\n", "a.csv", matcher, limits=limits)
    finally:
        for _ in range(taken):
            bounded._TURNS.release()
    assert outcome.error.code == "busy" and "Try again in a minute" in str(outcome.error)
    assert read_bounded(b"a;b\n1;2\n", "a.csv", matcher).error is None  # the turns came back


def test_the_app_states_and_applies_the_one_size_limit(store_file):
    from userdata.read.limits import MAX_BYTES

    at = panel("ru")
    uploader = at.file_uploader(key="data_file")
    assert uploader.proto.max_upload_size_mb * 1_000_000 == MAX_BYTES
    assert "до 10 МБ" in uploader.label
    at = upload(at, "big.csv", b"a;b\n" + b"1" * (MAX_BYTES - 3))  # one byte over
    [error] = [e.value.replace("\\", "") for e in at.error]
    assert "10000001 байт — больше предела в 10 МБ (10000000 байт)" in error
    assert not saves(at, "ru")
