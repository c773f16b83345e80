"""Load categories and routing rules from the configuration files kept in the repository."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from lisa.accounts.actions import ConfigurationError
from lisa.accounts.models import Organisation
from lisa.reports.models import Category, ResponseTemplate, RoutingRule, Status, TargetType
from lisa.reports.questions import check_questions


def categories_load(entries: list[dict[str, Any]]) -> int:
    """Create or update the category tree, matched by code; return how many were loaded."""
    count = 0

    def load(entry: dict[str, Any], parent: Category | None, position: int) -> None:
        nonlocal count
        try:
            check_questions(entry.get("questions", []))
        except ValueError as error:
            raise ConfigurationError(f"category {entry['code']}: {error}") from error
        description = entry.get("description") or {}
        category, _created = Category.objects.update_or_create(
            code=entry["code"],
            defaults={
                "parent": parent,
                "name_fr": entry["name"]["fr"],
                "name_nl": entry["name"]["nl"],
                "name_en": entry["name"].get("en", ""),
                "description_fr": description.get("fr", ""),
                "description_nl": description.get("nl", ""),
                "description_en": description.get("en", ""),
                "is_private": entry.get("private", False),
                "deadline_days": entry.get("deadline_days", 10),
                "questions": entry.get("questions", []),
                "position": position,
            },
        )
        count += 1
        for child_position, child in enumerate(entry.get("children", []), start=1):
            load(child, category, child_position)

    with transaction.atomic():
        for position, entry in enumerate(entries, start=1):
            load(entry, None, position * 10)
    return count


def routing_rules_load(entries: list[dict[str, Any]], *, prefix: str) -> int:
    """Replace the rules loaded before under this prefix; rules made in the admin stay."""
    categories = {c.code: c for c in Category.objects.all()}
    organisations = {o.code: o for o in Organisation.objects.all()}
    with transaction.atomic():
        codes = []
        for entry in entries:
            code = f"{prefix}-{entry['position']:04d}"
            codes.append(code)
            category = None
            if entry.get("category"):
                category = categories.get(entry["category"])
                if category is None:
                    raise ConfigurationError(f"rule {code}: no category {entry['category']!r}")
            fields: dict[str, Any] = {
                "position": entry["position"],
                "category": category,
                "area": None,
                "conditions": entry.get("conditions", {}),
                **notes(entry.get("note", "")),
                "organisation": None,
                "target_kind": "",
                "target_service": "",
                "is_active": True,
            }
            if entry.get("organisation"):
                organisation = organisations.get(entry["organisation"])
                if organisation is None:
                    raise ConfigurationError(
                        f"rule {code}: no organisation {entry['organisation']!r}"
                    )
                fields.update(target_type=TargetType.ORGANISATION, organisation=organisation)
            elif entry.get("competent"):
                fields.update(
                    target_type=TargetType.COMPETENT,
                    target_kind=entry["competent"]["kind"],
                    target_service=entry["competent"].get("service", ""),
                )
            elif entry.get("office_coordinator"):
                fields.update(target_type=TargetType.OFFICE_COORDINATOR)
            else:
                raise ConfigurationError(f"rule {code}: says nowhere to send reports")
            RoutingRule.objects.update_or_create(code=code, defaults=fields)
        RoutingRule.objects.filter(code__startswith=f"{prefix}-").exclude(code__in=codes).delete()
    return len(entries)


def notes(note: str | dict[str, str]) -> dict[str, str]:
    """Return the note_fr/nl/en fields of a rule's note, given in one language or three."""
    if isinstance(note, str):
        note = {"fr": note, "nl": note, "en": note}
    return {f"note_{language}": note.get(language, "")[:200] for language in ("fr", "nl", "en")}


def response_templates_load(entries: list[dict[str, Any]]) -> int:
    """Add the response templates that are not there yet; edits made in the admin are kept."""
    categories = {c.code: c for c in Category.objects.all()}
    created = 0
    with transaction.atomic():
        for entry in entries:
            category = None
            if entry.get("category"):
                category = categories.get(entry["category"])
                if category is None:
                    raise ConfigurationError(
                        f"template {entry['code']}: no category {entry['category']!r}"
                    )
            if entry.get("status") and entry["status"] not in Status.values:
                raise ConfigurationError(f"template {entry['code']}: no status {entry['status']!r}")
            _template, was_created = ResponseTemplate.objects.get_or_create(
                code=entry["code"],
                defaults={
                    "category": category,
                    "status": entry.get("status") or "",
                    "position": entry.get("position", 0),
                    **{
                        f"title_{lang}": entry["title"].get(lang, "") for lang in ("fr", "nl", "en")
                    },
                    **{f"body_{lang}": entry["body"].get(lang, "") for lang in ("fr", "nl", "en")},
                },
            )
            created += was_created
    return created
