import json

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from lisa.lib.geometry import (
    SLIVER_TOLERANCE_DEGREES,
    AreaIndex,
    GeometryError,
    IndexedArea,
    check_crs,
    parse_area_geometry,
)


def square(x: float, y: float, size: float) -> shapely.Polygon:
    return shapely.box(x, y, x + size, y + size)


def acceptable(areas: list[IndexedArea], territory: str, lon: float, lat: float):
    """The answers allowed by definition: for each kind, the first area holding the point,
    else the nearest within the tolerance (any of them, if several are equally near)."""
    point = shapely.Point(lon, lat)
    allowed = {}
    for kind in sorted({a.kind for a in areas} | {territory}):
        of_kind = [a for a in areas if a.kind == kind]
        holding = [a for a in of_kind if a.geometry.intersects(point)]
        if holding:
            allowed[kind] = {holding[0].key}
            continue
        distances = {a.key: a.geometry.distance(point) for a in of_kind}
        near = {k: d for k, d in distances.items() if d <= SLIVER_TOLERANCE_DEGREES}
        nearest = min(near.values(), default=None)
        allowed[kind] = {k for k, d in near.items() if d - nearest < 1e-12} if near else {None}
    return None if allowed[territory] == {None} else allowed


boxes = st.tuples(st.floats(4.20, 4.45), st.floats(50.75, 50.90), st.floats(0.0005, 0.05)).map(
    lambda t: square(*t)
)


@settings(max_examples=60, deadline=None)
@given(
    territory=st.lists(boxes, min_size=1, max_size=6),
    others=st.lists(boxes, min_size=0, max_size=8),
    points=st.lists(
        st.tuples(st.floats(4.18, 4.52), st.floats(50.73, 50.97)), min_size=1, max_size=40
    ),
)
def test_the_grid_gives_the_same_answer_as_looking_at_every_area(territory, others, points):
    areas = [IndexedArea("municipality", f"m{i}", g) for i, g in enumerate(territory)]
    areas += [IndexedArea("neighbourhood", f"n{i}", g) for i, g in enumerate(others)]
    index = AreaIndex(areas, territory_kind="municipality")

    for lon, lat in points:
        allowed = acceptable(areas, "municipality", lon, lat)
        got = index.locate(lon, lat)
        if allowed is None:
            assert got is None, (lon, lat)
            continue
        assert got is not None, (lon, lat)
        for kind, keys in allowed.items():
            assert got[kind] in keys, (kind, lon, lat, got[kind], keys)


def test_single_and_batch_lookups_agree():
    rng = np.random.default_rng(7)
    areas = [
        IndexedArea("municipality", f"m{i}", square(4.25 + 0.02 * i, 50.80, 0.02)) for i in range(5)
    ] + [
        IndexedArea("neighbourhood", f"n{i}", square(4.251 + 0.013 * i, 50.801, 0.011))
        for i in range(7)
    ]
    index = AreaIndex(areas, territory_kind="municipality", exact_kinds={"neighbourhood"})
    lons = rng.uniform(4.24, 4.36, 3000)
    lats = rng.uniform(50.79, 50.83, 3000)

    batch = index.locate_many(lons, lats)

    for i, (lon, lat) in enumerate(zip(lons, lats, strict=True)):
        single = index.locate(lon, lat)
        if single is None:
            assert batch["municipality"][i] is None
        else:
            assert {kind: batch[kind][i] for kind in single} == single


def test_an_exact_kind_gets_no_tolerance_at_its_edge():
    areas = [
        IndexedArea("municipality", "m", square(4.30, 50.80, 0.1)),
        IndexedArea("office_catchment", "c", square(4.30, 50.80, 0.01)),
    ]
    tolerant = AreaIndex(areas, territory_kind="municipality")
    exact = AreaIndex(areas, territory_kind="municipality", exact_kinds={"office_catchment"})
    just_outside = (4.31 + SLIVER_TOLERANCE_DEGREES / 2, 50.805)

    with_tolerance, without = tolerant.locate(*just_outside), exact.locate(*just_outside)
    assert with_tolerance is not None
    assert without is not None
    assert with_tolerance["office_catchment"] == "c"
    assert without["office_catchment"] is None


@pytest.mark.parametrize(
    ("geojson", "message"),
    [
        ({"type": "Point", "coordinates": [4.3, 50.8]}, "expected a Polygon or MultiPolygon"),
        ({"type": "Polygon", "coordinates": []}, "empty"),
        (
            {
                "type": "Polygon",
                "coordinates": [
                    [[150000, 170000], [150100, 170000], [150100, 170100], [150000, 170000]]
                ],
            },
            "projected",
        ),
    ],
)
def test_it_refuses_what_cannot_be_an_area(geojson, message):
    with pytest.raises(GeometryError, match=message):
        parse_area_geometry(json.loads(json.dumps(geojson)))


def test_it_accepts_only_wgs84_declarations():
    check_crs({"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}})
    with pytest.raises(GeometryError, match="EPSG:4326"):
        check_crs({"crs": {"type": "name", "properties": {"name": "EPSG:31370"}}})
