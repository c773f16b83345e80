"""Open311 GeoReport v2 answers in the two formats the specification names: XML and JSON.

The same Python structure is written either way: a list of dicts becomes
`<services><service>…</service></services>` in XML, with the element names the specification
gives for each list (ITEM_NAMES), booleans as `true`/`false`.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse, JsonResponse

# The element of each member of a list, by the list's element (GeoReport v2).
ITEM_NAMES = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "service_requests": "request",
    "notes": "note",
    # FixMyStreet's extension (servicerequestupdates).
    "service_request_updates": "request_update",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(SubElement(element, key), item)
    elif isinstance(value, list):
        name = ITEM_NAMES.get(element.tag, "item")
        for item in value:
            _fill(SubElement(element, name), item)
    else:
        element.text = _text(value)


def as_xml(root: str, value: Any) -> bytes:
    """Return `value` as an XML document whose root element is `root`."""
    element = Element(root)
    _fill(element, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(element, encoding="utf-8")


def answer(value: Any, *, root: str, fmt: str, status: int = 200) -> HttpResponse:
    """Return `value` in the format asked for ("xml" or "json")."""
    if fmt == "xml":
        return HttpResponse(
            as_xml(root, value), content_type="text/xml; charset=utf-8", status=status
        )
    return JsonResponse(value, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def errors(code: int, description: str, *, fmt: str) -> HttpResponse:
    """Return the specification's list of errors, with the HTTP status it names."""
    return answer([{"code": code, "description": description}], root="errors", fmt=fmt, status=code)
