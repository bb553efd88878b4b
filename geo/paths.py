"""Where the atlas's files live. The only module that knows the layout of ``data/``.

The files are found through the package, never through the working folder: an installed
wheel carries them as ``geo/data`` (the project maps ``data/`` there when it builds the
wheel); a checkout has them in ``data/`` beside ``geo/``. ``$MONOQALA_ATLAS_DATA`` points a
deployment (or a test of broken files) at another copy.
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.vintages import get_vintage

ROOT = Path(__file__).resolve().parent.parent
_INSTALLED = Path(__file__).resolve().parent / "data"
DATA_ENV = "MONOQALA_ATLAS_DATA"


def _data_dir() -> Path:
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    if (_INSTALLED / "towns.csv").is_file():
        return _INSTALLED
    return ROOT / "data"


DATA = _data_dir()
BOUNDARIES = DATA / "boundaries"

TOWNS = DATA / "towns.csv"
SECTORS = DATA / "sectors.csv"
SOURCES = DATA / "sources.csv"
PROGRAMME = DATA / "programme.csv"
TIMELINE = DATA / "timeline.csv"
CAVEATS = DATA / "caveats.csv"
UNIT_POPULATION = DATA / "unit_population_2023.csv"
UNITS = BOUNDARIES / "units.csv"
LINEAGE = BOUNDARIES / "lineage.csv"
MANIFEST = BOUNDARIES / "manifest.json"


def boundary_file(vintage: str) -> Path:
    """Path of the boundary GeoJSON of one vintage (``"2012"``, ``"2018"``, ``"2022"``)."""
    return BOUNDARIES / get_vintage(vintage).file_name
