"""Shared fixtures: tiny hand-built geometry for logic, the real atlas for facts."""

from __future__ import annotations

import os
import tempfile

# Datasets saved by the app or the command line during tests go to a throwaway SQLite
# file, never to the user's data folder (a test that needs another store sets its own URL).
if not os.environ.get("MONOQALA_DATABASE_URL"):
    os.environ["MONOQALA_DATA_DIR"] = tempfile.mkdtemp(prefix="monoqala-test-data-")

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

TOWN_ROW = {
    "town_id": "t1",
    "geonames_id": "1",
    "name_en": "One",
    "name_ru": "Один",
    "name_kk": "Бір",
    "name_variants": "",
    "lat": "50.0",
    "lon": "70.0",
    "oblast_2012": "A",
    "oblast_now": "A",
    "pop_2023_city": "1000",
    "pop_2023_admin": "",
    "sector": "coal",
    "district_centre_2012": "yes",
    "status_2025": "listed",
    "tier_2012": "not_published",
    "criterion": "not_published",
}


@pytest.fixture
def town_rows() -> list[dict[str, str]]:
    """Five valid town rows as text, as read from a CSV."""
    rows = []
    for i, (lat, lon, unit) in enumerate(
        [
            (50.5, 70.5, "A"),
            (50.2, 70.2, "A"),
            (50.8, 70.9, "A"),
            (50.5, 71.5, "B"),
            (50.5, 71.2, "B"),
        ],
        start=1,
    ):
        rows.append(
            {
                **TOWN_ROW,
                "town_id": f"t{i}",
                "geonames_id": str(i),
                "lat": str(lat),
                "lon": str(lon),
                "oblast_2012": unit,
                "pop_2023_city": str(1000 * i),
            }
        )
    return rows


@pytest.fixture
def two_squares() -> gpd.GeoDataFrame:
    """Units A (70..71 E) and B (71..72 E) and an empty unit C (72..73 E), 50..51 N."""
    return gpd.GeoDataFrame(
        {"unit_id": ["A", "B", "C"], "name_en": ["A", "B", "C"]},
        geometry=[box(70, 50, 71, 51), box(71, 50, 72, 51), box(72, 50, 73, 51)],
        crs="EPSG:4326",
    )


@pytest.fixture
def five_towns(town_rows) -> gpd.GeoDataFrame:
    from geo.io import validate_towns

    return validate_towns(pd.DataFrame(town_rows))


@pytest.fixture(scope="session")
def atlas():
    """The real atlas, loaded once."""
    from geo.atlas import load_atlas

    return load_atlas()


def point(lon: float, lat: float) -> Point:
    return Point(lon, lat)
