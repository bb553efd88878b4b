"""Read the atlas's data files, validating on read.

Every reader returns a fresh frame and raises :class:`geo.errors.DataError` naming the
file, row and column of the first problem, so a malformed file never half-loads.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import paths
from geo.errors import DataError
from geo.vintages import VINTAGES, get_vintage, manifest_problems

# Kazakhstan's extent with a small margin; a town outside it is a typo in lat/lon.
KZ_BOUNDS = {"lat": (40.5, 55.5), "lon": (46.4, 87.4)}

TOWN_TEXT_COLUMNS = (
    "town_id",
    "name_en",
    "name_ru",
    "name_kk",
    "oblast_2012",
    "oblast_now",
    "sector",
    "district_centre_2012",
    "status_2025",
    "tier_2012",
    "criterion",
)
TOWN_INT_COLUMNS = ("geonames_id",)
TOWN_OPTIONAL_INT_COLUMNS = ("pop_2023_city", "pop_2023_admin")
TOWN_FLOAT_COLUMNS = ("lat", "lon")
TOWN_CHOICES = {
    "district_centre_2012": {"yes", "no"},
    "status_2025": {"listed", "left", "unconfirmed"},
}
TOWN_COLUMNS = TOWN_TEXT_COLUMNS + TOWN_INT_COLUMNS + TOWN_OPTIONAL_INT_COLUMNS + TOWN_FLOAT_COLUMNS
UNIT_COLUMNS = ("unit_id", "name_kk", "name_ru", "name_en", "unit_type", "area_km2")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def plain_strings(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with pandas' Arrow-backed ``str`` columns as plain Python strings.

    The tables are tiny and selected, sorted and joined on every new view, where Arrow's
    per-column ``take`` costs about twice as much as plain objects.
    """
    text = [c for c in df.columns if isinstance(df[c].dtype, pd.StringDtype)]
    return df.astype(dict.fromkeys(text, object)) if text else df


