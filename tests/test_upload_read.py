"""Reading uploaded files: encodings, separators, title rows, XLSX, and every refusal's code."""

from __future__ import annotations

import io
import pathlib
import zipfile

import openpyxl
import pytest

from userdata.read import MAX_BYTES, MAX_CELL_CHARS, MAX_ROWS, UploadError, read_path, read_upload
from userdata.read.delimited import sniff_separator


def code_of(data: bytes, name: str = "data.csv", **kwargs) -> str:
    with pytest.raises(UploadError) as info:
        read_upload(data, name, **kwargs)
    return info.value.code


RU_CSV = (
    "Город;Уровень потенциала;Безработица, %\r\n"
    "г. Темиртау;высокий;4,5\r\n"
    "Жезказган;средний;12,25\r\n"
    "Сатпаев;средний;7\r\n"
)


# --- encodings ---------------------------------------------------------------------------


def test_cp1251_semicolon_file():
    table = read_upload(RU_CSV.encode("cp1251"), "towns.csv")
    assert table.encoding == "cp1251"
    assert table.separator == ";"
    assert table.header == ("Город", "Уровень потенциала", "Безработица, %")
    assert table.rows[0] == ("г. Темиртау", "высокий", "4,5")
    assert table.lines == (2, 3, 4)


def test_utf8_with_and_without_bom():
    with_bom = read_upload(RU_CSV.encode("utf-8-sig"), "a.csv")
    without = read_upload(RU_CSV.encode("utf-8"), "a.csv")
    assert with_bom.encoding == "utf-8-sig" and without.encoding == "utf-8"
    assert with_bom.header == without.header == ("Город", "Уровень потенциала", "Безработица, %")
    assert with_bom.rows == without.rows


def test_kazakh_code_page_is_recognised():
    text = "Қала;Даму әлеуеті\nЖезқазған;жоғары\nҚұлсары;орташа\n"
    table = read_upload(text.encode("kz1048"), "a.csv")
    assert table.encoding == "kz1048"
    assert table.rows[0] == ("Жезқазған", "жоғары")


# A planner's file as Russian and Kazakh offices have them, in every code page they come in.
RU_FILE = (
    "Уровень потенциала моногородов Карагандинской области, 2013\n"
    "Город;Уровень потенциала;Критерий;Безработица, %;Примечание\n"
    "г. Темиртау;высокий;1;4,5;градообразующее - металлургический комбинат\n"
    "Жезказган;средний;1;5,1;медь, корпорация Казахмыс\n"
    "Сатпаев;средний;1;7,0;обогатительная фабрика\n"
    "Шахтинск;низкий;2;9,4;угольные шахты, закрытие в 2019 году\n"
    "Абай;низкий;2;8,8;шахта им. Костенко\n"
    "Приозёрск;низкий;3;6,2;объекты Минобороны\n"
)
KK_FILE = (
    "Қала;Даму әлеуеті;Жұмыссыздық, %\n"
    "Теміртау;жоғары;4,5\n"
    "Жезқазған;орташа;5,1\n"
    "Қаражал;төмен;9,0\n"
    "Құлсары;орташа;3,9\n"
    "Екібастұз;жоғары;4,2\n"
    "Өскемен облысы, Риддер;орташа;5,5\n"
)
# Western Windows (cp1252): Latin town names with accents, as some English-language files.
LATIN_FILE = (
    "Town;Tier;Note\n"
    "Temirtau;high;Ökonomie, Stahlwerk\n"
    "Ekibastuz;average;café of the coal trust\n"
    "Kentau;low;naïve estimate, «Kentau» plant\n"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (RU_FILE, "cp1251"),
        (RU_FILE, "koi8_r"),
        (RU_FILE, "cp866"),
        (KK_FILE, "kz1048"),
        (LATIN_FILE, "cp1252"),
    ],
)
def test_each_code_page_a_planners_file_comes_in_is_read_right(text, encoding):
    table = read_upload(text.encode(encoding), "a.csv")
    assert table.encoding == encoding
    lines = text.splitlines()
    header_at = 1 if text is RU_FILE else 0
    assert table.header == tuple(lines[header_at].split(";"))
    assert table.rows == tuple(tuple(line.split(";")) for line in lines[header_at + 1 :])


def test_utf16_is_refused_with_its_name():
    with pytest.raises(UploadError) as info:
        read_upload(RU_CSV.encode("utf-16"), "a.txt")
    assert info.value.code == "bad_encoding"
    assert info.value.params == {"encoding": "utf-16"}


