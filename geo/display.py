"""Compact display geometry: polygons as delta-encoded rings (the polyline algorithm).

A unit's outline is sent to the browser on every view change; encoded rings are about a
fifth of the size of GeoJSON coordinate text, and the decoder is a dozen lines of JS.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

# 1e-4 degrees is about 10 m: far below a pixel at the atlas's largest zoom.
PRECISION = 10_000


def _encode_ints(values: np.ndarray) -> str:
    """Polyline-encode a sequence of signed integers (already deltas)."""
    out = []
    for v in values.tolist():
        v = ~(v << 1) if v < 0 else v << 1
        while v >= 0x20:
            out.append(chr((0x20 | (v & 0x1F)) + 63))
            v >>= 5
        out.append(chr(v + 63))
    return "".join(out)


def encode_ring(coords: np.ndarray, precision: int = PRECISION) -> str:
    """One ring (n × 2 lon/lat) as a string; interleaved lon/lat deltas of rounded ints."""
    ints = np.round(np.asarray(coords)[:, :2] * precision).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return _encode_ints(deltas.reshape(-1))


def encode_polygons(geom, precision: int = PRECISION) -> list[list[str]]:
    """A (Multi)Polygon as a list of polygons, each a list of encoded rings (exterior first)."""
    parts = shapely.get_parts(geom)
    polygons = []
    for poly in parts:
        rings = [poly.exterior, *poly.interiors]
        polygons.append([encode_ring(shapely.get_coordinates(r), precision) for r in rings])
    return polygons


def encoded_geometries(units: gpd.GeoDataFrame) -> dict[str, list[list[str]]]:
    """Encoded outline of every unit, by ``unit_id`` (EPSG:4326 expected)."""
    if units.crs is None or units.crs.to_epsg() != 4326:
        raise ValueError(f"display geometry needs EPSG:4326, not {units.crs}")
    return {
        uid: encode_polygons(geom)
        for uid, geom in zip(units["unit_id"], units.geometry, strict=True)
    }


def decode_ring(text: str, precision: int = PRECISION) -> list[tuple[float, float]]:
    """Inverse of :func:`encode_ring` (the browser does the same in JavaScript)."""
    values, shift, result = [], 0, 0
    for ch in text:
        b = ord(ch) - 63
        result |= (b & 0x1F) << shift
        shift += 5
        if b < 0x20:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift, result = 0, 0
    ints = np.cumsum(np.array(values, dtype=np.int64).reshape(-1, 2), axis=0)
    return [(x / precision, y / precision) for x, y in ints.tolist()]
