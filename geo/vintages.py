"""Boundary vintages, declared as data and looked up by key."""

from __future__ import annotations

from dataclasses import dataclass

from geo import paths


@dataclass(frozen=True)
class Vintage:
    """One layout of Kazakhstan's first-level units.

    ``lineage_column`` names the column of ``lineage.csv`` that maps each unit of
    today's layout onto this vintage's unit, so figures for today's units can be
    added up to older ones.
    """

    key: str
    n_units: int
    lineage_column: str
    label: dict[str, str]

    @property
    def path(self):
        return paths.boundary_file(self.key)


VINTAGES: dict[str, Vintage] = {
    v.key: v
    for v in (
        Vintage(
            "2012",
            16,
            "unit_2012",
            {
                "en": "2012 boundaries",
                "ru": "границы 2012 года",
                "kk": "2012 жылғы шекаралар",
            },
        ),
        Vintage(
            "2018",
            17,
            "unit_2018",
            {
                "en": "2018 boundaries",
                "ru": "границы 2018 года",
                "kk": "2018 жылғы шекаралар",
            },
        ),
        Vintage(
            "2022",
            20,
            "unit_2022",
            {
                "en": "2022+ boundaries",
                "ru": "границы с 2022 года",
                "kk": "2022 жылдан бергі шекаралар",
            },
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
