"""The monoqala command: help, strict view options, single exports and batches."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import subprocess
import sys
from datetime import date

import pytest

from cli import main as cli
from export.data import towns_csv
from export.formats import FORMATS
from export.links import APP_URL_ENV
from geo.atlas import compute_view
from geo.errors import DataError
from geo.view import View
from tests.browser.harness import ROOT


@pytest.fixture(autouse=True)
def shared_atlas(atlas, monkeypatch):
    """The command reads the atlas once per run; the tests hand it the session's copy."""
    monkeypatch.setattr(cli, "load", lambda: atlas)
    monkeypatch.delenv(APP_URL_ENV, raising=False)


def run_module(*argv: str) -> subprocess.CompletedProcess:
    """``python -m cli ...`` as a user runs it (its own atlas, no test fixtures)."""
    env = {k: v for k, v in os.environ.items() if k != APP_URL_ENV}
    return subprocess.run(
        [sys.executable, "-m", "cli", *argv], cwd=ROOT, capture_output=True, text=True, env=env
    )


def spy_on(monkeypatch, key: str, render=None) -> list:
    """Replace the renderer of format ``key``; returns the list of Options it was called with."""
    calls = []

    def spy(atlas, view, options):
        calls.append(options)
        return render(atlas, view, options) if render else b"spied"

    monkeypatch.setitem(FORMATS, key, dataclasses.replace(FORMATS[key], write=spy))
    return calls


@pytest.mark.parametrize("argv", [["--help"], ["export", "--help"], ["batch", "--help"]])
def test_help_exits_0(argv, capsys):
    assert cli.main(argv) == 0
    assert "usage: monoqala" in capsys.readouterr().out


def test_batch_help_documents_the_line_format(capsys):
    cli.main(["batch", "--help"])
    out = capsys.readouterr().out
    assert "v=2012&unit=KZ-35&lang=kk format=png" in out and "layout=" in out


