"""Events and registrations: places, the waiting list, cancelling, and who may do what."""

from __future__ import annotations

import pytest

from lisa.append_only import AppendOnlyError
from lisa.errors import LisaError
from lisa.events.actions import (
    event_cancel,
    event_create,
    event_update,
    registration_cancel,
    registration_create,
    registration_withdraw,
)
from lisa.events.models import Registration, RegistrationStatus
from lisa.events.selectors import events_managed_by, registrations_of
from lisa.events.tests.conftest import details, next_week_at
from lisa.reports.actions import hash_token
from lisa.testing.smtp import body_of

pytestmark = pytest.mark.django_db


def register(event, who: str, language: str = "fr"):
    return registration_create(
        event=event, name=who.capitalize(), email=f"{who}@example.org", language=language
    )


def subject_of(mail) -> str:
    # A long encoded subject is folded onto the next header line; the parser keeps a space.
    return str(mail["Subject"]).strip()


def status_of(created) -> str:
    created.registration.refresh_from_db()
    return created.registration.status


def test_it_gives_the_places_then_puts_people_on_the_waiting_list(small_event):
    first, second, third = (register(small_event, who) for who in ("ana", "bram", "chloe"))
    assert [status_of(r) for r in (first, second, third)] == ["confirmed", "confirmed", "waiting"]


def test_a_freed_place_goes_to_the_first_on_the_waiting_list(small_event):
    register(small_event, "ana")
    bram = register(small_event, "bram")
    chloe = register(small_event, "chloe")
    dirk = register(small_event, "dirk")

    registration_cancel(token=bram.cancel_token)

    assert status_of(bram) == "cancelled"
    assert status_of(chloe) == "confirmed"
    assert chloe.registration.promoted_at is not None
    assert status_of(dirk) == "waiting"


def test_leaving_the_waiting_list_moves_nobody_up(small_event):
    register(small_event, "ana")
    register(small_event, "bram")
    chloe = register(small_event, "chloe")
    registration_cancel(token=chloe.cancel_token)
    assert small_event.registrations.filter(status="confirmed").count() == 2


def test_a_cancel_link_works_once_and_only_its_digest_is_stored(small_event):
    ana = register(small_event, "ana")
    assert ana.cancel_token not in ana.registration.cancel_token_hash
    assert ana.registration.cancel_token_hash == hash_token(ana.cancel_token)
    registration_cancel(token=ana.cancel_token)
    with pytest.raises(LisaError) as refused:
        registration_cancel(token=ana.cancel_token)
    assert refused.value.code == "already_cancelled"
    with pytest.raises(LisaError) as unknown:
        registration_cancel(token="not-a-token")
    assert unknown.value.code == "registration_not_found"


def test_the_same_address_registers_once_but_may_come_back_after_cancelling(small_event):
    ana = register(small_event, "ana")
    with pytest.raises(LisaError) as refused:
        registration_create(
            event=small_event, name="Ana again", email="ANA@example.org ", language="fr"
        )
    assert refused.value.code == "already_registered"
    registration_cancel(token=ana.cancel_token)
    assert status_of(register(small_event, "ana")) == "confirmed"


def test_a_registration_needs_a_name_and_a_valid_address(small_event):
    with pytest.raises(LisaError) as no_name:
        registration_create(event=small_event, name="  ", email="x@example.org", language="fr")
    assert no_name.value.field == "name"
    with pytest.raises(LisaError) as bad_email:
        registration_create(event=small_event, name="X", email="x@", language="fr")
    assert bad_email.value.field == "email"


def test_registrations_are_never_deleted(small_event):
    ana = register(small_event, "ana")
    with pytest.raises(AppendOnlyError):
        ana.registration.delete()
    with pytest.raises(AppendOnlyError):
        Registration.objects.filter(pk=ana.registration.pk).delete()


def test_more_places_move_people_up_and_fewer_than_taken_are_refused(small_event, alice):
    register(small_event, "ana")
    register(small_event, "bram")
    chloe = register(small_event, "chloe")

    event_update(event=small_event, details=details(capacity=3), by=alice)
    assert status_of(chloe) == "confirmed"

    with pytest.raises(LisaError) as refused:
        event_update(event=small_event, details=details(capacity=2), by=alice)
    assert refused.value.code == "capacity_below_registrations"
    assert refused.value.field == "capacity"


def test_without_a_capacity_everyone_gets_a_place(alice, anderlecht_office):
    event = event_create(office=anderlecht_office, details=details(capacity=None), by=alice)
    assert {status_of(register(event, who)) for who in ("ana", "bram", "chloe")} == {"confirmed"}


