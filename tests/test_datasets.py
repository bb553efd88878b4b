"""Planners' own data end to end: a file as planners have it drives the tier filter in the
command line, the app and the embed; provenance travels with every output; a missing
dataset falls back to the published view with a notice; bad files change nothing."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
import sqlalchemy
from streamlit.testing.v1 import AppTest

from cli import main as cli
from tests.test_app_state import APP
from ui.state import widget_name

# As planners save it from Excel: Windows-1251, semicolons, a title row and a blank line
# above the header, Russian names with "г.", decimal commas.
PLANNERS_FILE = (
    "Уровень потенциала моногородов, 2013\n"
    "\n"
    "Город;Уровень потенциала;Безработица, %\n"
    "г. Темиртау;высокий;4,5\n"
    "Жезказган;Высокий;5,1\n"
    "Рудный;средний;3,2\n"
    "Аркалык;низкий;9,4\n"
).encode("cp1251")


@pytest.fixture
def store_file(tmp_path, monkeypatch):
    """A store of its own for the test (the app and the command line both use it)."""
    url = f"sqlite:///{tmp_path / 'datasets.sqlite3'}"
    monkeypatch.setenv("MONOQALA_DATABASE_URL", url)
    return url


@pytest.fixture
def shared_atlas(atlas, monkeypatch):
    monkeypatch.setattr(cli, "load", lambda: atlas)


def import_file(tmp_path, capsys, content: bytes = PLANNERS_FILE, name: str = "tiers.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    code = cli.main(["data", "import", str(path), "--name", "Уровни 2013"])
    out = capsys.readouterr()
    return code, out.out.strip().splitlines(), out.err


def dataset_count(url: str) -> int:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sqlalchemy.text("SELECT count(*) FROM datasets")).scalar_one()
    finally:
        engine.dispose()


def test_a_planners_file_gives_exactly_its_high_tier_towns_everywhere(
    store_file, shared_atlas, tmp_path, capsys
):
    code, lines, err = import_file(tmp_path, capsys)
    assert code == 0, err
    dataset_id = lines[-1]
    assert len(dataset_id) >= 22 and lines[-2].startswith("write key")
    assert "4 matched to towns, 0 not matched" in lines[0]

    # The command line: a CSV of the towns under tier=high.
    out = tmp_path / "high.csv"
    argv = ["export", "--data", dataset_id, "--filter", "tier=high", "--lang", "ru"]
    assert cli.main([*argv, "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["town_id"] for r in rows} == {"temirtau", "zhezkazgan"}
    # The published column stays unpublished; the user's value is in its own column.
    assert {r["tier_2012"] for r in rows} == {"not_published"}
    assert {r["user_tier"] for r in rows} == {"high"}

    # The embed of the same view lists exactly those towns, and says whose data it is.
    page = tmp_path / "high.html"
    assert cli.main([*argv, "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert set(__import__("re").findall(r'data-town="([a-z_]+)"', html)) == {
        "temirtau",
        "zhezkazgan",
    }
    assert "предоставлены пользователем" in html

    # The metadata names the dataset and its provenance.
    meta_path = tmp_path / "high.json"
    assert cli.main([*argv, "-o", str(meta_path)]) == 0
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    # The id opens the private dataset: in the metadata only if the planner says so.
    assert meta["view"]["data"] is None and meta["user_data"]["dataset_id"] is None
    assert dataset_id not in meta_path.read_text(encoding="utf-8")
    assert cli.main([*argv, "--link-data", "-o", str(meta_path)]) == 0
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["view"]["data"] == dataset_id
    assert (
        meta["user_data"]["supplied_by"] == "user" and meta["user_data"]["file_name"] == "tiers.csv"
    )

    # The app, opened from the link.
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in {"data": dataset_id, "tier": "high", "lang": "ru"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and not at.warning
    assert set(at.dataframe[0].value.iloc[:, 0]) == {"Темиртау", "Жезказган"}


def test_a_column_of_numbers_becomes_an_indicator_with_honest_classes(
    store_file, shared_atlas, tmp_path, capsys
):
    code, lines, _ = import_file(tmp_path, capsys)
    assert code == 0
    out = tmp_path / "units.csv"
    argv = ["export", "--data", lines[-1], "--indicator", "data:bezrabotitsa_pct", "--lang", "en"]
    code = cli.main([*argv, "--format", "units-csv", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    units = {r["unit_id"]: r for r in csv.DictReader(io.StringIO(out.read_text("utf-8-sig")))}
    # Karaganda has 8 towns, only 2 with a value: no data, never a partial mean.
    assert units["KZ-35"]["class_label"] == "no data" and units["KZ-35"]["value"] == ""
    # Kyzylorda has no monotown at all: its own class.
    assert units["KZ-43"]["class_label"].startswith("0")


# Two numeric columns with different aggregations: a rate (mean) and a count (sum).
NUMBERS_FILE = (
    "Город;Безработица, %;Число предприятий\nТемиртау;4,5;12\nЖезказган;5,1;3\nРудный;3,2;7\n"
).encode("cp1251")

SUPPLIED = {
    "kk": "Пайдаланушы берген деректер",
    "ru": "Данные предоставлены пользователем",
    "en": "Supplied by the user",
}


def dataset_indicators(dataset_id: str) -> list[str]:
    from geo.io import read_towns
    from userdata.datasets import ViewDataset
    from userdata.store import DatasetStore

    with DatasetStore() as store:
        record = store.get(dataset_id)
    return list(ViewDataset.from_record(record, set(read_towns()["town_id"])).indicators())


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_numeric_column_of_a_dataset_draws_the_app_and_exports_every_format(
    lang, store_file, shared_atlas, tmp_path, capsys
):
    code, lines, err = import_file(tmp_path, capsys, NUMBERS_FILE, "numbers.csv")
    assert code == 0, err
    dataset_id = lines[-1]
    indicators = dataset_indicators(dataset_id)
    assert len(indicators) == 2 and all(k.startswith("data:") for k in indicators)
    for key in indicators:
        at = AppTest.from_file(APP, default_timeout=90)
        for name, value in {"data": dataset_id, "ind": key, "lang": lang}.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, (key, at.exception)
        assert not at.error and not at.warning, key
        assert at.query_params["ind"] == [key] or at.query_params["ind"] == key
        # Every format of the command line draws it; the embed says whose values they are.
        for suffix in ("html", "png", "csv", "json", "geojson"):
            out = tmp_path / f"{key[5:]}_{lang}.{suffix}"
            argv = ["export", "--data", dataset_id, "--indicator", key, "--lang", lang]
            assert cli.main([*argv, "-o", str(out)]) == 0, capsys.readouterr().err
        page = (tmp_path / f"{key[5:]}_{lang}.html").read_text(encoding="utf-8")
        assert SUPPLIED[lang] in page


def test_an_unknown_or_deleted_dataset_gives_a_notice_and_the_published_view(store_file):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["data"] = "A" * 24
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert "does not exist or was deleted" in at.warning[0].value
    assert "data" not in at.query_params
    assert len(at.dataframe[0].value) == 27


BAD_FILES = {
    "empty": (b"", "the file is empty"),
    "binary": (b"\x00\x01\x02PK\x00\x00" * 50, "not text"),
    "duplicate towns with different tiers": (
        "Город;Уровень потенциала\nТемиртау;высокий\nТемиртау;низкий\n".encode("cp1251"),
        "different values",
    ),
    "formulas only": (b'town,tier\n=HYPERLINK("http://x"),=1+1\n', "none of the"),
    "too many rows": (
        b"town,value\n" + b"Temirtau,1\n" * 100_001,
        "more than 100000 data rows",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_its_message_and_saves_nothing(
    case, store_file, shared_atlas, tmp_path, capsys
):
    content, message = BAD_FILES[case]
    before = dataset_count(store_file) if os.path.exists(store_file[10:]) else 0
    code, _, err = import_file(tmp_path, capsys, content)
    assert code == 2 and message in err and "Traceback" not in err
    assert dataset_count(store_file) == before


def test_a_50_mb_file_is_refused_before_it_is_read(store_file, shared_atlas, tmp_path, capsys):
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: nothing is written, the size is what counts
    assert cli.main(["data", "import", str(path)]) == 2
    assert "more than the limit" in capsys.readouterr().err


def test_a_wrong_sheet_is_named_with_the_sheets_there_are(
    store_file, shared_atlas, tmp_path, capsys
):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Уровни"
    book.active.append(["Город", "Уровень потенциала"])
    book.active.append(["Темиртау", "высокий"])
    path = tmp_path / "tiers.xlsx"
    book.save(path)
    assert cli.main(["data", "import", str(path), "--sheet", "Лист1"]) == 2
    assert "there is no sheet 'Лист1'; the sheets are: Уровни" in capsys.readouterr().err


def criteria_table(at: AppTest):
    return next(d.value for d in at.dataframe if "As computed" in d.value.columns)


def test_the_criteria_panel_computes_from_published_figures_then_a_dataset(
    store_file, shared_atlas, tmp_path, capsys
):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    at.session_state["criteria_open"] = True
    at.run()
    assert not at.exception
    table = criteria_table(at)
    leaving = set(table.loc[table["As computed"] == "leaves the list", "Name"])
    assert leaving == {"Serebryansk", "Karazhal", "Kurchatov"}
    assert "stays on the list" not in set(table["As computed"])
    assert any("not the official listing criterion" in c.value for c in at.caption)

    shares = "Город;Доля занятых, %\nТемиртау;35\nРудный;10\n".encode("cp1251")
    code, lines, _ = import_file(tmp_path, capsys, shares, "shares.csv")
    assert code == 0
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.query_params["data"] = lines[-1]
    at.run()
    at.session_state["criteria_open"] = True
    at.run()
    from userdata.store import DatasetStore

    with DatasetStore() as store:
        content = store.get(lines[-1]).content
    share = next(c["key"] for c in content["columns"] if c["role"] == "numeric")
    next(s for s in at.selectbox if widget_name(s.key) == "crit_col_2").set_value(share).run()
    assert not at.exception
    table = criteria_table(at).set_index("Name")
    assert table.loc["Temirtau", "(2) employment"] == "yes"
    assert table.loc["Temirtau", "As computed"] == "stays on the list"
    assert table.loc["Rudny", "(2) employment"] == "no"
    assert table.loc["Rudny", "As computed"] == "unknown"  # (1) and (3) are not known


@pytest.fixture
def signed_in(monkeypatch):
    """Sign-in configured, and a way to say who the reader is."""
    import ui.account
    import ui.datasets
    import ui.upload

    who = {"user": None}
    monkeypatch.setattr(ui.account, "sign_in_configured", lambda: True)
    for module in (ui.account, ui.datasets, ui.upload):
        monkeypatch.setattr(module, "signed_in_user", lambda: who["user"])
    return who


def open_as(dataset_id: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.query_params["data"] = dataset_id
    at.query_params["tier"] = "high"
    at.run()
    at.session_state["data_open"] = True
    return at.run()


def test_with_sign_in_a_dataset_is_its_owners_and_named_colleagues_only(store_file, signed_in):
    from geo.io import read_towns
    from userdata.read import build_preview, read_upload
    from userdata.store import DatasetStore

    content = build_preview(read_upload(PLANNERS_FILE, "t.csv"), read_towns()).content()
    with DatasetStore() as store:
        made = store.create(
            name="Akimat tiers",
            file_name="t.csv",
            original=PLANNERS_FILE,
            content=content,
            roles={},
            owner="alice@akimat.kz",
        )
    signed_in["user"] = "alice@akimat.kz"
    at = open_as(made.dataset_id)
    assert not at.exception and len(at.dataframe[0].value) == 2
    assert any("Akimat tiers" in m.value for m in at.markdown)  # in her own list
    signed_in["user"] = "bob@akimat.kz"
    at = open_as(made.dataset_id)
    assert "does not exist or was deleted" in at.warning[0].value
    # The published view: no published tier is "high", so no town matches.
    assert any(i.value == "No town matches the filters." for i in at.info)
    with DatasetStore() as store:
        store.share(made.dataset_id, "bob@akimat.kz", user="alice@akimat.kz")
    at = open_as(made.dataset_id)
    assert not at.warning and len(at.dataframe[0].value) == 2
    signed_in["user"] = None  # not signed in: the link alone is not enough
    at = open_as(made.dataset_id)
    assert "does not exist or was deleted" in at.warning[0].value
