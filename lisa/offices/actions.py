"""Writes to offices."""

from __future__ import annotations

import json
from collections.abc import Iterable

import shapely
from django.db import transaction

from lisa.geo.actions import areas_import
from lisa.geo.importers import AreaRecord
from lisa.geo.models import Area, AreaKind
from lisa.lib.geometry import parse_area_geometry
from lisa.offices.models import Office


def office_set_catchment(*, office: Office, neighbourhoods: Iterable[Area]) -> Area | None:
    """Make these neighbourhoods the office's catchment and rebuild its catchment area."""
    neighbourhoods = list(neighbourhoods)
    with transaction.atomic():
        office.neighbourhoods.set(neighbourhoods)
        if not neighbourhoods:
            if office.catchment is not None:
                office.catchment.delete()
            return None
        union = shapely.union_all([parse_area_geometry(n.geometry) for n in neighbourhoods])
        # Slivers between neighbourhoods would leave holes; a tiny buffer closes them.
        union = shapely.make_valid(union.buffer(0.00001).buffer(-0.00001))
        if union.geom_type == "Polygon":
            union = shapely.MultiPolygon([union])
        elif union.geom_type != "MultiPolygon":
            union = shapely.MultiPolygon(
                [g for g in shapely.get_parts(union) if g.geom_type == "Polygon"]
            )
        areas_import(
            kind=AreaKind.OFFICE_CATCHMENT,
            records=[
                AreaRecord(
                    code=office.code,
                    name_fr=office.name_fr,
                    name_nl=office.name_nl,
                    name_en=office.name_en or office.name_fr,
                    geometry=json.loads(shapely.to_geojson(union, indent=None)),
                    parent_code=office.municipality.code,
                )
            ],
            source="catchment neighbourhoods",
            parent_kind=AreaKind.MUNICIPALITY,
        )
        catchment = Area.objects.get(kind=AreaKind.OFFICE_CATCHMENT, code=office.code)
        if office.catchment_id != catchment.id:
            office.catchment = catchment
            office.save(update_fields=["catchment", "updated_at"])
    return catchment
