"""A small programme: one call, the Anderlecht office applying, a Forest office beside it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lisa.accounts.models import Role, User
from lisa.funding.actions import CriterionSpec, LineSpec, application_submit, call_create, call_open
from lisa.funding.models import Application, Call, LineKind
from lisa.geo.models import AreaKind
from lisa.offices.models import Office
from lisa.testing.factories import OfficeFactory, UserFactory, grant
from lisa.testing.personas import area, organisation

TODAY = dt.date(2026, 3, 2)
NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 10))


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def forest_office(db) -> Office:
    return OfficeFactory.create(
        code="test-marconi",
        name_fr="Antenne Marconi (test)",
        name_nl="Antenne Marconi (test)",
        municipality=area(AreaKind.MUNICIPALITY, "21007"),
        lat=50.8175,
        lon=4.3335,
        coordinator=organisation("forest-prevention"),
    )


@pytest.fixture
def coco(anderlecht_office: Office) -> User:
    """Coordinator of the Anderlecht office, for the municipality's prevention service."""
    user = UserFactory.create(username="coco", first_name="Coco", language="fr")
    grant(user, "anderlecht-prevention", Role.OFFICE_COORDINATOR, office=anderlecht_office)
    return user


@pytest.fixture
def fred(forest_office: Office) -> User:
    """Coordinator of the Forest office."""
    user = UserFactory.create(username="fred", first_name="Fred", language="nl")
    grant(user, "forest-prevention", Role.OFFICE_COORDINATOR, office=forest_office)
    return user


@pytest.fixture
def gina(db) -> User:
    """A second evaluator at safe.brussels."""
    user = UserFactory.create(username="gina", first_name="Gina", language="fr")
    grant(user, "safe-brussels", Role.REGIONAL_ANALYST)
    return user


def make_call(by: User, *, year: int = 2026, envelope: str = "500000.00") -> Call:
    call = call_create(
        financial_year=year,
        name_fr=f"Appel {year} (test)",
        name_nl=f"Oproep {year} (test)",
        name_en=f"Call {year} (test)",
        envelope=Decimal(envelope),
        opens_on=dt.date(year, 2, 1),
        deadline=dt.date(year, 4, 15),
        criteria=[
            CriterionSpec("Besoins", "Noden", "Needs", 10, 3),
            CriterionSpec("Budget", "Begroting", "Budget", 5, 1),
        ],
        by=by,
        now=NOW,
    )
    return call_open(call=call, by=by)


def apply(call: Call, office: Office, by: User, premises: str = "200000", equipment: str = "50000"):
    return application_submit(
        call=call,
        applicant=office.coordinator,
        office=office,
        project="Ouvrir une antenne (test).",
        lines=[
            LineSpec(LineKind.PREMISES, "Travaux", Decimal(premises)),
            LineSpec(LineKind.EQUIPMENT, "Mobilier", Decimal(equipment)),
        ],
        by=by,
        now=timezone.make_aware(dt.datetime(call.financial_year, 3, 2, 10)),
    )


@pytest.fixture
def call(dave: User) -> Call:
    return make_call(dave)


@pytest.fixture
def application(call: Call, coco: User, anderlecht_office: Office) -> Application:
    return apply(call, anderlecht_office, coco)
