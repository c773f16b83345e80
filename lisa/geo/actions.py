"""Writes to the geography: every import goes through `areas_import`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from lisa.geo.importers import AreaRecord
from lisa.geo.locator import invalidate_locator
from lisa.geo.models import Area, AreaKind
from lisa.lib.geometry import GeometryError, parse_area_geometry, representative_point


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def areas_import(
    *,
    kind: str,
    records: list[AreaRecord],
    source: str = "",
    parent_kind: str | None = None,
) -> ImportResult:
    """Create or update areas of one kind, matched by code; all or nothing.

    Every geometry is validated before anything is written, and every problem
    is reported at once, so a bad file leaves the database as it was.
    """
    if kind not in AreaKind.values:
        raise GeometryError(f"unknown area kind {kind!r}; use one of {', '.join(AreaKind.values)}")
    problems = []
    seen: set[str] = set()
    parsed = []
    for number, record in enumerate(records, start=1):
        if record.code in seen:
            problems.append(f"feature {number} ({record.code}): duplicate code")
        seen.add(record.code)
        try:
            geometry = parse_area_geometry(record.geometry)
        except GeometryError as error:
            problems.append(f"feature {number} ({record.code}): {error}")
            continue
        parsed.append((record, geometry))
    parents = {}
    if parent_kind:
        parents = {a.code: a for a in Area.objects.filter(kind=parent_kind).only("id", "code")}
        for record, _geometry in parsed:
            if record.parent_code and record.parent_code not in parents:
                problems.append(f"{record.code}: no {parent_kind} with code {record.parent_code!r}")
    if problems:
        raise GeometryError("; ".join(problems))

    created = updated = 0
    with transaction.atomic():
        for record, geometry in parsed:
            lon, lat = representative_point(geometry)
            _area, was_created = Area.objects.update_or_create(
                kind=kind,
                code=record.code,
                defaults={
                    "name_fr": record.name_fr,
                    "name_nl": record.name_nl,
                    "name_en": record.name_en,
                    "geometry": record.geometry,
                    "label_lat": lat,
                    "label_lon": lon,
                    "parent": parents.get(record.parent_code or ""),
                    "source": source[:200],
                },
            )
            created += was_created
            updated += not was_created
        transaction.on_commit(invalidate_locator)
    return ImportResult(created=created, updated=updated)
