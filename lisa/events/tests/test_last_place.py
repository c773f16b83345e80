"""Two people who register for the last place at once: only one gets it."""

from __future__ import annotations

import os
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from lisa.errors import LisaError
from lisa.events.actions import event_create, registration_create
from lisa.events.tests.conftest import details
from lisa.testing.personas import make_anderlecht_office


@pytest.mark.django_db(transaction=True)
def test_two_people_registering_for_the_last_place_at_once_do_not_both_get_it():
    if connection.vendor != "postgresql":
        # SQLite transactions begin IMMEDIATE (settings.DATABASES): the second registration
        # cannot even start before the first commits, so there is no race to provoke.
        pytest.skip("SQLite lets one writer in at a time: there is no race to test.")
    from lisa.accounts.models import Role
    from lisa.geo.models import Area
    from lisa.testing.factories import UserFactory, grant

    if not Area.objects.exists():  # emptied by an earlier test that committed
        call_command("load_brussels", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    office = make_anderlecht_office()
    agent = UserFactory.create(username="agent")
    grant(agent, "anderlecht-prevention", Role.FRONT_DESK_AGENT, office=office)
    event = event_create(office=office, details=details(capacity=1), by=agent)

    holding, release = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def register(name: str, *, hold: bool) -> None:
        try:
            with transaction.atomic():
                created = registration_create(
                    event=event, name=name, email=f"{name}@example.org", language="fr"
                )
                if hold:  # keep the event locked until the other one is underway
                    holding.set()
                    release.wait(timeout=30)
            outcome[name] = created.registration.status
        except LisaError as error:
            outcome[name] = error.code
        finally:
            connection.close()

    first = threading.Thread(target=register, args=("ana",), kwargs={"hold": True})
    first.start()
    assert holding.wait(timeout=30)
    second = threading.Thread(target=register, args=("bram",), kwargs={"hold": False})
    second.start()
    with connection.cursor() as cursor:
        waited = False
        for _attempt in range(3000):  # until the second waits for the event's lock
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            waited = bool(cursor.fetchone()[0])
            if waited or not second.is_alive():
                break
            time.sleep(0.01)
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert waited, "the second registration did not wait for the first"
    assert outcome == {"ana": "confirmed", "bram": "waiting"}
    assert event.registrations.filter(status="confirmed").count() == 1
