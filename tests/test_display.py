import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon

from geo.display import decode_ring, encode_polygons, encode_ring, encoded_geometries


def test_ring_round_trips_to_1e4_degrees():
    ring = np.array(
        [[46.49322, 40.56865], [87.31563, 55.44217], [67.0, 48.2], [46.49322, 40.56865]]
    )
    decoded = np.array(decode_ring(encode_ring(ring)))
    assert np.abs(decoded - ring).max() <= 0.5e-4 + 1e-12


def test_negative_and_large_steps():
    ring = np.array([[0, 0], [-179.9999, 89.5], [179.9999, -89.5], [0, 0]])
    assert np.allclose(decode_ring(encode_ring(ring)), ring, atol=1e-4)


def test_polygon_with_hole_and_multipart(atlas):
    outer = Polygon(
        [(70, 50), (71, 50), (71, 51), (70, 51)], [[(70.2, 50.2), (70.4, 50.2), (70.4, 50.4)]]
    )
    multi = MultiPolygon([outer, Polygon([(72, 50), (73, 50), (73, 51)])])
    enc = encode_polygons(multi)
    assert [len(p) for p in enc] == [2, 1]
    rebuilt = MultiPolygon(
        [Polygon(decode_ring(p[0]), [decode_ring(r) for r in p[1:]]) for p in enc]
    )
    assert rebuilt.symmetric_difference(multi).area < 1e-6


def test_real_units_are_several_times_smaller_than_geojson(atlas):
    units = atlas.units["2012"]
    enc = encoded_geometries(units)
    assert set(enc) == set(units["unit_id"])
    encoded = sum(len(r) for polys in enc.values() for p in polys for r in p)
    plain = len(units.to_json())
    assert encoded < plain / 3
    karaganda = units.set_index("unit_id").geometry["KZ-35"]
    rebuilt = shapely.MultiPolygon(
        [shapely.Polygon(decode_ring(p[0]), [decode_ring(r) for r in p[1:]]) for p in enc["KZ-35"]]
    )
    assert rebuilt.symmetric_difference(karaganda).area / karaganda.area < 1e-4


def test_wrong_crs_is_refused(atlas):
    with pytest.raises(ValueError, match="EPSG:4326"):
        encoded_geometries(atlas.units["2012"].to_crs(3857))
