"""Demo users for every role, at the Anderlecht and Forest offices, and a desk agent at every
other operational office."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from lisa.accounts.actions import membership_grant
from lisa.accounts.models import Organisation, Role, User
from lisa.offices.models import Office, OfficeStatus


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    office: str | None
    language: str = "fr"
    listed: bool = True  # printed one by one in the logins; the other desk agents in one line


DEMO_PEOPLE = [
    DemoPerson("admin", "Ada", "Admin (demo)", Role.ADMINISTRATOR, "safe-brussels", None, "en"),
    DemoPerson("analyst", "Rania", "Analyst (demo)", Role.REGIONAL_ANALYST, "safe-brussels", None, "fr"),
    # Evaluators of the funding programme's calls for projects, analysts at safe.brussels
    DemoPerson("eval.claire", "Claire", "Evaluator (demo)", Role.REGIONAL_ANALYST, "safe-brussels", None, "fr"),
    DemoPerson("eval.bart", "Bart", "Evaluator (demo)", Role.REGIONAL_ANALYST, "safe-brussels", None, "nl"),
    # The Anderlecht office (Antenne Centre – Vaillance)
    DemoPerson("desk.anderlecht", "Fatima", "Desk (demo)", Role.FRONT_DESK_AGENT, "anderlecht-prevention", "anderlecht-vaillance"),
    DemoPerson("coord.anderlecht", "Marc", "Coordinator (demo)", Role.OFFICE_COORDINATOR, "anderlecht-prevention", "anderlecht-vaillance"),
    DemoPerson("police.midi", "Koen", "Officer (demo)", Role.POLICE_OFFICER, "police-5341", "anderlecht-vaillance", "nl"),
    DemoPerson("clean.anderlecht", "Youssef", "Cleanliness (demo)", Role.PARTNER_AGENT, "anderlecht-cleanliness", "anderlecht-vaillance"),
    DemoPerson("manager.anderlecht", "Sophie", "Manager (demo)", Role.PARTNER_MANAGER, "anderlecht-cleanliness", None),
    DemoPerson("housing.anderlecht", "Luc", "Housing (demo)", Role.PARTNER_AGENT, "foyer-anderlechtois", "anderlecht-vaillance"),
    DemoPerson("cpas.anderlecht", "Nadia", "CPAS (demo)", Role.PARTNER_AGENT, "anderlecht-cpas", "anderlecht-vaillance"),
    # A peacekeeper (gardien de la paix) of the prevention service: its partner staff are the
    # only ones who see the reports it handles outside the office's catchment.
    DemoPerson("peace.anderlecht", "Samir", "Peacekeeper (demo)", Role.PARTNER_AGENT, "anderlecht-prevention", "anderlecht-vaillance"),
    # The Forest office (Antenne Marconi)
    DemoPerson("desk.forest", "Inès", "Desk (demo)", Role.FRONT_DESK_AGENT, "forest-prevention", "forest-marconi"),
    DemoPerson("coord.forest", "Pieter", "Coordinator (demo)", Role.OFFICE_COORDINATOR, "forest-prevention", "forest-marconi", "nl"),
    DemoPerson("police.forest", "Julie", "Officer (demo)", Role.POLICE_OFFICER, "police-5341", "forest-marconi"),
    DemoPerson("works.forest", "Omar", "Public works (demo)", Role.PARTNER_AGENT, "forest-public-works", "forest-marconi"),
    # Regional partners
    DemoPerson("agent.proprete", "Els", "Bruxelles-Propreté (demo)", Role.PARTNER_AGENT, "bruxelles-proprete", None, "nl"),
    DemoPerson("manager.proprete", "Jean", "Bruxelles-Propreté (demo)", Role.PARTNER_MANAGER, "bruxelles-proprete", None),
]  # fmt: skip


# Names for the desk agents of the offices that DEMO_PEOPLE does not staff.
DESK_FIRST_NAMES = [
    ("Samira", "fr"), ("Bram", "nl"), ("Lucie", "fr"), ("Mehdi", "fr"), ("Hanne", "nl"),
    ("Ana", "fr"), ("Karim", "fr"), ("Elif", "nl"), ("Thomas", "fr"), ("Yasmina", "fr"),
    ("Wout", "nl"), ("Sofia", "fr"), ("Nicolas", "fr"), ("Leen", "nl"),
]  # fmt: skip


def office_desk_agents(offices: list[Office]) -> list[DemoPerson]:
    """Return a front-desk agent for every operational office that DEMO_PEOPLE leaves unstaffed.

    Walk-in and phone reports are registered at an office by its desk agent, so the demo
    gives each open office one, employed like the others by the office's coordinator.
    """
    staffed = {p.office for p in DEMO_PEOPLE if p.role == Role.FRONT_DESK_AGENT}
    unstaffed = [
        office
        for office in sorted(offices, key=lambda o: o.code)
        if office.status == OfficeStatus.OPERATIONAL and office.code not in staffed
    ]
    return [
        DemoPerson(
            f"desk.{office.code.removeprefix('demo-')}",
            first_name,
            "Desk (demo)",
            Role.FRONT_DESK_AGENT,
            office.coordinator.code,
            office.code,
            language,
            listed=False,
        )
        for office, (first_name, language) in zip(
            unstaffed, itertools.cycle(DESK_FIRST_NAMES), strict=False
        )
    ]


def load_people(*, password: str) -> list[tuple[DemoPerson, User]]:
    """Create or update the demo users and their memberships."""
    organisations = {o.code: o for o in Organisation.objects.all()}
    offices = {o.code: o for o in Office.objects.select_related("coordinator")}
    people = []
    hashed = make_password(password)  # hashing is slow on purpose: once for everyone
    with transaction.atomic():
        for person in [*DEMO_PEOPLE, *office_desk_agents(list(offices.values()))]:
            is_admin = person.role == Role.ADMINISTRATOR
            user, _created = User.objects.update_or_create(
                username=person.username,
                defaults={
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "email": f"{person.username}@demo.lisa.invalid",
                    "language": person.language,
                    "is_staff": is_admin,
                    "is_superuser": is_admin,
                    "is_active": True,
                    "password": hashed,
                },
            )
            membership_grant(
                user=user,
                organisation=organisations[person.organisation],
                role=person.role,
                office=offices[person.office] if person.office else None,
            )
            people.append((person, user))
    return people
