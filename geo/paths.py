"""Where the atlas's files live. The only module that knows the layout of ``data/``."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BOUNDARIES = DATA / "boundaries"

TOWNS = DATA / "towns.csv"
SECTORS = DATA / "sectors.csv"
SOURCES = DATA / "sources.csv"
PROGRAMME = DATA / "programme.csv"
UNIT_POPULATION = DATA / "unit_population_2023.csv"
UNITS = BOUNDARIES / "units.csv"
LINEAGE = BOUNDARIES / "lineage.csv"
MANIFEST = BOUNDARIES / "manifest.json"


def boundary_file(vintage: str) -> Path:
    """Path of the boundary GeoJSON of one vintage (``"2012"``, ``"2018"``, ``"2022"``)."""
    return BOUNDARIES / f"kz_adm1_{vintage}.geojson"
