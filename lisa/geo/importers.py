"""Read area records out of GeoJSON files."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lisa.lib.geometry import GeometryError, check_crs


@dataclass(frozen=True)
class AreaRecord:
    code: str
    name_fr: str
    name_nl: str
    name_en: str
    geometry: dict[str, Any]
    parent_code: str | None = None


def read_features(path: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Return (properties, geometry) pairs from a FeatureCollection, a Feature or a geometry."""
    try:
        with path.open(encoding="utf-8") as file:
            data = json.load(file)
    except FileNotFoundError as error:
        raise GeometryError(f"{path}: no such file") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise GeometryError(f"{path}: not a GeoJSON file ({error})") from error
    if not isinstance(data, dict):
        raise GeometryError(f"{path}: not a GeoJSON object")
    check_crs(data)
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features") or []
        return [(f.get("properties") or {}, f.get("geometry") or {}) for f in features]
    if kind == "Feature":
        return [(data.get("properties") or {}, data.get("geometry") or {})]
    return [({}, data)]


def field_value(properties: dict[str, Any], field: str | None, *, number: int) -> str:
    """Return a property as text; whole numbers stored as floats (36.0) lose the '.0'."""
    if not field:
        return ""
    if field not in properties:
        raise GeometryError(
            f"feature {number}: no property {field!r} (it has: {', '.join(sorted(properties))})"
        )
    value = properties[field]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def records_from_features(
    features: list[tuple[dict[str, Any], dict[str, Any]]],
    *,
    code_field: str | None,
    name_fr_field: str | None,
    name_nl_field: str | None,
    name_en_field: str | None = None,
    parent_field: str | None = None,
    tidy_name: Callable[[str], str] = str,
) -> list[AreaRecord]:
    """Map feature properties to area records, failing on a missing field or code."""
    records = []
    for number, (properties, geometry) in enumerate(features, start=1):
        code = field_value(properties, code_field, number=number)
        if not code:
            raise GeometryError(f"feature {number}: empty code in {code_field!r}")
        name_fr = tidy_name(field_value(properties, name_fr_field, number=number))
        name_nl = tidy_name(field_value(properties, name_nl_field, number=number))
        name_en = tidy_name(field_value(properties, name_en_field, number=number))
        records.append(
            AreaRecord(
                code=code,
                name_fr=name_fr or name_nl,
                name_nl=name_nl or name_fr,
                name_en=name_en or name_fr or name_nl,
                geometry=geometry,
                parent_code=field_value(properties, parent_field, number=number) or None,
            )
        )
    return records
