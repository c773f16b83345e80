"""What a person's memberships let them see: the scope every other selector starts from.

The table in the README ("Roles and who sees what") is the contract, and
docs/adr/0009-visibility.md says how each line is read. A person with several memberships
sees the union of what each one allows; the membership they chose to work in (see
`memberships_of` and the back office's switcher) only picks their default queue.

Two kinds of working roles: partner roles (partner agent, partner manager, police officer)
act for their whole organisation, wherever its reports are; local roles (front-desk agent,
office coordinator) act at their office, for its catchment.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lisa.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    SavedFilter,
    Team,
    User,
)
from lisa.errors import NotFound
from lisa.offices.models import Office

# Staff who work for their whole organisation: they see the reports it handles or handled,
# the cases where it has a task, its own notes, and residents' contact details while it
# handles the report.
HANDLER_ROLES = frozenset({Role.PARTNER_AGENT, Role.PARTNER_MANAGER, Role.POLICE_OFFICER})


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    # Organisations the person works for in a partner role (HANDLER_ROLES).
    handler_organisation_ids: frozenset[int] = frozenset()
    # Organisations the person works for at a desk, for an office's catchment.
    desk_organisation_ids: frozenset[int] = frozenset()
    # Organisations a person coordinates an office for (contact details only with a reason).
    coordinator_organisation_ids: frozenset[int] = frozenset()
    # Police zones the person is a police officer of (police-only notes of that zone).
    police_organisation_ids: frozenset[int] = frozenset()
    desk_office_ids: frozenset[int] = frozenset()
    coordinator_office_ids: frozenset[int] = frozenset()
    # Offices whose partners' shared notes the person reads.
    partner_office_ids: frozenset[int] = frozenset()
    is_analyst: bool = False
    is_administrator: bool = False

    @property
    def organisation_ids(self) -> frozenset[int]:
        """Return the organisations the person works for (analysts and administrators aside)."""
        return (
            self.handler_organisation_ids
            | self.desk_organisation_ids
            | self.coordinator_organisation_ids
        )

    @property
    def catchment_office_ids(self) -> frozenset[int]:
        """Return the offices all of whose reports the person sees."""
        return self.desk_office_ids | self.coordinator_office_ids

    @property
    def is_police(self) -> bool:
        return bool(self.police_organisation_ids)

    @property
    def sees_all_reports(self) -> bool:
        return self.is_analyst or self.is_administrator

    @property
    def is_partner_staff(self) -> bool:
        """Return whether the person works a case or a report for an organisation."""
        return bool(self.organisation_ids)


NOBODY = Scope(user_id=None)


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    """Return the person's active memberships, organisation and office loaded."""
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_lisa_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
            .select_related("organisation", "office")
            .order_by("id")
        )
        setattr(user, "_lisa_memberships", cached)  # noqa: B010  (a per-request cache)
    return cached


def scope_for(user: User | AnonymousUser | None) -> Scope:
    """Return what the person may see, computed once per user object (one request)."""
    if user is None or not user.is_authenticated:
        return NOBODY
    cached: Scope | None = getattr(user, "_lisa_scope", None)
    if cached is not None:
        return cached
    handler: set[int] = set()
    desk: set[int] = set()
    coordinating: set[int] = set()
    police: set[int] = set()
    desk_offices: set[int] = set()
    coordinator_offices: set[int] = set()
    member_offices: set[int] = set()
    is_analyst = False
    is_administrator = bool(user.is_superuser)
    for membership in memberships_of(user):
        role = membership.role
        if role == Role.REGIONAL_ANALYST:
            is_analyst = True
            continue
        if role == Role.ADMINISTRATOR:
            is_administrator = True
            continue
        if membership.office_id is not None:
            member_offices.add(membership.office_id)
        if role in (Role.OFFICE_COORDINATOR, Role.FRONT_DESK_AGENT):
            # Local roles: without an office they give nothing to see.
            if membership.office_id is None:
                continue
            if role == Role.OFFICE_COORDINATOR:
                coordinating.add(membership.organisation_id)
                coordinator_offices.add(membership.office_id)
            else:
                desk.add(membership.organisation_id)
                desk_offices.add(membership.office_id)
            continue
        if role not in HANDLER_ROLES:
            continue
        handler.add(membership.organisation_id)
        if (
            role == Role.POLICE_OFFICER
            and membership.organisation.kind == OrganisationKind.POLICE_ZONE
        ):
            police.add(membership.organisation_id)
    organisations = handler | desk | coordinating
    partner_offices = set(member_offices)
    if organisations:
        partner_offices |= set(
            Office.objects.filter(
                Q(partners__in=organisations) | Q(coordinator__in=organisations)
            ).values_list("id", flat=True)
        )
    scope = Scope(
        user_id=user.pk,
        handler_organisation_ids=frozenset(handler),
        desk_organisation_ids=frozenset(desk),
        coordinator_organisation_ids=frozenset(coordinating),
        police_organisation_ids=frozenset(police),
        desk_office_ids=frozenset(desk_offices),
        coordinator_office_ids=frozenset(coordinator_offices),
        partner_office_ids=frozenset(partner_offices),
        is_analyst=is_analyst,
        is_administrator=is_administrator,
    )
    setattr(user, "_lisa_scope", scope)  # noqa: B010  (a per-request cache)
    return scope


def forget_scope(user: User) -> None:
    """Drop the cached scope after the person's memberships changed."""
    for name in ("_lisa_scope", "_lisa_memberships"):
        if hasattr(user, name):
            delattr(user, name)


def members_of(organisation: Organisation | None) -> list[User]:
    """Return the active people of an organisation, to assign work to, by name."""
    if organisation is None:
        return []
    return list(
        User.objects.filter(
            memberships__organisation=organisation, memberships__is_active=True, is_active=True
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def teams_of(organisation: Organisation | None) -> list[Team]:
    """Return the active teams of an organisation."""
    if organisation is None:
        return []
    return list(Team.objects.filter(organisation=organisation, is_active=True))


def saved_filters_of(user: User) -> QuerySet[SavedFilter]:
    """Return the filters the person saved for themselves."""
    return SavedFilter.objects.filter(user=user)


def saved_filter_for(user: User, pk: int) -> SavedFilter:
    """Return one of the person's saved filters, else raise NotFound (another's is absent)."""
    saved = saved_filters_of(user).filter(pk=pk).first()
    if saved is None:
        raise NotFound("saved_filter_not_found", _("There is no such filter."))
    return saved