def test_bytes_no_encoding_fits_are_refused():
    # Every byte above ASCII, over and over: no code page makes text of it.
    assert code_of(b"a;b\n" + bytes(range(128, 256)) * 3) == "bad_encoding"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(1, 32)) * 40,  # control characters without NUL
    ],
)
def test_binary_file(data):
    assert code_of(data) == "binary_file"


@pytest.mark.parametrize("data", [b"", b"\r\n \r\n\t\r\n", b"\xef\xbb\xbf"])
def test_empty_file(data):
    assert code_of(data) == "empty_file"


# --- separators --------------------------------------------------------------------------


def test_tab_separated():
    text = "Город\tУровень потенциала\nТемиртау\tвысокий\nАксу\tнизкий\n"
    table = read_upload(text.encode(), "a.tsv")
    assert table.separator == "\t"
    assert table.rows == (("Темиртау", "высокий"), ("Аксу", "низкий"))


def test_comma_separated_with_quoted_decimal_commas():
    text = 'town,unemployment\nTemirtau,"4,5"\nAksu,"12,75"\nKentau,3\n'
    table = read_upload(text.encode(), "a.csv")
    assert table.separator == ","
    assert table.column(1) == ["4,5", "12,75", "3"]


def test_decimal_commas_do_not_fool_the_sniffer():
    # Every data line has exactly one decimal comma and the header has one too.
    text = "Город;Безработица, %;Уровень\nТемиртау;4,5;высокий\nАксу;3,2;низкий\n"
    assert sniff_separator(text) == ";"
    text = "Город;Доля;Уровень\nТемиртау;4,5;высокий\nАксу;3;низкий\nКентау;1,25;низкий\n"
    assert sniff_separator(text) == ";"
    # Thousands commas give more fields per line than the semicolon, but unevenly.
    text = "Город;Показатель 1, тенге\nСтепногорск;1,000,000\nХромтау;1,000,000\n"
    assert sniff_separator(text) == ";"


def test_excel_sep_directive():
    text = "sep=;\r\nГород;Уровень\r\nАксу;низкий\r\nКентау;высокий\r\n"
    table = read_upload(text.encode("cp1251"), "a.csv")
    assert table.separator == ";"
    assert table.header == ("Город", "Уровень")
    assert table.lines == (3, 4)


def test_quoted_cell_with_newline_keeps_line_numbers():
    text = 'Город;Примечание;Уровень\nАксу;"две\nстроки";низкий\nКентау;;высокий\n'
    table = read_upload(text.encode(), "a.csv")
    assert table.rows[0][1] == "две\nстроки"
    assert table.lines == (2, 4)


def test_old_mac_line_endings():
    table = read_upload("Город;Уровень\rАксу;низкий\rКентау;высокий\r".encode(), "a.csv")
    assert table.lines == (2, 3)


# --- title rows and header ---------------------------------------------------------------


def test_title_rows_above_header_are_skipped_and_reported():
    text = (
        "Уровень потенциала моногородов, 2013\n"
        "\n"
        "Город;Уровень потенциала;Безработица, %\n"
        "Темиртау;высокий;4,5\n"
        "\n"
        "Аксу;низкий;3\n"
    )
    table = read_upload(text.encode("cp1251"), "a.csv")
    assert table.separator == ";"
    assert table.header_line == 3
    assert [(s.line, s.text) for s in table.title_rows] == [
        (1, "Уровень потенциала моногородов, 2013")
    ]
    assert table.lines == (4, 6)  # the blank line 5 counts, and is not a row


def test_title_padded_with_separators_as_excel_saves_it():
    text = "Моногорода;;;\n;;;\nГород;Уровень;Критерий;\nАксу;низкий;1;\nКентау;высокий;2;\n"
    table = read_upload(text.encode(), "a.csv")
    assert table.header == ("Город", "Уровень", "Критерий")
    assert table.header_line == 3


def test_two_cell_title_above_two_column_table():
    text = "Потенциал;2013\nГород;Уровень\nАксу;низкий\nКентау;высокий\n"
    table = read_upload(text.encode(), "a.csv")
    assert table.header == ("Город", "Уровень")
    assert [s.line for s in table.title_rows] == [1]


def test_no_header_and_no_data():
    assert code_of("one column only\nАксу\nКентау\n".encode()) == "no_header"
    with pytest.raises(UploadError) as info:
        read_upload("Город;Уровень\n".encode(), "a.csv")
    assert info.value.code == "no_data"
    assert info.value.params == {"header_line": 1}