def test_a_cancelled_event_takes_no_registration_and_tells_everyone(
    small_event, alice, smtp_server, django_capture_on_commit_callbacks
):
    register(small_event, "ana", "nl")
    register(small_event, "bram")
    register(small_event, "chloe", "en")
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=small_event, by=alice, reason="La salle est inondée.")

    mails = smtp_server.wait_for(3)
    assert sorted(m["To"] for m in mails) == [
        "ana@example.org",
        "bram@example.org",
        "chloe@example.org",
    ]
    assert subject_of(smtp_server.to("ana@example.org")[0]).startswith("Geannuleerd")
    assert subject_of(smtp_server.to("chloe@example.org")[0]).startswith("Cancelled")
    assert "La salle est inondée." in body_of(smtp_server.to("bram@example.org")[0])
    with pytest.raises(LisaError) as refused:
        register(small_event, "dirk")
    assert refused.value.code == "event_cancelled"


def test_registration_closes_when_the_event_begins(small_event):
    with pytest.raises(LisaError) as refused:
        registration_create(
            event=small_event,
            name="Late",
            email="late@example.org",
            language="fr",
            now=next_week_at(18, 45),
        )
    assert refused.value.code == "event_started"


def test_the_confirmation_is_in_the_registrants_language_with_a_cancel_link(
    small_event, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ana = register(small_event, "ana", "nl")
        register(small_event, "bram")
        chloe = register(small_event, "chloe", "fr")

    smtp_server.wait_for(3)
    [to_ana] = smtp_server.to("ana@example.org")
    assert subject_of(to_ana) == "Uw inschrijving: Propreté du quartier : parlons-en"
    assert f"/nl/events/cancel/{ana.cancel_token}/" in body_of(to_ana)
    assert "van 18:30 tot 20:00" in body_of(to_ana)
    [to_chloe] = smtp_server.to("chloe@example.org")
    assert subject_of(to_chloe).startswith("Liste d’attente")
    assert f"/fr/events/cancel/{chloe.cancel_token}/" in body_of(to_chloe)


def test_the_person_moved_up_is_told_by_e_mail(
    small_event, smtp_server, django_capture_on_commit_callbacks
):
    register(small_event, "ana")
    bram = register(small_event, "bram")
    register(small_event, "chloe", "nl")
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(token=bram.cancel_token)
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "chloe@example.org"
    assert subject_of(mail) == "Een plaats voor u: Propreté du quartier : parlons-en"


def test_only_the_offices_staff_make_and_change_its_events(
    small_event, anderlecht_office, carol, dave
):
    for outsider in (carol, dave):
        with pytest.raises(LisaError) as refused:
            event_create(office=anderlecht_office, details=details(), by=outsider)
        assert refused.value.code == "not_office_staff"
        with pytest.raises(LisaError):
            event_cancel(event=small_event, by=outsider)


def test_only_the_organising_offices_staff_see_the_registrations(
    small_event, alice, bob, carol, dave
):
    register(small_event, "ana")
    assert [r.email for r in registrations_of(alice, small_event)] == ["ana@example.org"]
    # bob (police, at the same office) is one of the office's partners
    assert len(registrations_of(bob, small_event)) == 1
    assert registrations_of(carol, small_event) == []
    assert registrations_of(dave, small_event) == []
    assert list(events_managed_by(dave)) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": " "}, "title"),
        ({"place": ""}, "place"),
        ({"ends_at": next_week_at(18)}, "ends_at"),
        ({"languages": ["de"]}, "languages"),
        ({"languages": []}, "languages"),
        ({"capacity": 0}, "capacity"),
        ({"kind": "party"}, "kind"),
        ({"lat": 50.8}, "lat"),
    ],
)
def test_it_refuses_an_incomplete_event_on_the_field(alice, anderlecht_office, change, field):
    with pytest.raises(LisaError) as refused:
        event_create(office=anderlecht_office, details=details(**change), by=alice)
    assert refused.value.field == field


def test_waiting_statuses_are_ordered_first_come_first_served(small_event):
    for who in ("ana", "bram", "chloe", "dirk", "eva"):
        register(small_event, who)
    waiting = small_event.registrations.filter(status=RegistrationStatus.WAITING)
    assert [r.email for r in waiting.order_by("created_at", "id")] == [
        "chloe@example.org",
        "dirk@example.org",
        "eva@example.org",
    ]


def test_the_staff_cancel_a_registration_for_a_resident_only_at_their_office(
    small_event, alice, carol
):
    ana = register(small_event, "ana")
    with pytest.raises(LisaError) as refused:
        registration_withdraw(registration=ana.registration, by=carol)
    assert refused.value.code == "not_office_staff"
    registration_withdraw(registration=ana.registration, by=alice)
    assert status_of(ana) == "cancelled"