def read_csv_text(path: Path | str) -> pd.DataFrame:
    """Read a UTF-8 CSV as text columns, with a clear message on a broken encoding.

    Empty cells stay empty strings: in these files an empty cell means *unknown*, and
    pandas' default would turn some words (``NA``, ``null``) into missing values.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(path.name, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n")
        raise DataError(
            path.name,
            f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8",
            row=line,
        ) from None
    _check_csv_shape(text, path.name)
    try:
        # Plain Python strings (see plain_strings).
        return pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(path.name, f"is not a readable CSV ({exc})") from None


def _check_csv_shape(text: str, file: str) -> None:
    """Name the two mistakes a spreadsheet makes when saving these files: another
    separator, and a quote left open (which swallows the rest of the file into one cell)."""
    header = text.split("\n", 1)[0]
    if header.count(",") == 0 and header.count(";") > 0:
        raise DataError(file, "uses ';' between columns; save it comma-separated (CSV)", row=0)
    if header.count(",") == 0 and header.count("\t") > 0:
        raise DataError(file, "uses tabs between columns; save it comma-separated (CSV)", row=0)
    open_at = _unclosed_quote_line(text)
    if open_at is not None:
        raise DataError(file, 'a quote (") opens here and is never closed', row=open_at)


def _unclosed_quote_line(text: str) -> int | None:
    """The line (0 = header) where a quoted field opens and never closes, else None.

    Only a quote at the start of a field opens one; inside it, a doubled quote is a quote,
    and a closing quote must end the field.
    """
    in_quotes, field_start, line, opened = False, True, 0, None
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if in_quotes:
            if c == '"':
                if text[i + 1 : i + 2] == '"':
                    i += 2
                    continue
                if text[i + 1 : i + 2] not in ("", ",", "\n", "\r"):
                    # Text after the closing quote: the quote meant to close this field
                    # was missing, and a later field's quote closed it instead.
                    return opened
                in_quotes = False
            elif c == "\n":
                line += 1
        elif c == '"' and field_start:
            in_quotes, opened = True, line
        elif c in ",\n":
            line += c == "\n"
            field_start = True
            i += 1
            continue
        if c != "\r":
            field_start = False
        i += 1
    return opened if in_quotes else None


def _require_columns(df: pd.DataFrame, columns, file: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(file, f"missing column(s): {', '.join(missing)}")


def _to_number(df: pd.DataFrame, column: str, file: str, kind: type, optional: bool):
    out = []
    for i, cell in enumerate(df[column], start=1):
        cell = cell.strip()
        if cell == "" and optional:
            out.append(None)
            continue
        try:
            value = kind(cell)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise DataError(file, f"{cell!r} is not {what}", row=i, column=column) from None
        if kind is float and value != value:  # NaN typed in as text
            raise DataError(file, "NaN is not a coordinate", row=i, column=column)
        out.append(value)
    dtype = "Int64" if kind is int else "float64"
    return pd.array(out, dtype=dtype)


def _check_unique(df: pd.DataFrame, column: str, file: str) -> None:
    dup = df[column].duplicated(keep="first")
    if dup.any():
        row = int(dup.to_numpy().argmax()) + 1
        value = df[column].iloc[row - 1]
        value = value.item() if hasattr(value, "item") else value  # 1537939, not np.int64(...)
        raise DataError(file, f"duplicate id {value!r}", row=row, column=column)


def validate_towns(df: pd.DataFrame, file: str = "towns.csv") -> gpd.GeoDataFrame:
    """Validate a towns table read as text and return it as a point GeoDataFrame (EPSG:4326)."""
    _require_columns(df, TOWN_COLUMNS, file)
    if df.empty:
        raise DataError(file, "has no towns")
    out = df.copy()
    for col in TOWN_TEXT_COLUMNS:
        out[col] = out[col].str.strip()
        blank = out[col] == ""
        if blank.any():
            row = int(blank.to_numpy().argmax()) + 1
            raise DataError(file, "is empty (write not_published if unknown)", row, col)
    for i, slug in enumerate(out["town_id"], start=1):
        if not _SLUG.match(slug):
            raise DataError(file, f"{slug!r} is not a lowercase id", row=i, column="town_id")
    for col, allowed in TOWN_CHOICES.items():
        bad = ~out[col].isin(allowed)
        if bad.any():
            row = int(bad.to_numpy().argmax()) + 1
            raise DataError(
                file,
                f"{out[col].iloc[row - 1]!r} is not one of {', '.join(sorted(allowed))}",
                row,
                col,
            )
    for col in TOWN_INT_COLUMNS:
        out[col] = _to_number(out, col, file, int, optional=False)
    for col in TOWN_OPTIONAL_INT_COLUMNS:
        out[col] = _to_number(out, col, file, int, optional=True)
        negative = out[col].fillna(0) < 0
        if negative.any():
            row = int(negative.to_numpy().argmax()) + 1
            raise DataError(file, "a population cannot be negative", row, col)
    for col in TOWN_FLOAT_COLUMNS:
        out[col] = _to_number(out, col, file, float, optional=False)
        lo, hi = KZ_BOUNDS[col]
        outside = (out[col] < lo) | (out[col] > hi)
        if outside.any():
            row = int(outside.to_numpy().argmax()) + 1
            raise DataError(
                file,
                f"{out[col].iloc[row - 1]} is outside Kazakhstan ({col} {lo}..{hi})",
                row,
                col,
            )
    _check_unique(out, "town_id", file)
    _check_unique(out, "geonames_id", file)
    geometry = gpd.points_from_xy(out["lon"], out["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(out, geometry=geometry).reset_index(drop=True)


def read_towns(path: Path | str | None = None) -> gpd.GeoDataFrame:
    """Read and validate the towns file (by default ``data/towns.csv``)."""
    path = Path(path or paths.TOWNS)
    return validate_towns(read_csv_text(path), file=path.name)


def read_boundaries(vintage: str, manifest: dict | None = None) -> gpd.GeoDataFrame:
    """Read one vintage's units (EPSG:4326), checking columns, ids, CRS and unit count.

    With the ``manifest`` the file's bytes are checked against its recorded checksum too,
    so a truncated or edited file is named instead of half-drawn.
    """
    v = get_vintage(vintage)
    path = paths.boundary_file(v.key)
    if manifest is not None:
        entry = {f.get("vintage"): f for f in manifest.get("files", [])}.get(v.key, {})
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise DataError(path.name, f"cannot be read ({exc.strerror or exc})") from None
        if digest != entry.get("sha256"):
            raise DataError(
                path.name,
                "differs from the checksum in manifest.json (damaged or edited by hand); "
                "rebuild it with python -m scripts.build_boundaries",
            )
    try:
        gdf = plain_strings(gpd.read_file(path))
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise DataError(path.name, f"cannot be read as GeoJSON ({exc})") from None
    _require_columns(gdf, UNIT_COLUMNS, path.name)
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise DataError(path.name, f"CRS must be EPSG:4326, not {gdf.crs}")
    _check_unique(gdf, "unit_id", path.name)
    if len(gdf) != v.n_units:
        raise DataError(path.name, f"has {len(gdf)} units, the {v.key} layout has {v.n_units}")
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        row = int(invalid.to_numpy().argmax()) + 1
        raise DataError(path.name, "invalid polygon", row=row, column="geometry")
    return gdf.sort_values("unit_id").reset_index(drop=True)


def read_lineage() -> pd.DataFrame:
    """Read the table mapping today's units onto the 2018 and 2012 units."""
    df = read_csv_text(paths.LINEAGE)
    _require_columns(df, ("unit_2022", "unit_2018", "unit_2012"), paths.LINEAGE.name)
    _check_unique(df, "unit_2022", paths.LINEAGE.name)
    return df


