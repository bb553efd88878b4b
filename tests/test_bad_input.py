"""Bad input, table by table: link parameters, command-line arguments, batch files and data
files. Each case asserts the message a person reads and that nothing else changed: the
view keeps its valid parts, no file is written, the other batch lines still render, the
real atlas still loads."""

from __future__ import annotations

import json

import pytest

from cli import main as cli
from geo.atlas import load_atlas
from geo.errors import DataError
from geo.view import View, from_params
from tests.datacopy import copy_data, edit_csv_cell, reseal, use_data

# --- link parameters ------------------------------------------------------------------

URL_CASES = [
    # (parameters, notice kind expected, the view that must remain)
    ({"v": "1999"}, "invalid", View()),
    ({"lang": "<script>alert(1)</script>", "v": "2022"}, "invalid", View(vintage="2022")),
    ({"ind": "x" * 1000, "lang": "ru"}, "too_long", View(lang="ru")),
    ({"unit": "KZ-99", "lang": "en"}, "unit", View(lang="en")),
    ({"unit": "KZ-62", "v": "2012"}, "unit", View()),  # Ulytau does not exist in 2012
    ({"tiles": "maybe"}, "tiles", View()),
    ({"status": "nonsense,listed"}, "filter_values", View().with_filter("status", {"listed"})),
    ({"zzz": "1", "v": "2018"}, "unknown_param", View(vintage="2018")),
    ({"data": "../../etc/passwd"}, "data_id", View()),
    ({"data": "short"}, "data_id", View()),
    ({"v": "20\ufffd12"}, "invalid", View()),  # bytes that were not UTF-8 in the address
    ({"color": "javascript:alert(1)"}, "invalid", View()),
    ({"lang": ["en", "<b>"]}, "invalid", View()),  # a repeated key: the last one counts
    ({"crit": "4"}, "filter_values", View()),
]


@pytest.mark.parametrize(("params", "kind", "view"), URL_CASES)
def test_a_bad_link_parameter_is_named_and_the_rest_kept(params, kind, view):
    parsed = from_params(params, {"2012": {"KZ-35"}, "2018": {"KZ-35"}}, {"coal"})
    assert kind in [n.kind for n in parsed.notices]
    assert parsed.view == view
    for notice in parsed.notices:
        assert len(str(notice)) < 300  # a quoted value is trimmed


def test_an_empty_filter_means_all_and_says_nothing():
    parsed = from_params({"sector": "-"}, None, {"coal"})
    assert parsed.view == View() and parsed.notices == []


@pytest.mark.parametrize(
    "params",
    [
        {f"k{i}": "1" for i in range(5000)},  # thousands of keys
        {"unit": ["KZ-35"] * 10_000},  # thousands of repeats of one key
        {"v": "9" * 200_000},  # one very long value
    ],
)
def test_huge_links_are_trimmed_with_a_notice(params):
    # How long it takes is the benchmark's (python -m bench --only hostile).
    parsed = from_params(params, None, None)
    assert parsed.notices and len(parsed.notices) <= 41
    assert sum(len(str(n)) for n in parsed.notices) < 6000


# --- command line ---------------------------------------------------------------------


@pytest.fixture
def shared_atlas(atlas, monkeypatch):
    monkeypatch.setattr(cli, "load", lambda: atlas)


CLI_CASES = [
    (["--dpi", "5000"], "is not a resolution from 10 to 600 dpi"),
    (["--dpi", "1200"], "is not a resolution from 10 to 600 dpi"),
    (["--dpi", "nan"], "is not a resolution"),
    (["--view", "http://[::1/?v=2012"], "is not a readable link"),
    (["--vintage", "1999"], "valid: 2012, 2018, 2022"),
    (["--lang", "xx"], "valid: kk, ru, en"),
    (["--unit", "KZ-99"], "is not a unit of the 2012 boundaries"),
    (["--filter", "nokey=1"], "unknown key 'nokey'"),
    (["--filter", "status"], "is not KEY=VALUE"),
    (["--filter", "status=nonsense"], "unknown value(s) nonsense"),
    (["--app-url", "javascript:alert(1)"], "is not an http:// or https:// address"),
    (["--date", "2025-13-01"], "is not a date like"),
    (["--format", "png", "--layout", "A5"], "invalid choice: 'A5'"),
]


