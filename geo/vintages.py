"""Boundary vintages, declared once: the build script makes their files from these entries,
the runtime reads them, and both check them against ``data/boundaries/manifest.json``.

A vintage's name in the reader's language is the catalogue's ``vintage_<key>``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vintage:
    """One layout of Kazakhstan's first-level units, built by dissolving today's units.

    ``lineage_column`` names the column of ``lineage.csv`` that gives, for each of today's
    units, the unit it belonged to in this layout, so figures for today's units can be
    added up to older ones.
    """

    key: str
    lineage_column: str
    n_units: int
    valid_from: str | None
    valid_until: str | None
    description: str
    dissolved: str

    @property
    def file_name(self) -> str:
        return f"kz_adm1_{self.key}.geojson"

    @property
    def unit_caveats(self) -> tuple[str, ...]:
        """Caveat codes (``data/caveats.csv``) every unit of this layout carries: a layout
        made by merging today's units sums today's populations and keeps today's cities."""
        return ("units_derived_layout",) if self.dissolved else ()


VINTAGES: dict[str, Vintage] = {
    v.key: v
    for v in (
        Vintage(
            key="2012",
            lineage_column="unit_2012",
            n_units=16,
            valid_from=None,
            valid_until="2018-06-19",
            description=(
                "Layout in force when the 2012 list of single-industry towns was adopted: "
                "14 oblasts (including South Kazakhstan, KZ-YUZ) and the cities of republican "
                "significance Astana and Almaty."
            ),
            dissolved=(
                "Abai into East Kazakhstan, Ulytau into Karaganda, Zhetisu into Almaty Region, "
                "Turkistan and Shymkent into South Kazakhstan (KZ-YUZ)"
            ),
        ),
        Vintage(
            key="2018",
            lineage_column="unit_2018",
            n_units=17,
            valid_from="2018-06-19",
            valid_until="2022-06-08",
            description=(
                "South Kazakhstan Region renamed Turkistan Region (centre moved to Turkistan) "
                "and Shymkent split off as a third city of republican significance: "
                "14 oblasts + Astana, Almaty, Shymkent."
            ),
            dissolved=(
                "Abai into East Kazakhstan, Ulytau into Karaganda, Zhetisu into Almaty Region"
            ),
        ),
        Vintage(
            key="2022",
            lineage_column="unit_2022",
            n_units=20,
            valid_from="2022-06-08",
            valid_until=None,
            description=(
                "Abai (from East Kazakhstan), Zhetisu (from Almaty Region) and Ulytau (from "
                "Karaganda) added: 17 oblasts + Astana, Almaty, Shymkent."
            ),
            dissolved="",
        ),
    )
}
DEFAULT_VINTAGE = "2012"


def get_vintage(key: str) -> Vintage:
    """Return the vintage registered under ``key``; an unknown key lists the valid ones."""
    try:
        return VINTAGES[str(key)]
    except KeyError:
        raise KeyError(f"unknown vintage {key!r}; valid: {', '.join(VINTAGES)}") from None


def manifest_problems(manifest: dict) -> list[str]:
    """Where the manifest disagrees with the declared vintages (empty when it agrees)."""
    files = {f.get("vintage"): f for f in manifest.get("files", [])}
    problems = []
    for v in VINTAGES.values():
        entry = files.get(v.key)
        if entry is None:
            problems.append(f"vintage {v.key} has no entry")
            continue
        expected = {
            "file": v.file_name,
            "row_count": v.n_units,
            "valid_from": v.valid_from,
            "valid_until": v.valid_until,
            "description": v.description,
        }
        for field_name, value in expected.items():
            if entry.get(field_name) != value:
                problems.append(
                    f"vintage {v.key}: {field_name} is {entry.get(field_name)!r}, "
                    f"declared {value!r}"
                )
    extra = sorted(set(files) - set(VINTAGES), key=str)
    if extra:
        problems.append(f"entries for undeclared vintages: {', '.join(map(str, extra))}")
    return problems
