"""A malformed towns file fails with a message naming the file, row and column."""

import csv
import io

import pytest

from geo.errors import DataError
from geo.io import read_towns


def write(tmp_path, rows, columns=None, name="towns.csv"):
    columns = columns or list(rows[0])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    path = tmp_path / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_valid_file_reads(tmp_path, town_rows):
    towns = read_towns(write(tmp_path, town_rows))
    assert len(towns) == 5
    assert towns.crs.to_epsg() == 4326
    assert str(towns["pop_2023_city"].dtype) == "Int64"


def test_missing_column(tmp_path, town_rows):
    cols = [c for c in town_rows[0] if c != "lat"]
    with pytest.raises(DataError, match=r"towns\.csv: missing column\(s\): lat"):
        read_towns(write(tmp_path, town_rows, cols))


def test_non_numeric_coordinate(tmp_path, town_rows):
    town_rows[2]["lon"] = "71,5"
    with pytest.raises(DataError, match=r"row 3, column 'lon': '71,5' is not a number"):
        read_towns(write(tmp_path, town_rows))


def test_duplicate_id(tmp_path, town_rows):
    town_rows[3]["town_id"] = "t1"
    with pytest.raises(DataError, match=r"row 4, column 'town_id': duplicate id 't1'"):
        read_towns(write(tmp_path, town_rows))


def test_duplicate_geonames_id(tmp_path, town_rows):
    town_rows[4]["geonames_id"] = "2"
    with pytest.raises(DataError, match=r"row 5, column 'geonames_id': duplicate id"):
        read_towns(write(tmp_path, town_rows))


def test_point_outside_kazakhstan(tmp_path, town_rows):
    town_rows[1]["lat"] = "5.2"  # a dropped digit
    with pytest.raises(DataError, match=r"row 2, column 'lat': 5.2 is outside Kazakhstan"):
        read_towns(write(tmp_path, town_rows))


def test_broken_encoding(tmp_path, town_rows):
    path = write(tmp_path, town_rows)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("Один", "ОДИН").encode("cp1251"))
    with pytest.raises(DataError, match=r"towns\.csv, row 1: is not valid UTF-8"):
        read_towns(path)


def test_empty_required_cell_says_write_not_published(tmp_path, town_rows):
    town_rows[0]["tier_2012"] = ""
    with pytest.raises(DataError, match=r"row 1, column 'tier_2012'.*not_published"):
        read_towns(write(tmp_path, town_rows))


def test_unknown_status_value(tmp_path, town_rows):
    town_rows[0]["status_2025"] = "maybe"
    with pytest.raises(DataError, match=r"'maybe' is not one of left, listed, unconfirmed"):
        read_towns(write(tmp_path, town_rows))


def test_negative_population(tmp_path, town_rows):
    town_rows[0]["pop_2023_city"] = "-5"
    with pytest.raises(DataError, match="negative"):
        read_towns(write(tmp_path, town_rows))


def test_missing_file_names_it(tmp_path):
    with pytest.raises(DataError, match="nothere.csv: cannot be read"):
        read_towns(tmp_path / "nothere.csv")


def test_empty_cells_are_not_turned_into_nan(tmp_path, town_rows):
    town_rows[0]["name_variants"] = "NA"  # a literal word, not a missing value
    towns = read_towns(write(tmp_path, town_rows))
    assert towns.loc[0, "name_variants"] == "NA"
    assert towns["pop_2023_admin"].isna().all()


def test_sector_colour_must_be_hex(tmp_path):
    from geo.io import read_sectors
    from geo.paths import SECTORS

    text = SECTORS.read_text(encoding="utf-8").splitlines()
    header, first = text[0].split(","), text[1].split(",")
    first[header.index("color")] = '#000"><img src=x onerror=alert(1)>'
    bad = tmp_path / "sectors.csv"
    bad.write_text("\n".join([text[0], ",".join(first), *text[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"sectors\.csv.*row 1.*color.*not #rrggbb"):
        read_sectors(bad)
    assert read_sectors()["color"].str.fullmatch(r"#[0-9A-Fa-f]{6}").all()