@pytest.mark.parametrize(("argv", "message"), CLI_CASES)
def test_a_bad_argument_exits_2_with_its_message_and_writes_nothing(
    argv, message, shared_atlas, tmp_path, capsys
):
    out = tmp_path / "view.png"
    assert cli.main(["export", *argv, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_format_and_name_that_disagree_write_nothing(shared_atlas, tmp_path, capsys):
    out = tmp_path / "towns.png"
    assert cli.main(["export", "--format", "csv", "-o", str(out)]) == 2
    assert "ends in .png" in capsys.readouterr().err and not out.exists()


def test_a_name_without_a_format_writes_nothing(shared_atlas, tmp_path, capsys):
    out = tmp_path / "towns.unknown"
    assert cli.main(["export", "-o", str(out)]) == 2
    assert "cannot tell the format" in capsys.readouterr().err and not out.exists()


# --- batch files ----------------------------------------------------------------------

GOOD_LINE = "v=2012&lang=en format=csv name=good.csv"
BATCH_CASES = [
    ("lang=en format=csv name=report\u202egnp.csv", "direction characters"),
    ("lang=en format=csv name=../escape.csv", "plain file name"),
    ("lang=en format=bogus", "format='bogus' is not valid"),
    ("v=2012 v=2018 format=csv", "more than one view"),
    ("lang=en layout=A5 format=png", "layout='A5' is not valid"),
    ("http://[::1/?v=2012 format=csv", "is not a readable link"),
    ("v=1999 format=csv", "valid: 2012, 2018, 2022"),
    ("lang=en format=csv name=x.png", "does not end in .csv"),
]


@pytest.mark.parametrize(("line", "message"), BATCH_CASES)
def test_a_bad_batch_line_is_named_and_the_others_still_render(
    line, message, shared_atlas, tmp_path, capsys
):
    batch = tmp_path / "views.txt"
    batch.write_text(f"{GOOD_LINE}\n{line}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["batch", str(batch), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{batch}:2: error:" in err and message in err
    assert sorted(p.name for p in out.iterdir()) == ["good.csv"]


def test_a_batch_file_saved_with_a_byte_order_mark_reads(shared_atlas, tmp_path):
    batch = tmp_path / "views.txt"
    batch.write_bytes("\ufeff".encode() + GOOD_LINE.encode() + b"\n")
    out = tmp_path / "out"
    assert cli.main(["batch", str(batch), "-o", str(out)]) == 0
    assert (out / "good.csv").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "no views"),
        (b"# only a comment\n\n", "no views"),
        ("v=2012 name=\u0422\u0435.csv\n".encode("cp1251"), "cannot read"),
    ],
)
def test_an_unusable_batch_file_exits_2(content, message, shared_atlas, tmp_path, capsys):
    batch = tmp_path / "views.txt"
    batch.write_bytes(content)
    out = tmp_path / "out"
    assert cli.main(["batch", str(batch), "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


# --- data files -----------------------------------------------------------------------


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _truncate(path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _invalid_polygon(folder) -> None:
    path = folder / "boundaries" / "kz_adm1_2012.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    ring = data["features"][0]["geometry"]["coordinates"][0][0]
    # A bow tie: the ring crosses itself.
    ring[:] = [[70, 50], [71, 51], [71, 50], [70, 51], [70, 50]]
    path.write_text(json.dumps(data), encoding="utf-8")
    reseal(folder)


def _semicolons(path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")


def _cp1251(path) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251", errors="replace"))


DATA_CASES = {
    "towns separated by semicolons": (
        lambda f: _semicolons(f / "towns.csv"),
        ["towns.csv", "uses ';'"],
    ),
    "towns with a quote left open": (
        lambda f: _replace(f / "towns.csv", ",Stepnogorsk,", ',"Stepnogorsk,'),
        ["towns.csv", "never closed", "row 1"],
    ),
    "towns saved as Windows-1251": (
        lambda f: _cp1251(f / "towns.csv"),
        ["towns.csv", "not valid UTF-8"],
    ),
    "towns naming a sector with no colour": (
        lambda f: edit_csv_cell(f / "towns.csv", 3, "sector", "titanium"),
        ["towns.csv", "row 3", "'sector'", "not in sectors.csv"],
    ),
    "towns citing a source that does not exist": (
        lambda f: edit_csv_cell(f / "towns.csv", 2, "pop_source", "NOSUCHKEY"),
        ["towns.csv", "row 2", "pop_source", "'NOSUCHKEY'"],
    ),
    "towns with a duplicate GeoNames id": (
        lambda f: edit_csv_cell(f / "towns.csv", 2, "geonames_id", "1537939"),
        ["towns.csv", "duplicate id 1537939", "row 2"],
    ),
    "a town in no unit": (
        lambda f: (
            edit_csv_cell(f / "towns.csv", 1, "lat", "41.0"),
            edit_csv_cell(f / "towns.csv", 1, "lon", "47.0"),
        ),
        ["towns.csv", "row 1", "no unit of the 2012 boundaries"],
    ),
    "towns missing": (lambda f: (f / "towns.csv").unlink(), ["towns.csv", "cannot be read"]),
    "a sector colour that is not a colour": (
        lambda f: edit_csv_cell(f / "sectors.csv", 1, "color", "red;background:url(x)"),
        ["sectors.csv", "row 1", "not #rrggbb"],
    ),
    "a truncated boundary file": (
        lambda f: _truncate(f / "boundaries" / "kz_adm1_2018.geojson"),
        ["kz_adm1_2018.geojson", "checksum"],
    ),
    "an invalid polygon": (_invalid_polygon, ["kz_adm1_2012.geojson", "invalid polygon"]),
    "a manifest that is not JSON": (
        lambda f: _truncate(f / "boundaries" / "manifest.json"),
        ["manifest.json", "not valid JSON", "line"],
    ),
    "a manifest that disagrees with the vintages": (
        lambda f: _replace(
            f / "boundaries" / "manifest.json", '"row_count": 16', '"row_count": 15'
        ),
        ["manifest.json", "row_count"],
    ),
    "a lineage table missing a column": (
        lambda f: _replace(f / "boundaries" / "lineage.csv", "unit_2018", "unit_2017"),
        ["lineage.csv", "missing column(s): unit_2018"],
    ),
    "unit populations with a word for a number": (
        lambda f: edit_csv_cell(f / "unit_population_2023.csv", 1, "pop_total", "many"),
        ["unit_population_2023.csv", "row 1", "not a whole number"],
    ),
}


@pytest.mark.parametrize("case", list(DATA_CASES))
def test_a_broken_data_file_is_named_with_row_and_column(case, tmp_path, monkeypatch):
    folder = copy_data(tmp_path)
    breaks, words = DATA_CASES[case]
    breaks(folder)
    use_data(monkeypatch, folder)
    with pytest.raises(DataError) as caught:
        load_atlas()
    message = str(caught.value)
    for word in words:
        assert word in message
    assert "np.int64" not in message


def test_the_real_data_still_loads_after_the_broken_copies():
    assert len(load_atlas().towns) == 27


def test_the_command_line_names_a_broken_file_without_a_traceback(tmp_path, capsys, monkeypatch):
    folder = copy_data(tmp_path)
    _truncate(folder / "boundaries" / "manifest.json")
    use_data(monkeypatch, folder)
    out = tmp_path / "x.json"
    assert cli.main(["export", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "manifest.json" in err and "Traceback" not in err and not out.exists()
