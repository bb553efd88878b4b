"""Areas in an equal-area projection: what the running atlas and the boundary build share.

Areas and distances are measured here, never in EPSG:4326 (degrees are not metres).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

# Albers equal-area conic fitted to Kazakhstan (40.5-55.5 N, standard parallels at 1/6 and
# 5/6 of that span): areas are exact and linear scale stays within about 1 %.
EQUAL_AREA_CRS = (
    "+proj=aea +lat_0=48 +lon_0=67 +lat_1=43 +lat_2=53 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
)


def to_equal_area(geoms: gpd.GeoSeries, crs: str = EQUAL_AREA_CRS) -> gpd.GeoSeries:
    """Project geometries into the equal-area CRS, where areas and distances are metres."""
    return geoms.to_crs(crs)


def area_km2(geoms: gpd.GeoSeries, crs: str = EQUAL_AREA_CRS) -> pd.Series:
    """Return the area of each geometry in km², measured in the equal-area ``crs``."""
    return to_equal_area(geoms, crs).area / 1e6
