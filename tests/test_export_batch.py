"""Reading batch lines and naming their files."""

from __future__ import annotations

import re

import pytest

from cli.batch import parse_line, unique
from geo.viewspec import ViewError


def test_format_follows_the_name_when_not_given(atlas):
    job = parse_line("lang=en name=kazakhstan.html", 1, atlas)
    assert job.format.key == "html" and job.name == "kazakhstan.html"
    assert parse_line("lang=en", 1, atlas).format.key == "png"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("format=csv name=x.png", "name='x.png' does not end in .csv, the extension of format=csv"),
        ("format=pdf name=x.png", "does not end in .pdf, the extension of format=pdf"),
        ("name=map.jpg", "does not end in .png, the extension of format=png (the default)"),
        ("format=units-csv name=units.json", "does not end in .csv"),
    ],
)
def test_name_must_end_in_the_format_extension(line, message, atlas):
    with pytest.raises(ViewError, match=re.escape(message)):
        parse_line(line, 1, atlas)


def test_name_extension_is_matched_whatever_its_case(atlas):
    assert parse_line("format=csv name=TOWNS.CSV", 1, atlas).name == "TOWNS.CSV"


@pytest.mark.parametrize(
    "name", ["a\x00b.csv", "a\x1bb.csv", "a\x7fb.csv", "../x.csv", "sub/x.csv", ".csv"]
)
def test_name_must_be_a_plain_file_name(name, atlas):
    with pytest.raises(ViewError, match="must be a plain file name"):
        parse_line(f"format=csv name={name}", 1, atlas)


def test_default_name_has_the_format_extension(atlas):
    job = parse_line("v=2012&unit=KZ-35&lang=kk format=units-csv", 1, atlas)
    assert job.file_name() == "kz-35_kk_2012_units.csv"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("v=2012&lang=kk format=png", "kz_kk_2012.png"),
        ("v=2012&lang=kk format=png layout=A4", "kz_kk_2012_a4.png"),
        ("v=2012&lang=kk format=pdf layout=A4", "kz_kk_2012.pdf"),  # a PDF's own page
        ("v=2012&lang=kk format=pdf layout=16:9", "kz_kk_2012_16-9.pdf"),
        ("v=2012&lang=kk format=csv layout=A4", "kz_kk_2012.csv"),  # a table has no page
        ("v=2012&lang=kk format=csv name=t.csv", "t.csv"),
    ],
)
def test_a_default_name_names_a_page_other_than_the_formats_own(line, expected, atlas):
    assert parse_line(line, 1, atlas).file_name() == expected


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("a.csv", set(), "a.csv"),
        ("a.csv", {"a.csv"}, "a-2.csv"),
        ("a.csv", {"a.csv", "a-2.csv"}, "a-3.csv"),
        ("A.csv", {"a.csv"}, "A-2.csv"),  # one file on case-insensitive disks
        ("a.csv", {"A-2.CSV", "A.csv"}, "a-3.csv"),
        ("notes", {"notes"}, "notes-2"),
        ("a.b.json", {"a.b.json"}, "a.b-2.json"),
    ],
)
def test_unique(name, taken, expected):
    assert unique(name, taken) == expected