def test_a_row_wider_than_the_header_is_set_aside_and_invents_no_column():
    table = read_upload("Город;Уровень\nАксу;низкий;лишнее\nКентау;высокий\n".encode(), "a.csv")
    assert table.header == ("Город", "Уровень")
    assert table.rows == (("Кентау", "высокий"),)
    [row] = table.malformed
    assert (row.line, row.text, row.expected, row.found) == (2, "Аксу;низкий;лишнее", 2, 3)


def test_a_row_with_fewer_fields_than_the_header_is_set_aside():
    text = "Город;Уровень;Доля\nАксу;низкий\nКентау;высокий;\nРудный;;5\n"
    table = read_upload(text.encode(), "a.csv")
    assert [(m.line, m.expected, m.found) for m in table.malformed] == [(2, 3, 2)]
    assert table.lines == (3, 4)  # an empty last field written out is a field


def test_trailing_empty_fields_are_not_stray():
    table = read_upload("Город;Уровень\nАксу;низкий;;\nКентау;высокий\n".encode(), "a.csv")
    assert table.malformed == () and table.header == ("Город", "Уровень")


def test_a_sheet_column_below_an_empty_header_cell_is_kept():
    wb = openpyxl.Workbook()
    wb.active.append(["Город", "Уровень"])
    wb.active.append(["Аксу", "низкий", "примечание"])
    buffer = io.BytesIO()
    wb.save(buffer)
    table = read_upload(buffer.getvalue(), "a.xlsx")
    assert table.header == ("Город", "Уровень", "") and table.malformed == ()


# --- limits ------------------------------------------------------------------------------


def test_too_many_rows_stops_reading_early():
    body = "Темиртау;1\n" * (MAX_ROWS + 1)
    # A line after the limit that would fail differently if it were ever parsed.
    wide = ";".join(["x"] * 300) + "\n"
    data = ("Город;Значение\n" + body + wide).encode()
    assert code_of(data) == "too_many_rows"


def test_exactly_max_rows_is_fine():
    data = ("Город;Значение\n" + "Темиртау;1\n" * MAX_ROWS).encode()
    assert len(read_upload(data, "a.csv").rows) == MAX_ROWS


def test_too_many_columns():
    data = (";".join(f"c{i}" for i in range(201)) + "\n" + ";".join("1" * 201) + "\n").encode()
    with pytest.raises(UploadError) as info:
        read_upload(data, "a.csv")
    assert info.value.code == "too_many_columns"
    assert info.value.params == {"count": 201, "limit": 200}


def test_too_large_bytes():
    with pytest.raises(UploadError) as info:
        read_upload(b"a" * (MAX_BYTES + 1), "a.csv")
    assert info.value.code == "too_large"
    assert info.value.params == {"size": MAX_BYTES + 1, "limit": MAX_BYTES, "limit_mb": "10"}


def test_one_size_limit_for_the_uploader_the_server_and_the_command_line():
    import tomllib

    from cli.main import parser

    config = tomllib.loads(
        (pathlib.Path(__file__).parents[1] / ".streamlit/config.toml").read_text()
    )
    assert config["server"]["maxUploadSize"] * 1024 * 1024 >= MAX_BYTES  # the server admits it
    assert MAX_BYTES % 1_000_000 == 0  # the uploader states whole megabytes
    data = next(a for a in parser()._subparsers._actions if a.dest == "command").choices["data"]
    imp = next(a for a in data._subparsers._actions if a.dest == "verb").choices["import"]
    assert f"up to {MAX_BYTES // 1_000_000} MB" in imp.format_help()


def test_read_path_refuses_a_50_mb_file_without_opening_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written

    def no_open(*args, **kwargs):
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(pathlib.Path, "open", no_open)
    with pytest.raises(UploadError) as info:
        read_path(path)
    assert info.value.code == "too_large"
    assert info.value.params["size"] == 50 * 1024 * 1024


def test_read_path_reads_a_small_file(tmp_path):
    path = tmp_path / "towns.csv"
    path.write_bytes(RU_CSV.encode("cp1251"))
    table = read_path(path)
    assert table.file_name == "towns.csv" and len(table.rows) == 3


def test_read_path_missing_file(tmp_path):
    with pytest.raises(UploadError) as info:
        read_path(tmp_path / "nope.csv")
    assert info.value.code == "cannot_read"


