"""LISA's categories as Open311 services, and their extra questions as service attributes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lisa.names import pick_translation
from lisa.reports.models import Category
from lisa.reports.questions import label

# The kinds of question (lisa/reports/questions.py) as GeoReport v2 datatypes.
DATATYPES = {
    "choice": "singlevaluelist",
    "yes_no": "singlevaluelist",
    "text": "string",
    "number": "number",
}


def service_categories() -> QuerySet[Category]:
    """Return the categories offered as services: the active ones that have no active
    sub-category (a report is made in the most precise category)."""
    return (
        Category.objects.filter(is_active=True)
        .exclude(children__is_active=True)
        .select_related("parent")
        .order_by("parent__position", "parent__code", "position", "code")
    )


def _description(category: Category) -> str:
    return pick_translation(
        fr=category.description_fr, nl=category.description_nl, en=category.description_en
    )


def service(category: Category) -> dict[str, Any]:
    """Return a category as one member of GET services."""
    group = category.parent or category
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": _description(category),
        "metadata": bool(category.all_questions()),
        "type": "realtime",
        "keywords": "",
        "group": group.name,
    }


def _values(question: dict[str, Any]) -> list[dict[str, str]]:
    if question["kind"] == "yes_no":
        return [{"key": "true", "name": _("yes")}, {"key": "false", "name": _("no")}]
    if question["kind"] == "choice":
        return [{"key": choice["code"], "name": label(choice)} for choice in question["choices"]]
    return []


def service_definition(category: Category) -> dict[str, Any]:
    """Return GET services/{service_code}: the category's questions as attributes."""
    attributes = []
    for order, question in enumerate(category.all_questions(), start=1):
        attribute: dict[str, Any] = {
            "variable": True,
            "code": question["code"],
            "datatype": DATATYPES[question["kind"]],
            "required": bool(question.get("required")),
            "datatype_description": "",
            "order": order,
            "description": label(question),
        }
        values = _values(question)
        if values:
            attribute["values"] = values
        attributes.append(attribute)
    return {"service_code": category.code, "attributes": attributes}
