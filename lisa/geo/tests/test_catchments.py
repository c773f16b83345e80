"""A point's office catchment is the one its neighbourhood belongs to, even at the edges."""

import numpy as np
import pytest
import shapely

from lisa.accounts.models import Organisation
from lisa.geo.actions import areas_import
from lisa.geo.importers import AreaRecord
from lisa.geo.locator import OutsideTerritory, get_locator, locate
from lisa.geo.models import Area, AreaKind
from lisa.lib.geometry import parse_area_geometry
from lisa.offices.models import Office
from lisa.testing.factories import OfficeFactory
from lisa.testing.personas import area

pytestmark = pytest.mark.django_db

# Anderlecht: Wayez and Buffon, then Scherdemael and Bon Air, two catchments that
# touch; Moortebeek - Peterbos and Scheut, between them, belong to no office.
# Machtens, across the border in Molenbeek, is a third catchment.
CATCHMENTS = {
    "edge-a": ("21001", ["58", "60"]),
    "edge-b": ("21001", ["57", "56"]),
    "edge-c": ("21012", ["62"]),
}


@pytest.fixture
def neighbouring_offices() -> list[Office]:
    offices = []
    for code, (municipality, neighbourhoods) in CATCHMENTS.items():
        place = area(AreaKind.NEIGHBOURHOOD, neighbourhoods[0])
        offices.append(
            OfficeFactory.create(
                code=code,
                municipality=area(AreaKind.MUNICIPALITY, municipality),
                lat=place.label_lat,
                lon=place.label_lon,
                coordinator=Organisation.objects.get(code="anderlecht-prevention"),
                catchment_codes=neighbourhoods,
            )
        )
    return offices


def points_near_catchment_edges(offices: list[Office], *, seed: int = 5) -> np.ndarray:
    """Return (lon, lat) points every 10 m along the catchments' edges, moved up to 40 m."""
    rng = np.random.default_rng(seed)
    points = []
    for office in offices:
        assert office.catchment is not None
        edge = parse_area_geometry(office.catchment.geometry).boundary
        steps = np.arange(0, edge.length, 0.0001)
        on_edge = shapely.get_coordinates(shapely.line_interpolate_point(edge, steps))
        points.append(on_edge + rng.uniform(-0.0004, 0.0004, size=on_edge.shape))
    return np.concatenate(points)


def catchment_of_each_neighbourhood() -> dict[int, int | None]:
    return {
        neighbourhood.id: office.catchment_id
        for office in Office.objects.filter(catchment__isnull=False)
        for neighbourhood in office.neighbourhoods.all()
    }


def test_office_and_neighbourhood_never_disagree_near_catchment_edges(neighbouring_offices):
    expected = catchment_of_each_neighbourhood()
    points = points_near_catchment_edges(neighbouring_offices)
    assert len(points) > 2000

    disagreements = []
    for lon, lat in points:
        try:
            location = locate(lat=lat, lon=lon)
        except OutsideTerritory:
            continue  # Bon Air ends at the region's edge
        neighbourhood = location.neighbourhood.id if location.neighbourhood else None
        catchment = location.office_catchment.id if location.office_catchment else None
        if catchment != expected.get(neighbourhood):  # type: ignore[arg-type]
            disagreements.append((lat, lon, neighbourhood, catchment))

    assert disagreements == []


def test_locating_many_points_at_once_gives_the_same_catchments(neighbouring_offices):
    points = points_near_catchment_edges(neighbouring_offices, seed=11)
    inside = np.array([get_locator().index.locate(lon, lat) is not None for lon, lat in points])
    points = points[inside]
    one_by_one = [locate(lat=lat, lon=lon) for lon, lat in points]

    at_once = get_locator().locate_many(lats=points[:, 1], lons=points[:, 0])

    assert list(at_once[AreaKind.NEIGHBOURHOOD]) == [
        location.neighbourhood.id if location.neighbourhood else None for location in one_by_one
    ]
    assert list(at_once[AreaKind.OFFICE_CATCHMENT]) == [
        location.office_catchment.id if location.office_catchment else None
        for location in one_by_one
    ]


def test_a_neighbourhood_in_no_catchment_has_no_office(neighbouring_offices):
    moortebeek = area(AreaKind.NEIGHBOURHOOD, "61")

    location = locate(lat=moortebeek.label_lat, lon=moortebeek.label_lon)

    assert location.neighbourhood == moortebeek
    assert location.office_catchment is None


def square(lon: float, lat: float, half: float) -> dict:
    corners = [(lon - half, lat - half), (lon + half, lat - half), (lon + half, lat + half)]
    ring = [*corners, (lon - half, lat + half), (lon - half, lat - half)]
    return {"type": "Polygon", "coordinates": [[list(corner) for corner in ring]]}


def import_catchment(code: str, geometry: dict) -> Area:
    record = AreaRecord(code=code, name_fr=code, name_nl=code, name_en=code, geometry=geometry)
    areas_import(kind=AreaKind.OFFICE_CATCHMENT, records=[record], source="test")
    return Area.objects.get(kind=AreaKind.OFFICE_CATCHMENT, code=code)


def test_a_catchment_imported_without_neighbourhoods_is_found_by_its_outline(
    neighbouring_offices,
):
    moortebeek = area(AreaKind.NEIGHBOURHOOD, "61")
    imported = import_catchment(
        "imported", square(moortebeek.label_lon, moortebeek.label_lat, 0.001)
    )

    inside = locate(lat=moortebeek.label_lat, lon=moortebeek.label_lon)
    beside = locate(lat=moortebeek.label_lat + 0.0015, lon=moortebeek.label_lon)

    assert inside.office_catchment == imported
    assert beside.office_catchment != imported


def test_a_catchment_made_of_neighbourhoods_wins_over_an_imported_one(neighbouring_offices):
    wayez = area(AreaKind.NEIGHBOURHOOD, "58")
    import_catchment("over-wayez", square(wayez.label_lon, wayez.label_lat, 0.001))

    location = locate(lat=wayez.label_lat, lon=wayez.label_lon)

    assert location.office_catchment == neighbouring_offices[0].catchment
