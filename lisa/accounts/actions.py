"""Writes to organisations and people."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from lisa.accounts.models import Membership, Organisation, OrganisationKind, User
from lisa.geo.models import Area


class ConfigurationError(ValueError):
    """A configuration file that refers to something that does not exist."""


def organisations_load(entries: list[dict[str, Any]]) -> int:
    """Create or update organisations from configuration entries, matched by code."""
    areas = {(a.kind, a.code): a for a in Area.objects.only("id", "kind", "code")}
    with transaction.atomic():
        for entry in entries:
            if entry["kind"] not in OrganisationKind.values:
                raise ConfigurationError(f"{entry['code']}: unknown kind {entry['kind']!r}")
            jurisdiction = []
            for ref in entry.get("jurisdiction", []):
                area = areas.get((ref["kind"], ref["code"]))
                if area is None:
                    raise ConfigurationError(
                        f"{entry['code']}: no {ref['kind']} area with code {ref['code']!r}; "
                        "load the geography first"
                    )
                jurisdiction.append(area)
            organisation, _created = Organisation.objects.update_or_create(
                code=entry["code"],
                defaults={
                    "kind": entry["kind"],
                    "service": entry.get("service", ""),
                    "name_fr": entry["name"]["fr"],
                    "name_nl": entry["name"]["nl"],
                    "name_en": entry["name"].get("en", ""),
                    "email": entry.get("email", ""),
                    "phone": entry.get("phone", ""),
                    "website": entry.get("website", ""),
                },
            )
            organisation.jurisdiction.set(jurisdiction)
    return len(entries)


def membership_grant(
    *, user: User, organisation: Organisation, role: str, office: Any = None
) -> Membership:
    """Give a user a role in an organisation (and at an office), once."""
    membership, _created = Membership.objects.update_or_create(
        user=user,
        organisation=organisation,
        office=office,
        role=role,
        defaults={"is_active": True},
    )
    return membership
