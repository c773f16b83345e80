"""Public reference data: categories, areas, offices, events; where a point is and who would
handle a problem there (nothing written)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from lisa.api.errors import ERRORS
from lisa.api.schemas import (
    AreaOut,
    CategoryOut,
    EventOut,
    LocationOut,
    OfficeOut,
    RouteIn,
    RouteOut,
)
from lisa.errors import LisaError
from lisa.events.selectors import public_events
from lisa.geo.locator import check_coordinates, locate
from lisa.geo.models import Area
from lisa.offices.selectors import public_offices
from lisa.reports.models import Category
from lisa.reports.routing import route

router = Router(tags=["reference"])

AreaKindIn = Literal["municipality", "police_zone", "neighbourhood"]


def _area(area: Area | None) -> dict[str, Any] | None:
    if area is None:
        return None
    return {"id": area.pk, "code": area.code, "name_fr": area.name_fr, "name_nl": area.name_nl}


@router.get("/categories", response={200: list[CategoryOut], **ERRORS}, summary="Categories")
def list_categories(request: HttpRequest) -> list[Any]:
    """Return the active categories, with their names in French, Dutch and English."""
    categories = Category.objects.filter(is_active=True).select_related("parent")
    return [
        {
            "id": c.pk,
            "code": c.code,
            "parent": c.parent.code if c.parent else None,
            "name_fr": c.name_fr,
            "name_nl": c.name_nl,
            "name_en": c.name_en,
            "is_private": c.is_private,
            "deadline_days": c.deadline_days,
            "questions": c.questions,
        }
        for c in categories.order_by("position", "code")
    ]


@router.get("/areas", response={200: list[AreaOut], **ERRORS}, summary="Areas")
def list_areas(request: HttpRequest, kind: AreaKindIn = "municipality") -> list[Any]:
    """Return the municipalities, police zones or neighbourhoods, names in French and Dutch."""
    areas = Area.objects.filter(kind=kind).defer("geometry", "outline").order_by("code")
    return [
        {
            "id": a.pk,
            "kind": a.kind,
            "code": a.code,
            "parent_id": a.parent_id,
            "name_fr": a.name_fr,
            "name_nl": a.name_nl,
            "label_lat": a.label_lat,
            "label_lon": a.label_lon,
        }
        for a in areas
    ]


def _located(lat: float, lon: float) -> Any:
    check_coordinates(lat=lat, lon=lon)
    return locate(lat=lat, lon=lon)


@router.get("/locate", response={200: LocationOut, **ERRORS}, summary="Where a point is")
def locate_point(
    request: HttpRequest,
    lat: float = Query(..., ge=-90, le=90),
    lon: float = Query(..., ge=-180, le=180),
) -> dict[str, Any]:
    """Return the municipality, police zone, neighbourhood and office catchment of a point."""
    location = _located(lat, lon)
    return {
        "municipality": _area(location.municipality),
        "police_zone": _area(location.police_zone),
        "neighbourhood": _area(location.neighbourhood),
        "office_catchment": _area(location.office_catchment),
    }


@router.post("/route", response={200: RouteOut, **ERRORS}, summary="Who would handle it")
def route_dry_run(request: HttpRequest, payload: RouteIn) -> dict[str, Any]:
    """Return the organisation a report of this category at this point would go to, and why;
    nothing is written."""
    category = Category.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        raise LisaError("category_not_found", _("There is no such category."), field="category")
    decision = route(
        category=category,
        location=_located(payload.lat, payload.lon),
        attributes=payload.attributes,
    )
    organisation = decision.organisation
    return {
        "organisation": None
        if organisation is None
        else {"id": organisation.pk, "code": organisation.code, "name": organisation.name},
        "step": decision.step,
        "explanation": decision.explanation,
    }


@router.get("/offices", response={200: list[OfficeOut], **ERRORS}, summary="Offices")
def list_offices(request: HttpRequest) -> list[Any]:
    """Return the LISA offices open to the public or being set up, and whether open now."""
    return [
        {
            "code": card.office.code,
            "name_fr": card.office.name_fr,
            "name_nl": card.office.name_nl,
            "status": card.office.status,
            "municipality": _area(card.office.municipality),
            "address_fr": card.office.address_fr,
            "address_nl": card.office.address_nl,
            "lat": card.office.lat,
            "lon": card.office.lon,
            "phone": card.office.phone,
            "email": card.office.email,
            "open_now": card.state.is_open,
        }
        for card in public_offices()
    ]


@router.get("/events", response={200: list[EventOut], **ERRORS}, summary="Events")
def list_events(request: HttpRequest) -> list[Any]:
    """Return the public events that have not ended, soonest first."""
    return [
        {
            "id": e.pk,
            "office": e.office.code,
            "kind": e.kind,
            "title": e.title,
            "description": e.description,
            "place": e.place,
            "starts_at": e.starts_at,
            "ends_at": e.ends_at,
            "cancelled": e.cancelled_at is not None,
        }
        for e in public_events()
    ]