def test_a_huge_cell_is_cut_while_reading_and_its_length_kept():
    big = "9" * 300_000  # over the csv module's own field limit
    data = f'Город;Значение\nТемиртау;"{big}"\nАксу;2\n'.encode()
    table = read_upload(data, "a.csv")
    assert table.rows[0][1] == "9" * (MAX_CELL_CHARS + 1)
    assert table.overlong == {(0, 1): (300_000, 1)}
    assert table.rows[1] == ("Аксу", "2")
    assert table.lines == (2, 3)


def test_csv_formula_cells_are_flagged_and_kept_as_text():
    table = read_upload("Город;Значение\nТемиртау;=1+1\nАксу;2\n".encode(), "a.csv")
    assert table.rows[0][1] == "=1+1"
    assert table.formulas == frozenset({(0, 1)})


# --- formats -----------------------------------------------------------------------------


def make_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Потенциал"
    ws["A1"] = "Уровень потенциала моногородов, 2013"
    ws["A3"], ws["B3"], ws["C3"], ws["D3"] = "Город", "Уровень", "Безработица", "Выпуск"
    ws.append(["Темиртау", "высокий", 0.125, 10])
    ws.append(["Жезказган", "средний", 0.07, 20.5])
    ws.append(["Сатпаев", "низкий", 0.5, "=SUM(D4:D5)"])
    for row in range(4, 7):
        ws.cell(row, 3).number_format = "0.0%"
    notes = wb.create_sheet("Примечания")
    notes.append(["Город", "Примечание"])
    notes.append(["Аксу", "нет данных"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_sheet_title_rows_formula_and_other_sheets():
    table = read_upload(make_workbook(), "plan.xlsx")
    assert table.format == "xlsx"
    assert table.sheet == "Потенциал"
    assert table.sheets == ("Потенциал", "Примечания")
    assert table.other_sheets == ("Примечания",)
    assert table.header == ("Город", "Уровень", "Безработица", "Выпуск")
    assert table.header_line == 3 and table.lines == (4, 5, 6)
    assert [s.line for s in table.title_rows] == [1]
    assert table.rows[0] == ("Темиртау", "высокий", "12.5%", "10")  # as the sheet shows it
    assert table.rows[1][2] == "7%"  # not 7.000000000000001
    assert table.rows[2][3] == "=SUM(D4:D5)"  # the formula's text, never its value
    assert table.formulas == frozenset({(2, 3)})


def test_xlsx_named_sheet_and_unknown_sheet():
    data = make_workbook()
    assert read_upload(data, "plan.xlsx", sheet="Примечания").rows == (("Аксу", "нет данных"),)
    with pytest.raises(UploadError) as info:
        read_upload(data, "plan.xlsx", sheet="Sheet9")
    assert info.value.code == "unknown_sheet"
    assert info.value.params == {"sheet": "Sheet9", "sheets": ["Потенциал", "Примечания"]}
    assert "Потенциал" in str(info.value)


def test_xlsx_recognised_by_content_not_name():
    assert read_upload(make_workbook(), "plan.csv").format == "xlsx"


def test_empty_xlsx_sheet():
    wb = openpyxl.Workbook()
    buffer = io.BytesIO()
    wb.save(buffer)
    assert code_of(buffer.getvalue(), "a.xlsx") == "empty_sheet"


def test_xlsx_that_is_not_a_zip():
    with pytest.raises(UploadError) as info:
        read_upload(RU_CSV.encode(), "plan.xlsx")
    assert info.value.code == "not_xlsx"
    assert info.value.params["reason"] == "not_zip"


@pytest.mark.parametrize("name", ["plan.xlsx", "plan.zip", "plan.csv"])
def test_zip_that_is_not_a_workbook(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(UploadError) as info:
        read_upload(buffer.getvalue(), name)
    assert info.value.code == "not_xlsx"
    assert info.value.params["reason"] == "zip_not_xlsx"


def test_truncated_xlsx_is_corrupt():
    data = make_workbook()
    with pytest.raises(UploadError) as info:
        read_upload(data[: len(data) // 2], "plan.xlsx")
    assert info.value.code == "not_xlsx"
    assert info.value.params["reason"] == "corrupt"


def test_old_xls_and_other_formats():
    assert code_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.xls") == "xls_format"
    assert code_of(b"whatever", "a.xls") == "xls_format"
    assert code_of(b"%PDF-1.4", "a.pdf") == "unsupported_format"


def test_error_has_code_params_and_english_text():
    error = UploadError("too_large", size=52428800, limit=MAX_BYTES, limit_mb="10")
    assert error.code == "too_large"
    assert error.to_dict() == {
        "code": "too_large",
        "size": 52428800,
        "limit": MAX_BYTES,
        "limit_mb": "10",
    }
    assert str(error).startswith(
        "the file is 52428800 bytes, more than the limit of 10 MB (10000000 bytes); split"
    )
    assert str(UploadError("no_such_code", a=1)) == "no_such_code: {'a': 1}"


def test_xlsx_too_many_columns_and_wide_empty_rows():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Город", "Уровень"])
    ws.append(["Аксу", "низкий"])
    ws.cell(3, 5000).number_format = "0.0"  # styled, empty: not a column
    ws.append(["Кентау", "высокий"])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert read_upload(buffer.getvalue(), "a.xlsx").header == ("Город", "Уровень")
    ws.cell(5, 202).value = "x"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(UploadError) as info:
        read_upload(buffer.getvalue(), "a.xlsx")
    assert info.value.code == "too_many_columns"
    assert info.value.params == {"count": 202, "limit": 200}


# Every code with the params it is raised with: the English text must fill in from them.
CODES = {
    "empty_file": {},
    "empty_sheet": {"sheet": "Лист1"},
    "binary_file": {"offset": 0},
    "bad_encoding": {"encoding": "utf-16"},
    "too_large": {"size": 1, "limit": 1, "limit_mb": "0"},
    "too_many_rows": {"limit": 1},
    "too_many_columns": {"count": 201, "limit": 200},
    "unsupported_format": {"extension": ".ods"},
    "xls_format": {"file_name": "a.xls"},
    "not_xlsx": {"file_name": "a.xlsx", "reason": "not_zip"},
    "unknown_sheet": {"sheet": "x", "sheets": ["a", "b"]},
    "no_header": {"rows_checked": 10},
    "no_data": {"header_line": 1},
    "cannot_read": {"reason": "Permission denied"},
    "no_town_column": {"headers": ["a", "b"]},
    "no_value_columns": {},
    "no_towns_matched": {"rows": 2},
    "duplicate_conflict": {"town_id": "aksu", "lines": [2, 4], "columns": ["Уровень"]},
    "header_too_long": {"column": 2, "length": 1001, "limit": 1000},
    "preview_has_errors": {"count": 1, "codes": ["duplicate_conflict"]},
    "unknown_column": {"column": "x", "columns": ["a"]},
    "bad_role": {"column": "x", "role": "colour", "allowed": ["tier"]},
    "bad_aggregation": {"column": "x", "aggregation": "median", "allowed": ["sum"]},
    "duplicate_role": {"role": "tier", "columns": ["a", "b"]},
    "bad_content": {"field": "towns.aksu.tier", "problem": "unknown_tier"},
    "not_a_number": {"value": "abc"},
    "ambiguous_number": {"value": "1,234"},
    "no_data_mark": {"value": "—"},
    "out_of_range": {"value": "1e400"},
    "formula": {"value": "=A1"},
    "spreadsheet_error": {"value": "#DIV/0!"},
    "too_long": {"length": 1001, "limit": 1000, "value": "ЖЖЖ…"},
    "open_quote": {"length": 5_000_000, "limit": 1000, "value": "ЖЖЖ…", "lines": 3},
    "quote_left_open": {"line": 3, "lines": 250_001},
    "all_rows_malformed": {"rows": 3, "line": 2, "expected": 4, "found": 5},
    "xlsx_parts": {"count": 3006, "limit": 1000},
    "xlsx_part_size": {"part": "xl/worksheets/sheet1.xml", "size_mb": "1100", "limit_mb": "100"},
    "xlsx_part_ratio": {"part": "xl/sharedStrings.xml", "ratio": 1000, "limit": 100},
    "xml_dtd": {},
    "sheet_too_long": {"row": 20_000_000, "limit": 101_000},
    "xlsx_strings": {"count": 5_000_000, "limit": 2_000_000},
    "limit_memory": {"limit": 512},
    "limit_cpu": {"limit": 15},
    "limit_time": {"limit": "20"},
    "busy": {},
    "worker_failed": {},
    "unknown_tier": {"value": "x"},
    "unknown_criterion": {"value": "4"},
    "unit_mismatch": {"value": "5 %", "unit": "%", "expected": "bn tenge"},
}


@pytest.mark.parametrize(("code", "params"), sorted(CODES.items()))
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_code_has_a_text_in_every_language(code, params, lang):
    text = UploadError(code, **params).text(lang)
    assert not text.startswith(code + ":"), text
    assert "{" not in text
