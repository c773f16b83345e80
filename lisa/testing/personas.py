"""The people every test can call on, and the places they work.

alice   front-desk agent at the Anderlecht office (Antenne Vaillance)
bob     police officer of zone Midi, at the same office
carol   agent of the Anderlecht social housing company (Foyer Anderlechtois)
dave    regional analyst at safe.brussels
erin    a resident who reports by e-mail, in Dutch
"""

from __future__ import annotations

import pytest

from lisa.accounts.models import Organisation, Role, User
from lisa.geo.models import Area, AreaKind
from lisa.offices.models import Office
from lisa.reports.actions import ReporterDetails
from lisa.testing.factories import OfficeFactory, UserFactory, grant

# Points used across the tests (from streets.csv): where they are is part of the test.
VAILLANCE = (50.835767, 4.306556)  # Place de la Vaillance, Anderlecht (Midi)
GRAND_PLACE = (50.846700, 4.352500)  # Grand-Place, Bruxelles (5339)
OUTSIDE = (50.900000, 4.600000)  # Zaventem area, outside the region


def area(kind: str, code: str) -> Area:
    return Area.objects.get(kind=kind, code=code)


def organisation(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def make_anderlecht_office() -> Office:
    """Return the test office at the Place de la Vaillance (also usable outside fixtures)."""
    return OfficeFactory.create(
        code="test-vaillance",
        name_fr="Antenne Vaillance (test)",
        name_nl="Antenne Dapperheid (test)",
        municipality=area(AreaKind.MUNICIPALITY, "21001"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        coordinator=organisation("anderlecht-prevention"),
        catchment_codes=["58"],  # Anderlecht Centre - Wayez
    )


@pytest.fixture
def anderlecht_office(db) -> Office:
    return make_anderlecht_office()


@pytest.fixture
def alice(anderlecht_office: Office) -> User:
    user = UserFactory.create(username="alice", first_name="Alice", language="fr")
    grant(user, "anderlecht-prevention", Role.FRONT_DESK_AGENT, office=anderlecht_office)
    return user


@pytest.fixture
def bob(anderlecht_office: Office) -> User:
    user = UserFactory.create(username="bob", first_name="Bob", language="nl")
    grant(user, "police-5341", Role.POLICE_OFFICER, office=anderlecht_office)
    return user


@pytest.fixture
def carol(db) -> User:
    user = UserFactory.create(username="carol", first_name="Carol")
    grant(user, "foyer-anderlechtois", Role.PARTNER_AGENT)
    return user


@pytest.fixture
def dave(db) -> User:
    user = UserFactory.create(username="dave", first_name="Dave", language="en")
    grant(user, "safe-brussels", Role.REGIONAL_ANALYST)
    return user


@pytest.fixture
def erin() -> ReporterDetails:
    return ReporterDetails(
        name="Erin Resident",
        email="erin@example.org",
        phone="+32 470 00 00 01",
        language="nl",
        consents_to_contact=True,
    )