def test_python_m_export_writes_the_towns_of_the_default_view(tmp_path):
    out = tmp_path / "towns.csv"
    done = run_module("export", "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 27 and len({r["town_id"] for r in rows}) == 27


def test_bad_vintage_exits_2_and_lists_the_valid_ones(tmp_path, capsys):
    code = cli.main(["export", "--vintage", "2011", "--format", "csv", "-o", str(tmp_path / "x")])
    assert code == 2
    err = capsys.readouterr().err
    assert "--vintage '2011'" in err and "2012, 2018, 2022" in err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("argv", "named", "valid"),
    [
        (["--unit", "KZ-62"], "--unit 'KZ-62'", "KZ-35"),  # Ulytau exists only since 2022
        (["--filter", "status=listd"], "--filter status", "listed, left, unconfirmed, unknown"),
        (["--filter", "colour=red"], "unknown key 'colour'", "criterion, tier, status"),
        (["--lang", "de"], "--lang 'de'", "kk, ru, en"),
        (["--layout", "B5"], "--layout", "16:9"),
        (["--format", "gif"], "--format", "png"),
    ],
)
def test_bad_options_exit_2_naming_the_option_and_the_valid_values(
    argv, named, valid, tmp_path, capsys
):
    assert cli.main(["export", *argv, "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert named in err and valid in err


def test_export_writes_what_the_view_shows(atlas, tmp_path):
    out = tmp_path / "towns.csv"
    argv = ["export", "--vintage", "2012", "--unit", "KZ-35", "--lang", "kk"]
    argv += ["--filter", "status=listed,unknown", "-o", str(out)]
    assert cli.main(argv) == 0
    view = View(vintage="2012", unit="KZ-35", lang="kk").with_filter(
        "status", {"listed", "unknown"}
    )
    # utf-8-sig: the file may start with a byte-order mark for spreadsheets
    assert out.read_text(encoding="utf-8-sig") == towns_csv(compute_view(atlas, view), atlas)


def test_export_png_from_an_app_link(tmp_path):
    out = tmp_path / "karaganda.png"
    link = "http://localhost:8501/?v=2012&unit=KZ-35&lang=kk"
    assert cli.main(["export", "--view", link, "--dpi", "40", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_batch_renders_good_lines_and_reports_the_bad_one(tmp_path, capsys):
    batch = tmp_path / "views.txt"
    batch.write_text(
        "# three views, the second is wrong\n"
        "v=2012&unit=KZ-35&lang=kk format=csv\n"
        "\n"
        "v=2011&lang=en format=csv\n"
        "lang=ru format=json name=meta.json\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert cli.main(["batch", str(batch), "-o", str(out), "--date", "2025-01-02"]) == 1
    captured = capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["kz-35_kk_2012.csv", "meta.json"]
    assert f"[1/3] {out / 'kz-35_kk_2012.csv'}" in captured.out
    assert f"[3/3] {out / 'meta.json'}" in captured.out
    assert f"{batch}:4: error: v='2011' is not valid" in captured.err
    assert '"generated": "2025-01-02"' in (out / "meta.json").read_text(encoding="utf-8")


def test_batch_names_do_not_collide_and_the_renaming_is_told(tmp_path, capsys):
    batch = tmp_path / "views.txt"
    batch.write_text("lang=en format=csv\nlang=en&v=2012 format=csv\n", encoding="utf-8")
    assert cli.main(["batch", str(batch), "-o", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "kz_en_2012-2.csv",
        "kz_en_2012.csv",
    ]
    err = capsys.readouterr().err
    assert f"{batch}:2: note: kz_en_2012.csv is already written by line 1" in err
    assert "kz_en_2012-2.csv" in err


def test_missing_batch_file_exits_2(tmp_path, capsys):
    assert cli.main(["batch", str(tmp_path / "none.txt"), "-o", str(tmp_path)]) == 2
    assert "cannot read" in capsys.readouterr().err


# A batch line that fails in any way is reported and the others still render.


def test_batch_reports_a_bad_file_name_and_renders_the_rest(tmp_path, capsys):
    batch = tmp_path / "views.txt"
    batch.write_text("lang=en format=csv name=a\x00b.csv\nlang=ru format=csv\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["batch", str(batch), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{batch}:1: error: name='a\\x00b.csv' must be a plain file name" in err
    assert "1 of 2 line(s) failed" in err
    assert [p.name for p in out.iterdir()] == ["kz_ru_2012.csv"]


def test_batch_survives_any_error_while_rendering_a_line(tmp_path, monkeypatch, capsys):
    def boom(atlas, view, options):
        raise RuntimeError("renderer broke")

    spy_on(monkeypatch, "geojson", boom)
    batch = tmp_path / "views.txt"
    lines = "lang=en format=csv\nlang=en format=geojson\nlang=en format=json\n"
    batch.write_text(lines, encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["batch", str(batch), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{batch}:2: error: RuntimeError: renderer broke" in err
    assert sorted(p.name for p in out.iterdir()) == ["kz_en_2012.csv", "kz_en_2012.json"]


def test_batch_into_an_existing_file_exits_2(tmp_path, capsys):
    batch = tmp_path / "views.txt"
    batch.write_text("format=csv\n", encoding="utf-8")
    target = tmp_path / "taken.txt"
    target.write_text("keep me", encoding="utf-8")
    assert cli.main(["batch", str(batch), "-o", str(target)]) == 2
    assert f"-o {target} is a file, not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n   # and another\n"])
def test_batch_with_no_views_exits_2(content, tmp_path, capsys):
    batch = tmp_path / "views.txt"
    batch.write_text(content, encoding="utf-8")
    assert cli.main(["batch", str(batch), "-o", str(tmp_path / "out")]) == 2
    assert f"no views in {batch}" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_batch_name_must_match_the_format(tmp_path, capsys):
    batch = tmp_path / "views.txt"
    batch.write_text(
        "lang=en format=csv name=x.png\nlang=ru name=ru.json\nlang=kk format=csv\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert cli.main(["batch", str(batch), "-o", str(out), "--date", "2025-01-02"]) == 1
    err = capsys.readouterr().err
    assert f"{batch}:1: error: name='x.png' does not end in .csv" in err
    assert "format=csv" in err
    assert sorted(p.name for p in out.iterdir()) == ["kz_kk_2012.csv", "ru.json"]
    assert (out / "ru.json").read_text(encoding="utf-8").startswith("{")  # format from name


# Options are checked before anything is drawn.


@pytest.mark.parametrize("dpi", ["-50", "nan", "inf", "-inf", "0", "5", "abc", "5000", "1200"])
def test_bad_dpi_exits_2(dpi, tmp_path, capsys):
    out = tmp_path / "x.png"
    assert cli.main(["export", f"--dpi={dpi}", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"argument --dpi: {dpi!r} is not a resolution from 10 to 600 dpi" in err
    assert not out.exists()


def test_dpi_help_tells_print_quality(capsys):
    cli.main(["export", "--help"])
    assert "200 or more is print quality" in " ".join(capsys.readouterr().out.split())


def test_dpi_reaches_the_png_renderer(tmp_path, monkeypatch):
    calls = spy_on(monkeypatch, "png")
    assert cli.main(["export", "--dpi", "72.5", "-o", str(tmp_path / "x.png")]) == 0
    assert calls[0].dpi == 72.5


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://example.org/",
        "example.org",
        "http://",
        'https://example.org/" onclick="x',
    ],
)
def test_app_url_must_be_http_or_https(url, tmp_path, capsys):
    out = tmp_path / "x.html"
    assert cli.main(["export", "--app-url", url, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "argument --app-url" in err and "is not an http:// or https:// address" in err
    assert not out.exists()


def test_app_url_from_the_environment_is_checked_too(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(APP_URL_ENV, "javascript:alert(1)")
    assert cli.main(["export", "-o", str(tmp_path / "x.html")]) == 2
    assert f"${APP_URL_ENV}: 'javascript:alert(1)' is not an http" in capsys.readouterr().err


def test_https_app_url_is_the_embed_link(tmp_path):
    out = tmp_path / "x.html"
    assert cli.main(["export", "--app-url", "https://atlas.example.org/", "-o", str(out)]) == 0
    assert 'href="https://atlas.example.org/' in out.read_text(encoding="utf-8")


def test_atlas_data_error_is_a_message(tmp_path, monkeypatch, capsys):
    def broken():
        raise DataError("towns.csv", "'x' is not a number", row=3, column="lat")

    monkeypatch.setattr(cli, "load", broken)
    batch = tmp_path / "views.txt"
    batch.write_text("format=csv\n", encoding="utf-8")
    for argv in (["export", "-o", str(tmp_path / "x.csv")], ["batch", str(batch), "-o", "out"]):
        assert cli.main(argv) == 1
        err = capsys.readouterr().err
        assert "cannot read the atlas data: towns.csv, row 3, column 'lat'" in err
    assert not (tmp_path / "x.csv").exists()


# The production date.


def test_images_carry_todays_date_by_default(tmp_path, monkeypatch):
    png, pdf = spy_on(monkeypatch, "png"), spy_on(monkeypatch, "pdf")
    assert cli.main(["export", "-o", str(tmp_path / "x.png")]) == 0
    assert cli.main(["export", "-o", str(tmp_path / "x.pdf")]) == 0
    assert png[0].generated == pdf[0].generated == date.today()


def test_date_makes_the_output_reproducible(tmp_path, monkeypatch):
    class OtherDay(date):
        @classmethod
        def today(cls):
            return date(2031, 5, 6)

    def export(name: str, *argv: str) -> bytes:
        out = tmp_path / name
        assert cli.main(["export", "--dpi", "40", *argv, "-o", str(out)]) == 0
        return out.read_bytes()

    first = export("a.png", "--date", "2025-01-02"), export("a.json", "--date", "2025-01-02")
    undated = export("u.png"), export("u.json")
    monkeypatch.setattr(cli, "date", OtherDay)
    assert (
        export("b.png", "--date", "2025-01-02"),
        export("b.json", "--date", "2025-01-02"),
    ) == first
    assert export("c.png") != undated[0]  # the footer prints the day it was made
    assert b'"generated": "2031-05-06"' in export("c.json")


def test_date_help_tells_it_makes_output_reproducible(capsys):
    cli.main(["batch", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "(default: today)" in out and "byte-for-byte reproducible" in out


# Options a format does not use are ignored with a note, not an error.


def test_export_notes_options_the_format_ignores(tmp_path, capsys):
    out = tmp_path / "x.csv"
    argv = ["export", "--layout", "A4", "--dpi", "40", "--date", "2025-01-02", "-o", str(out)]
    assert cli.main(argv) == 0
    err = capsys.readouterr().err
    for option in ("--layout", "--dpi", "--date"):
        assert f"note: {option} does not apply to csv; ignored" in err
    assert out.exists()


def test_export_does_not_note_options_the_format_uses(tmp_path, monkeypatch, capsys):
    spy_on(monkeypatch, "png")
    argv = ["export", "--layout", "A4", "--dpi", "40", "--date", "2025-01-02"]
    assert cli.main([*argv, "-o", str(tmp_path / "x.png")]) == 0
    assert capsys.readouterr().err == ""
    spy_on(monkeypatch, "pdf")
    assert cli.main([*argv, "-o", str(tmp_path / "x.pdf")]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "monoqala export: note: --dpi does not apply to pdf; ignored"
    ]


def test_batch_notes_ignored_options_once_per_format(tmp_path, monkeypatch, capsys):
    spy_on(monkeypatch, "png")
    batch = tmp_path / "views.txt"
    batch.write_text(
        "lang=en format=csv layout=A4\nlang=ru format=csv\nformat=png\n", encoding="utf-8"
    )
    assert cli.main(["batch", str(batch), "-o", str(tmp_path / "out"), "--dpi", "40"]) == 0
    err = capsys.readouterr().err
    assert err.count("note: --dpi does not apply to csv; ignored") == 1
    assert f"{batch}:1: note: layout= does not apply to csv; ignored" in err
    assert "png" not in err


# As a user runs it: no traceback, whatever the mistake.


def test_mistakes_never_show_a_traceback(tmp_path):
    batch = tmp_path / "views.txt"
    batch.write_text("format=csv name=a\x00b.csv\nlang=en format=csv\n", encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    cases = [
        (["export", "--dpi", "nan", "-o", str(tmp_path / "x.png")], 2, "--dpi"),
        (["export", "--app-url", "javascript:x", "-o", str(tmp_path / "x.html")], 2, "--app-url"),
        (["batch", str(batch), "-o", str(tmp_path / "file")], 2, "not a folder"),
        (["batch", str(empty), "-o", str(tmp_path / "out")], 2, "no views"),
        (["batch", str(batch), "-o", str(tmp_path / "out")], 1, f"{batch}:1: error: name="),
    ]
    for argv, code, message in cases:
        done = run_module(*argv)
        assert done.returncode == code, (argv, done.stderr)
        assert message in done.stderr and "Traceback" not in done.stderr, (argv, done.stderr)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["kz_en_2012.csv"]


def test_format_and_file_extension_must_agree(tmp_path, capsys):
    out = tmp_path / "map.png"
    assert cli.main(["export", "--format", "csv", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--format csv writes .csv files" in err and ".png" in err
    assert not out.exists()
