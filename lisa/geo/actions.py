"""Writes to the geography: every import goes through `areas_import`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from lisa.geo.importers import AreaRecord
from lisa.geo.locator import invalidate_locator
from lisa.geo.models import Area, AreaKind
from lisa.lib.geometry import (
    GeometryError,
    outline_geojson,
    parse_area_geometry,
    representative_point,
)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int = 0


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

    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {
            area.code: area
            for area in Area.objects.filter(kind=kind, code__in=[r.code for r in records])
        }
        for record, geometry in parsed:
            parent = parents.get(record.parent_code or "")
            fields: dict[str, Any] = {
                "name_fr": record.name_fr,
                "name_nl": record.name_nl,
                "name_en": record.name_en,
                "parent_id": parent.id if parent is not None else None,
                "source": source[:200],
            }
            area = existing.get(record.code)
            if area is None or area.geometry != record.geometry or not area.outline:
                lon, lat = representative_point(geometry)
                fields |= {
                    "geometry": record.geometry,
                    "outline": outline_geojson(geometry),
                    "label_lat": lat,
                    "label_lon": lon,
                }
            if area is None:
                Area.objects.create(kind=kind, code=record.code, **fields)
                created += 1
            elif any(getattr(area, name) != value for name, value in fields.items()):
                # Only a real change is written: updated_at is the locator's stamp,
                # and every process rebuilds what changed when it moves.
                for name, value in fields.items():
                    setattr(area, name, value)
                area.save()
                updated += 1
            else:
                unchanged += 1
        if created or updated:
            transaction.on_commit(invalidate_locator)
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
