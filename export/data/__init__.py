"""Data downloads of a view: towns and units (CSV), GeoJSON, and metadata (JSON)."""

from export.data.geojson import view_geojson
from export.data.metadata import metadata, metadata_json, source_keys
from export.data.tables import town_table, towns_csv, unit_table, units_csv

__all__ = [
    "metadata",
    "metadata_json",
    "source_keys",
    "town_table",
    "towns_csv",
    "unit_table",
    "units_csv",
    "view_geojson",
]