def read_unit_population() -> pd.DataFrame:
    """Read the 2023 population of today's units (all and urban), with source and year."""
    file = paths.UNIT_POPULATION.name
    df = read_csv_text(paths.UNIT_POPULATION)
    _require_columns(df, ("unit_id", "pop_total", "pop_urban", "year", "source"), file)
    _check_unique(df, "unit_id", file)
    for col in ("pop_total", "pop_urban"):
        df[col] = _to_number(df, col, file, int, optional=True)
    return df


def read_table(path: Path, key: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """Read a small registry table (sectors, sources) with a unique key column."""
    df = read_csv_text(path)
    _require_columns(df, (key,) + columns, path.name)
    _check_unique(df, key, path.name)
    return df


HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def read_sectors(path: Path | None = None) -> pd.DataFrame:
    """Read the sector registry: labels in three languages and a colour per sector.

    Colours go into map styles and legend markup, so only ``#rrggbb`` is accepted.
    """
    path = path or paths.SECTORS
    df = read_table(path, "sector", ("label_en", "label_ru", "label_kk", "color"))
    for i, value in enumerate(df["color"], start=1):
        if not HEX_COLOUR.fullmatch(value.strip()):
            raise DataError(path.name, f"colour {value!r} is not #rrggbb", row=i, column="color")
    df["color"] = df["color"].str.strip()
    return df


def read_sources() -> pd.DataFrame:
    """Read the source table that resolves every source key used in ``data/``."""
    return read_table(paths.SOURCES, "key", ("title", "year"))


def check_references(
    towns: pd.DataFrame, sectors: pd.DataFrame, sources: pd.DataFrame, file: str = "towns.csv"
) -> None:
    """Every sector a town names has a colour and labels; every source key it cites resolves.

    A sector missing from the registry would draw grey with no legend entry, and a missing
    source would print an empty citation.
    """
    known_sectors = set(sectors["sector"])
    for i, sector in enumerate(towns["sector"], start=1):
        if sector not in known_sectors:
            raise DataError(
                file, f"sector {sector!r} is not in sectors.csv", row=i, column="sector"
            )
    known_keys = set(sources["key"])
    for column in [c for c in towns.columns if c.endswith("_source")]:
        for i, cell in enumerate(towns[column], start=1):
            for key in str(cell).split(";") if isinstance(cell, str) else ():
                if key.strip() and key.strip() not in known_keys:
                    raise DataError(
                        file,
                        f"source key {key.strip()!r} is not in sources.csv",
                        row=i,
                        column=column,
                    )


def read_programme() -> pd.DataFrame:
    """Read the programme figures of the seeds (tidy: series, key, value, unit, year, source)."""
    file = paths.PROGRAMME.name
    df = read_csv_text(paths.PROGRAMME)
    _require_columns(df, ("series", "key", "value", "unit", "year", "source"), file)
    return df


def read_timeline() -> pd.DataFrame:
    """Read the dated and undated facts of the programme's history (texts in kk, ru, en)."""
    file = paths.TIMELINE.name
    df = read_csv_text(paths.TIMELINE)
    _require_columns(
        df,
        ("event_id", "kind", "date", "date_precision", "date_certainty", "source")
        + tuple(f"event_{lang}" for lang in ("kk", "ru", "en")),
        file,
    )
    _check_unique(df, "event_id", file)
    return df


def read_caveats() -> pd.DataFrame:
    """Read the caveats that data carry (a code per fact; texts in kk, ru, en, a source)."""
    file = paths.CAVEATS.name
    df = read_csv_text(paths.CAVEATS)
    _require_columns(df, ("code", "source", "text_kk", "text_ru", "text_en"), file)
    _check_unique(df, "code", file)
    return df


def check_caveats(towns: pd.DataFrame, caveats: pd.DataFrame, file: str = "towns.csv") -> None:
    """Every caveat code a town carries has its texts in caveats.csv."""
    known = set(caveats["code"])
    if "caveats" not in towns.columns:
        return
    for i, cell in enumerate(towns["caveats"], start=1):
        for code in (c.strip() for c in str(cell).split(";")):
            if code and code not in known:
                raise DataError(
                    file, f"caveat {code!r} is not in caveats.csv", row=i, column="caveats"
                )


def read_manifest() -> dict:
    """Read the boundary manifest and check it against the declared vintages."""
    file = paths.MANIFEST.name
    try:
        manifest = json.loads(paths.MANIFEST.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise DataError(file, f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise DataError(file, f"is not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise DataError(
            file, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        raise DataError(file, "has no list of files")
    problems = manifest_problems(manifest)
    if problems:
        raise DataError(file, "disagrees with the declared vintages: " + "; ".join(problems))
    return manifest


def current_vintage() -> str:
    """The vintage in force today (the one without an end date)."""
    return next(v.key for v in VINTAGES.values() if v.valid_until is None)


def town_unit_columns() -> dict[str, str]:
    """The towns' columns naming a unit, and the vintage whose unit they name."""
    return {"oblast_2012": "2012", "oblast_now": current_vintage()}


def _first_row(values, bad: set) -> int:
    """The 1-based row of the first value in ``bad``."""
    return next(i for i, v in enumerate(values, start=1) if v in bad)


def check_unit_references(
    units: dict[str, gpd.GeoDataFrame], lineage: pd.DataFrame, population: pd.DataFrame
) -> None:
    """The units of every boundary file are the ones ``lineage.csv`` lays out for that
    vintage, and the population table names units of today's file only.

    A unit id edited in a boundary file (with its checksum recomputed) would otherwise get
    no population, no lineage and no name of its time, silently.
    """
    for key, gdf in units.items():
        column = get_vintage(key).lineage_column
        drawn, laid_out = set(gdf["unit_id"]), set(lineage[column])
        unknown = sorted(drawn - laid_out)
        if unknown:
            raise DataError(
                paths.boundary_file(key).name,
                f"unit {unknown[0]!r} is not in {paths.LINEAGE.name} (column {column})",
                column="unit_id",
            )
        missing = laid_out - drawn
        if missing:
            row = _first_row(lineage[column], missing)
            value = lineage[column].iloc[row - 1]
            raise DataError(
                paths.LINEAGE.name,
                f"unit {value!r} is not in {paths.boundary_file(key).name}",
                row=row,
                column=column,
            )
    today = set(units[current_vintage()]["unit_id"])
    stray = set(population["unit_id"]) - today
    if stray:
        row = _first_row(population["unit_id"], stray)
        raise DataError(
            paths.UNIT_POPULATION.name,
            f"unit {population['unit_id'].iloc[row - 1]!r} is not in "
            f"{paths.boundary_file(current_vintage()).name}",
            row=row,
            column="unit_id",
        )


def check_town_units(
    towns: pd.DataFrame,
    units: dict[str, gpd.GeoDataFrame],
    joined: dict[str, gpd.GeoDataFrame],
    file: str = "towns.csv",
) -> None:
    """Every unit a town names (``oblast_2012``, ``oblast_now``) is a unit of its vintage,
    and the one its point lies in: the popup's oblast and the map's must be the same.

    ``joined`` holds the towns (in the order of ``towns``) with the unit their point lies in.
    """
    for column, key in town_unit_columns().items():
        valid = set(units[key]["unit_id"])
        lies_in = joined[key]["unit_id"]
        for i, (named, found) in enumerate(zip(towns[column], lies_in, strict=True), start=1):
            if named not in valid:
                raise DataError(
                    file,
                    f"{named!r} is not a unit of the {key} boundaries "
                    f"({paths.boundary_file(key).name})",
                    row=i,
                    column=column,
                )
            if named != found:
                raise DataError(
                    file,
                    f"the town lies in {found!r} of the {key} boundaries, not in {named!r}: "
                    "check lat/lon or the unit",
                    row=i,
                    column=column,
                )
