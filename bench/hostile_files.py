"""Hostile planner's files, made in memory for the tests and the benchmark (none is committed).

Each :class:`HostileFile` says how the reading must end: refused with an error ``code``, or
read (``code`` None), in which case ``check`` names what the preview must show and
``blocks`` the error, if any, that keeps it from being saved. The files
are the ones that stalled or exhausted the server before files were read in a bounded worker:
row-number, shared-strings, comment and workbook bombs; billion laughs and external entities
in three parts; 3 000 sheets; a CSV with one 10 MB cell, a million short rows and a quote
left open over 5 MB; a 1.1 GB cell and a 1.1 GB sheet in a small workbook; a formula in the
town column.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Город</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Уровень</t></is></c></row>'
)
ROWS = (
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Темиртау</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>высокий</t></is></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>Аксу</t></is></c>'
    '<c r="B3" t="inlineStr"><is><t>низкий</t></is></c></row>'
)
# An address nothing listens on: an external entity that were fetched would show there.
XXE_URL = "http://127.0.0.1:9/xxe"
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


@dataclass(frozen=True)
class HostileFile:
    """A file, how it was made, and how reading it must end."""

    key: str
    file_name: str
    what: str
    make: Callable[[], bytes]
    code: str | None = None  # the error it is refused with; None: it is read
    check: str = ""  # for a file that is read: what the preview shows
    blocks: str | None = None  # for a file that is read: the preview's error that bars saving

    @property
    def data(self) -> bytes:
        return _made(self.key)


def sheet_xml(rows: str = HEADER_ROW + ROWS, before: str = "", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'
        f"{before}<sheetData>{rows}</sheetData></worksheet>"
    )


def workbook_xml(sheets: int = 1, prolog: str = "", extra: str = "") -> str:
    names = "".join(
        f'<sheet name="Лист{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, sheets + 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{names}</sheets>{extra}</workbook>'
    )


def xlsx(
    sheets: Iterable[str] | None = None,
    shared: str | None = None,
    workbook: str | None = None,
    extra: dict[str, Callable[[], Iterable[bytes]]] | None = None,
) -> bytes:
    """A workbook from its parts; ``extra`` parts are written in chunks (they may be huge)."""
    sheets = list(sheets or [sheet_xml()])
    buffer = io.BytesIO()
    kind = f"{RELS}/"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
            f'Type="{kind}officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{kind}worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        if shared is not None:
            rels += (
                f'<Relationship Id="rIdS" Type="{kind}sharedStrings" Target="sharedStrings.xml"/>'
            )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE_RELS}">{rels}</Relationships>',
        )
        z.writestr("xl/workbook.xml", workbook or workbook_xml(len(sheets)))
        for i, sheet in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
        for name, chunks in (extra or {}).items():
            with z.open(name, "w", force_zip64=True) as part:
                for chunk in chunks():
                    part.write(chunk)
    return buffer.getvalue()


def _repeat(head: str, body: bytes, times: int, tail: str) -> Callable[[], Iterable[bytes]]:
    """``body`` repeated ``times`` times between ``head`` and ``tail``, in 1 MB chunks."""

    def chunks() -> Iterable[bytes]:
        yield head.encode()
        per_block = max(1, (1 << 20) // len(body))
        block = body * per_block
        for _ in range(times // per_block):
            yield block
        yield body * (times % per_block)
        yield tail.encode()

    return chunks


def _row_number_bomb() -> bytes:
    far = '<row r="20000000"><c r="A20000000" t="inlineStr"><is><t>x</t></is></c></row>'
    return xlsx([sheet_xml(HEADER_ROW + ROWS + far)])


def _shared_strings_bomb() -> bytes:
    # 3 million strings in the table (66 MB), the sheet uses the first four. The table
    # compresses about 50 times: under the ratio limit, so it is opened, and read to entry 4.
    rng = random.Random(7)
    entries = "".join(f"<si><t>{c}</t></si>" for c in rng.choices("abcd", k=3_000_000))
    strings = (
        f'<sst xmlns="{MAIN}"><si><t>Город</t></si><si><t>Уровень</t></si>'
        f"<si><t>Темиртау</t></si><si><t>высокий</t></si>{entries}</sst>"
    )
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
    )
    return xlsx([sheet_xml(rows)], shared=strings)


def _comment_bomb() -> bytes:
    return xlsx(
        extra={
            "xl/comments1.xml": _repeat(
                f'<comments xmlns="{MAIN}"><t>', b"a", 25_000_000, "</t></comments>"
            )
        }
    )


def _comment_in_sheet() -> bytes:
    # An XML comment of 40 MB in the sheet, of words that compress about 8 times: under the
    # size and ratio limits, so the sheet is parsed through it.
    rng = random.Random(11)
    words = [
        bytes(rng.choice(b"abcdefghij") for _ in range(rng.randrange(3, 9))) for _ in range(64)
    ]
    text = b" ".join(rng.choices(words, k=6_000_000))[:40_000_000]
    head, tail = sheet_xml().split("<sheetData>")
    return xlsx([head + "<!--" + text.decode() + "--><sheetData>" + tail])


def _workbook_bomb() -> bytes:
    names = _repeat(
        "<definedNames>", b'<definedName name="x">A1</definedName>', 2_000_000, "</definedNames>"
    )
    body = b"".join(names()).decode()
    return xlsx(workbook=workbook_xml(extra=body))


def _laughs_in_sheet() -> bytes:
    return xlsx([sheet_xml(HEADER_ROW + ROWS.replace("высокий", "&lol9;"), prolog=LAUGHS)])


def _laughs_in_shared() -> bytes:
    strings = f'<?xml version="1.0"?>{LAUGHS}<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'
    rows = HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return xlsx([sheet_xml(rows)], shared=strings)


def _laughs_in_workbook() -> bytes:
    return xlsx(workbook=workbook_xml(prolog=LAUGHS).replace('name="Лист1"', 'name="&lol9;"'))


def xxe_file(target: str) -> bytes:
    """A workbook whose sheet declares an external entity naming ``target`` and uses it."""
    prolog = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{target}">]>'
    return xlsx([sheet_xml(HEADER_ROW + ROWS.replace("высокий", "&xxe;"), prolog=prolog)])


def _sheets_3000() -> bytes:
    return xlsx([sheet_xml()] * 3000)


def _huge_part(open_tag: str, body: bytes, times: int, close_tag: str) -> bytes:
    """A workbook whose one sheet holds ``body`` repeated inside a cell."""
    head = (
        f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'
        f'<row r="2"><c r="A2" t="inlineStr"><is>{open_tag}'
    )
    tail = f"{close_tag}</is></c></row></sheetData></worksheet>"
    return _one_big_sheet(_repeat(head, body, times, tail))


def _huge_sheet() -> bytes:
    row = b'<row><c t="inlineStr"><is><t>Temirtau</t></is></c><c><v>1</v></c></row>'
    head = f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'
    return _one_big_sheet(_repeat(head, row, 1_100_000_000 // len(row), "</sheetData></worksheet>"))


def _one_big_sheet(chunks: Callable[[], Iterable[bytes]]) -> bytes:
    buffer = io.BytesIO(xlsx(sheets=[sheet_xml()]))
    # Replace the sheet: rebuild the archive with the big part streamed in its place.
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info.filename, source.read(info))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for chunk in chunks():
                part.write(chunk)
    return out.getvalue()


def _csv_10mb_cell() -> bytes:
    head = "Город;Уровень\nТемиртау;".encode()
    tail = "\nАксу;низкий\n".encode()
    words = b"word " * ((9_900_000 - len(head) - len(tail)) // 5)
    return head + words + tail


def _csv_million_rows() -> bytes:
    return b"town;value\n" + b"a;1\n" * 1_000_000


def _csv_open_quote() -> bytes:
    head = 'Город;Уровень\nАксу;низкий\nТемиртау;"высокий'.encode()
    lines = ("Рудный;средний\n" * 250_000).encode()  # about 6 MB swallowed by the quote
    return head + b"\n" + lines


def _formula_town() -> bytes:
    return (
        'Город;Уровень\n"=HYPERLINK(""http://evil.example/"",""temirtau"")";высокий\nАксу;низкий\n'
    ).encode()


FILES = (
    HostileFile("row_number", "rows.xlsx", "a sheet with a value in row 20 000 000",
                _row_number_bomb, "sheet_too_long"),
    HostileFile("shared_strings", "strings.xlsx", "3 million shared strings, 3 of them used",
                _shared_strings_bomb, None, "Temirtau high"),
    HostileFile("comment_part", "comment.xlsx", "a 25 MB comments part",
                _comment_bomb, "xlsx_part_ratio"),
    HostileFile("comment_in_sheet", "comment_sheet.xlsx", "a 40 MB XML comment inside the sheet",
                _comment_in_sheet, None, "Temirtau high, Aksu low"),
    HostileFile("workbook", "workbook.xlsx", "a workbook part of 2 million defined names",
                _workbook_bomb, "xlsx_part_ratio"),
    HostileFile("laughs_sheet", "laughs1.xlsx", "billion laughs in the sheet",
                _laughs_in_sheet, "xml_dtd"),
    HostileFile("laughs_shared", "laughs2.xlsx", "billion laughs in the shared strings",
                _laughs_in_shared, "xml_dtd"),
    HostileFile("laughs_workbook", "laughs3.xlsx", "billion laughs in the workbook",
                _laughs_in_workbook, "xml_dtd"),
    HostileFile("xxe_file", "xxe1.xlsx", "an external entity naming /etc/passwd",
                lambda: xxe_file("file:///etc/passwd"), "xml_dtd"),
    HostileFile("xxe_url", "xxe2.xlsx", "an external entity naming an address",
                lambda: xxe_file(XXE_URL), "xml_dtd"),
    HostileFile("sheets_3000", "sheets.xlsx", "3 000 sheets", _sheets_3000, "xlsx_parts"),
    HostileFile("cell_1gb", "cell.xlsx", "one 1.1 GB cell in a small workbook",
                lambda: _huge_part("<t>", b"a", 1_100_000_000, "</t>"), "xlsx_part_size"),
    HostileFile("sheet_1gb", "sheet.xlsx", "a 1.1 GB sheet", _huge_sheet, "xlsx_part_size"),
    HostileFile("csv_cell_10mb", "cell.csv", "a CSV with one 9.9 MB cell",
                _csv_10mb_cell, None, "the cell rejected as too long"),
    HostileFile("csv_million_rows", "rows.csv", "a CSV of 1 million short rows",
                _csv_million_rows, "too_many_rows"),
    HostileFile("csv_open_quote", "quote.csv", "a quote left open over 5 MB",
                _csv_open_quote, None, "the quote named; cannot be saved", "quote_left_open"),
    HostileFile("formula_town", "formula.csv", "a formula in the town column",
                _formula_town, None, "the formula refused, Aksu read"),
)  # fmt: skip
BY_KEY = {f.key: f for f in FILES}


@cache
def _made(key: str) -> bytes:
    return BY_KEY[key].make()
