"""Demo users for every role, at the Anderlecht and Forest offices."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from lisa.accounts.actions import membership_grant
from lisa.accounts.models import Organisation, Role, User
from lisa.offices.models import Office


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    office: str | None
    language: str = "fr"


DEMO_PEOPLE = [
    DemoPerson("admin", "Ada", "Admin (demo)", Role.ADMINISTRATOR, "safe-brussels", None, "en"),
    DemoPerson("analyst", "Rania", "Analyst (demo)", Role.REGIONAL_ANALYST, "safe-brussels", None, "fr"),
    # The Anderlecht office (Antenne Centre – Vaillance)
    DemoPerson("desk.anderlecht", "Fatima", "Desk (demo)", Role.FRONT_DESK_AGENT, "anderlecht-prevention", "anderlecht-vaillance"),
    DemoPerson("coord.anderlecht", "Marc", "Coordinator (demo)", Role.OFFICE_COORDINATOR, "anderlecht-prevention", "anderlecht-vaillance"),
    DemoPerson("police.midi", "Koen", "Officer (demo)", Role.POLICE_OFFICER, "police-5341", "anderlecht-vaillance", "nl"),
    DemoPerson("clean.anderlecht", "Youssef", "Cleanliness (demo)", Role.PARTNER_AGENT, "anderlecht-cleanliness", "anderlecht-vaillance"),
    DemoPerson("manager.anderlecht", "Sophie", "Manager (demo)", Role.PARTNER_MANAGER, "anderlecht-cleanliness", None),
    DemoPerson("housing.anderlecht", "Luc", "Housing (demo)", Role.PARTNER_AGENT, "foyer-anderlechtois", "anderlecht-vaillance"),
    DemoPerson("cpas.anderlecht", "Nadia", "CPAS (demo)", Role.PARTNER_AGENT, "anderlecht-cpas", "anderlecht-vaillance"),
    # The Forest office (Antenne Marconi)
    DemoPerson("desk.forest", "Inès", "Desk (demo)", Role.FRONT_DESK_AGENT, "forest-prevention", "forest-marconi"),
    DemoPerson("coord.forest", "Pieter", "Coordinator (demo)", Role.OFFICE_COORDINATOR, "forest-prevention", "forest-marconi", "nl"),
    DemoPerson("police.forest", "Julie", "Officer (demo)", Role.POLICE_OFFICER, "police-5341", "forest-marconi"),
    DemoPerson("works.forest", "Omar", "Public works (demo)", Role.PARTNER_AGENT, "forest-public-works", "forest-marconi"),
    # Regional partners
    DemoPerson("agent.proprete", "Els", "Bruxelles-Propreté (demo)", Role.PARTNER_AGENT, "bruxelles-proprete", None, "nl"),
    DemoPerson("manager.proprete", "Jean", "Bruxelles-Propreté (demo)", Role.PARTNER_MANAGER, "bruxelles-proprete", None),
]  # fmt: skip


def load_people(*, password: str) -> list[tuple[DemoPerson, User]]:
    """Create or update the demo users and their memberships."""
    organisations = {o.code: o for o in Organisation.objects.all()}
    offices = {o.code: o for o in Office.objects.all()}
    people = []
    hashed = make_password(password)  # hashing is slow on purpose: once for everyone
    with transaction.atomic():
        for person in DEMO_PEOPLE:
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
