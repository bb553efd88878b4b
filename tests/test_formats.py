"""A format is one registry entry and its writer: what it takes, its page, its file name and
its policy are declared there, and the command line, batch files and the app's panel read
the declaration."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from cli import main as cli
from export.formats import (
    APP_URL,
    DATE,
    DPI,
    FORMATS,
    LAYOUT,
    Format,
    Options,
    export_file_name,
    file_name,
    formats_taking,
)
from geo.atlas import compute_view
from geo.i18n import messages
from geo.view import View

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _summary(atlas, view: View, o: Options) -> bytes:
    """A throwaway writer: the towns shown and the date, one line of text."""
    data = compute_view(atlas, view, o.dataset)
    return f"{len(data.towns)} towns; {o.generated}; dpi={o.dpi}".encode()


SUMMARY = Format(
    "summary",
    ".txt",
    "text/plain",
    "one line: the towns shown",
    _summary,
    "dl_summary",
    frozenset({DATE}),
)


@pytest.fixture
def summary_format(monkeypatch, atlas):
    """The throwaway format, registered (with its button's words) for one test."""
    monkeypatch.setitem(FORMATS, SUMMARY.key, SUMMARY)
    monkeypatch.setitem(
        messages(), "dl_summary", {"kk": "Қысқаша", "ru": "Сводка", "en": "Summary"}
    )
    monkeypatch.setattr(cli, "load", lambda: atlas)
    return SUMMARY


def test_a_new_format_is_offered_by_the_command_line(summary_format, tmp_path, capsys):
    assert cli.main(["export", "--help"]) == 0
    assert "summary: one line: the towns shown" in " ".join(capsys.readouterr().out.split())
    out = tmp_path / "kz.txt"  # the extension alone names the format
    argv = ["export", "--unit", "KZ-35", "--date", "2026-01-02", "--dpi", "40", "-o", str(out)]
    assert cli.main(argv) == 0
    assert out.read_text() == "8 towns; 2026-01-02; dpi=None"  # it takes the date, not dpi
    err = capsys.readouterr().err
    assert "--dpi does not apply to summary; ignored" in err and "--date" not in err


def test_a_new_format_is_offered_by_batch_files(summary_format, tmp_path, capsys):
    batch = tmp_path / "views.txt"
    batch.write_text("v=2012&unit=KZ-35&lang=kk format=summary layout=A4\nlang=en format=summary\n")
    assert cli.main(["batch", str(batch), "-o", str(tmp_path / "out"), "--date", "2026-01-02"]) == 0
    assert (tmp_path / "out" / "kz-35_kk_2012.txt").read_text().startswith("8 towns; 2026-01-02")
    assert (tmp_path / "out" / "kz_en_2012.txt").read_text().startswith("27 towns")
    assert f"{batch}:1: note: layout= does not apply to summary; ignored" in capsys.readouterr().err


def test_a_new_format_is_offered_by_the_apps_panel(summary_format, atlas, monkeypatch):
    offered = {}
    original = DeltaGenerator.download_button

    def spy(self, label, data, file_name=None, mime=None, **kwargs):
        offered[label] = (data, file_name, mime)
        return original(self, label, data, file_name=file_name, mime=mime, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "ru"
    at.query_params["unit"] = "KZ-35"
    at.run()
    at.session_state["export_open"] = True
    at.run()
    assert not at.exception
    assert len(at.get("download_button")) == len(FORMATS) == 8
    make, name, mime = offered["Сводка"]
    assert name == "monoqala_kz-35_ru_2012.txt" and mime == "text/plain"
    assert make().startswith(f"8 towns; {date.today()}".encode())


def test_a_format_removed_is_offered_nowhere(tmp_path, capsys):
    assert "summary" not in FORMATS
    assert cli.main(["export", "--format", "summary", "-o", str(tmp_path / "x.txt")]) == 2
    assert "invalid choice: 'summary'" in capsys.readouterr().err


def test_a_format_declares_a_page_exactly_when_it_takes_one():
    with pytest.raises(ValueError, match="page layout"):
        dataclasses.replace(SUMMARY, takes=frozenset({LAYOUT}))
    with pytest.raises(ValueError, match="page layout"):
        dataclasses.replace(SUMMARY, layout="A4")
    with pytest.raises(ValueError, match="unknown settings"):
        dataclasses.replace(SUMMARY, takes=frozenset({"colour"}))


def test_a_format_is_handed_only_the_settings_it_takes():
    given = Options(layout=None, dpi=40, app_url="https://example.org/", generated=date(2026, 1, 2))
    assert FORMATS["csv"].options_for(given) == Options()
    assert FORMATS["html"].options_for(given) == Options(app_url="https://example.org/")
    assert FORMATS["pdf"].options_for(given) == dataclasses.replace(given, layout="A4", dpi=None)
    assert FORMATS["png"].options_for(given).layout == "16:9"


def test_what_each_published_format_takes():
    assert formats_taking(LAYOUT) == ["png", "pdf"]
    assert formats_taking(DPI) == ["png"]
    assert formats_taking(DATE) == ["png", "pdf", "json"]
    assert formats_taking(APP_URL) == ["png", "pdf", "html", "json"]
    assert [f.key for f in FORMATS.values() if f.policy] == ["html"]


def test_file_names_are_made_in_one_place():
    view = View(
        lang="ru", vintage="2022", unit="KZ-62", filters=(("status", frozenset({"listed"})),)
    )
    assert file_name(view, "units-csv") == "kz-62_ru_2022_status-listed_units.csv"
    assert export_file_name(view, FORMATS["png"], "A4") == (
        "monoqala_kz-62_ru_2022_status-listed_a4.png"
    )
