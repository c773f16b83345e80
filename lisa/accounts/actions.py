"""Writes to organisations and people."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils.translation import gettext as _

from lisa.accounts.models import (
    HolidayCalendar,
    Membership,
    Organisation,
    OrganisationKind,
    SavedFilter,
    Team,
    User,
)
from lisa.accounts.selectors import forget_scope
from lisa.errors import LisaError
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
            if entry.get("holiday_calendar", "") not in ("", *HolidayCalendar.values):
                raise ConfigurationError(
                    f"{entry['code']}: unknown holiday calendar {entry['holiday_calendar']!r}"
                )
            jurisdiction = []
            for ref in entry.get("jurisdiction", []):
                area = areas.get((ref["kind"], ref["code"]))
                if area is None:
                    raise ConfigurationError(
                        f"{entry['code']}: no {ref['kind']} area with code {ref['code']!r}; "
                        "load the geography first"
                    )
                jurisdiction.append(area)
            # A calendar chosen in the admin stays unless the file names one.
            calendar = (
                {"holiday_calendar": entry["holiday_calendar"]}
                if "holiday_calendar" in entry
                else {}
            )
            organisation, _created = Organisation.objects.update_or_create(
                code=entry["code"],
                defaults={
                    **calendar,
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
    forget_scope(user)
    return membership


def team_save(
    *,
    organisation: Organisation,
    name_fr: str,
    name_nl: str,
    name_en: str = "",
    members: list[User],
) -> Team:
    """Create or update the team of this French name in the organisation, with its members.

    Members must work for the organisation: reports are assigned to a team of the
    organisation that handles them.
    """
    name_fr, name_nl, name_en = (name.strip()[:200] for name in (name_fr, name_nl, name_en))
    if not name_fr or not name_nl:
        raise LisaError("team_name_required", _("Name the team in French and in Dutch."))
    outsiders = [
        member
        for member in members
        if not Membership.objects.filter(
            user=member, organisation=organisation, is_active=True
        ).exists()
    ]
    if outsiders:
        raise LisaError(
            "member_not_in_organisation",
            _("Not a member of %(organisation)s: %(people)s.")
            % {
                "people": ", ".join(str(member) for member in outsiders),
                "organisation": organisation.name,
            },
            field="members",
        )
    with transaction.atomic():
        team, _created = Team.objects.update_or_create(
            organisation=organisation,
            name_fr=name_fr,
            defaults={"name_nl": name_nl, "name_en": name_en, "is_active": True},
        )
        team.members.set(members)
    return team


def saved_filter_save(*, user: User, name: str, query: str) -> SavedFilter:
    """Keep the queue's current filters under a name (the same name is replaced)."""
    name = (name or "").strip()[:80]
    if not name:
        raise LisaError("name_required", _("Give the filter a name."), field="name")
    saved, _created = SavedFilter.objects.update_or_create(
        user=user, name=name, defaults={"query": (query or "")[:2000]}
    )
    return saved


def saved_filter_delete(*, saved: SavedFilter) -> None:
    """Forget a saved filter (a preference, not part of the record)."""
    saved.delete()


def sign_in_unlock(*, username: str) -> int:
    """Lift the sign-in lock-outs of a username, from every address; return how many."""
    return axes_reset(username=username)
