"""A copy of the atlas's data with hostile text in every field a reader sees.

Used by the hostile-text tests (in this process through :func:`tests.datacopy.use_data`,
and by a real server through ``$MONOQALA_ATLAS_DATA``).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.datacopy import copy_data, edit_csv_cell, reseal

IMG = '<img src=x onerror=alert("img")>'
SCRIPT = '"><script>alert("script")</script>'
MARKDOWN = "**bold** [link](javascript:alert(1)) _x_"
FORMULA = '=HYPERLINK("http://evil.example/","click")'
RTL = "Aksu\u202egnp.exe"
LONG = "Кентау" + "Ж" * 10_000
JS_URL = "javascript:alert(document.domain)"

# (town row as in towns.csv, 1-based; the town's id; column; text)
TOWN_TEXTS = (
    ("temirtau", "name_en", IMG),
    ("temirtau", "name_ru", IMG),
    ("temirtau", "name_kk", IMG),
    ("saran", "enterprise", SCRIPT),
    ("saran", "name_en", SCRIPT),
    ("rudny", "name_en", MARKDOWN),
    ("ekibastuz", "name_en", FORMULA),
    ("aksu", "name_en", RTL),
    ("kentau", "name_en", LONG),
)


def _row_of(path: Path, town_id: str) -> int:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return next(i for i, r in enumerate(rows) if r and r[0] == town_id)


def hostile_copy(tmp: Path) -> Path:
    """A data folder with hostile texts in towns, units, sectors and sources."""
    folder = copy_data(tmp)
    towns = folder / "towns.csv"
    for town_id, column, text in TOWN_TEXTS:
        edit_csv_cell(towns, _row_of(towns, town_id), column, text)
    sectors = folder / "sectors.csv"
    edit_csv_cell(sectors, _row_of(sectors, "coal"), "label_en", IMG)
    sources = folder / "sources.csv"
    row = _row_of(sources, "BNS23")
    edit_csv_cell(sources, row, "title", SCRIPT)
    edit_csv_cell(sources, row, "url_or_ref", JS_URL)
    header = sources.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    if "url" in header:
        edit_csv_cell(sources, row, "url", JS_URL)
    for vintage in ("2012", "2018", "2022"):
        path = folder / "boundaries" / f"kz_adm1_{vintage}.geojson"
        data = json.loads(path.read_text(encoding="utf-8"))
        for feature in data["features"]:
            if feature["properties"]["unit_id"] == "KZ-35":
                for name in ("name_en", "name_then_en"):
                    feature["properties"][name] = SCRIPT
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    reseal(folder)
    return folder


RAW = ("<img src=x", "<script>alert", 'href="javascript:', "href='javascript:")


def raw_hostile(text: str) -> list[str]:
    """The hostile fragments that appear unescaped in ``text`` (HTML or script)."""
    return [fragment for fragment in RAW if fragment in text]
