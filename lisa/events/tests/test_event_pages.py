"""The public calendar, registering and cancelling through HTTP, the iCalendar feeds, and the
back-office screens of the office's events."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from lisa.audit.models import AuditEvent
from lisa.events.actions import event_cancel, event_create, registration_create
from lisa.events.models import Event, EventKind, Registration
from lisa.events.tests.conftest import details, next_week_at
from lisa.offices.models import Office

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def private_event(alice, anderlecht_office) -> Event:
    return event_create(
        office=anderlecht_office,
        details=details(title="Réunion interne des partenaires", is_public=False),
        by=alice,
    )


def fill(event: Event, count: int) -> None:
    for n in range(count):
        registration_create(
            event=event, name=f"Voisin {n}", email=f"voisin{n}@example.org", language="fr"
        )


def test_the_calendar_lists_the_public_events_of_the_region(client, small_event, private_event):
    response = client.get("/fr/events/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Propreté du quartier : parlons-en" in page
    assert "Réunion interne" not in page
    assert 'aria-current="page">Activités' in page
    assert "2 places restantes" in page


def test_the_calendar_filters_by_office_and_each_office_has_its_page(
    client, small_event, anderlecht_office
):
    other = Office.objects.create(
        code="other-office",
        name_fr="Antenne ailleurs",
        name_nl="Antenne elders",
        municipality=anderlecht_office.municipality,
        lat=anderlecht_office.lat,
        lon=anderlecht_office.lon,
        coordinator=anderlecht_office.coordinator,
    )
    filtered = client.get("/fr/events/", {"office": other.code}).content.decode()
    assert "Propreté du quartier" not in filtered
    office_page = client.get(
        reverse("office-events", args=[anderlecht_office.code])
    ).content.decode()
    assert "Propreté du quartier" in office_page
    assert client.get("/nl/offices/nope/events/").status_code == 404


def test_a_resident_registers_and_is_sent_to_a_confirmation_she_can_reload(client, small_event):
    response = client.post(
        f"/nl/events/{small_event.pk}/", {"name": "An Peeters", "email": "an@example.org"}
    )
    confirmation = f"/nl/events/{small_event.pk}/registered/"
    assert response.status_code == 302
    assert response["Location"] == confirmation
    registration = Registration.objects.get(email="an@example.org")
    assert registration.language == "nl"
    assert registration.status == "confirmed"
    for _reload in range(2):
        response = client.get(confirmation)
        assert response.status_code == 200
        page = response.content.decode()
        assert "U bent ingeschreven" in page
        assert "an@example.org" in page
    assert Registration.objects.filter(event=small_event).count() == 1


def test_the_confirmation_keeps_its_meaning_in_another_language(client, small_event):
    client.post(f"/fr/events/{small_event.pk}/", {"name": "Zoé", "email": "zoe@example.org"})
    page = client.get(f"/nl/events/{small_event.pk}/registered/").content.decode()
    assert "U bent ingeschreven" in page
    assert f'href="/fr/events/{small_event.pk}/registered/"' in page


def test_the_confirmation_url_reveals_nothing_to_another_browser(client, small_event):
    client.post(f"/fr/events/{small_event.pk}/", {"name": "Zoé", "email": "zoe@example.org"})
    client.cookies.clear()
    response = client.get(f"/fr/events/{small_event.pk}/registered/")
    assert response.status_code == 302
    assert response["Location"] == f"/fr/events/{small_event.pk}/"


def test_the_cancel_link_is_never_kept_on_a_page(client, small_event):
    client.post(f"/fr/events/{small_event.pk}/", {"name": "Zoé", "email": "zoe@example.org"})
    page = client.get(f"/fr/events/{small_event.pk}/registered/").content.decode()
    assert "/events/cancel/" not in page


def test_a_full_event_offers_the_waiting_list(client, small_event):
    fill(small_event, 2)
    page = client.get(f"/fr/events/{small_event.pk}/").content.decode()
    assert "Complet" in page
    assert "liste d’attente" in page
    response = client.post(
        f"/fr/events/{small_event.pk}/", {"name": "Zoé", "email": "zoe@example.org"}, follow=True
    )
    assert response.redirect_chain == [(f"/fr/events/{small_event.pk}/registered/", 302)]
    assert "Vous êtes sur la liste d’attente" in response.content.decode()
    assert Registration.objects.get(email="zoe@example.org").status == "waiting"


def test_a_failed_registration_keeps_what_was_typed(client, small_event):
    client.post(f"/fr/events/{small_event.pk}/", {"name": "Zoé", "email": "zoe@example.org"})
    response = client.post(
        f"/fr/events/{small_event.pk}/", {"name": "Zoé Bis", "email": "zoe@example.org"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "déjà inscrite" in page
    assert 'value="Zoé Bis"' in page


@pytest.mark.parametrize(
    "typed",
    [None, {"name": "", "email": "zoe@"}, {"name": "Zoé", "email": ""}],
    ids=["blank form", "no name and a wrong address", "no address"],
)
def test_every_aria_describedby_of_the_event_page_names_an_element(client, small_event, typed):
    url = f"/fr/events/{small_event.pk}/"
    response = client.get(url) if typed is None else client.post(url, typed)
    page = response.content.decode()
    described = [
        name for names in re.findall(r'aria-describedby="([^"]*)"', page) for name in names.split()
    ]
    assert "id_email_helptext" in described
    if typed:
        assert "id_email_error" in described
    for name in described:
        assert page.count(f'id="{name}"') == 1, name


def test_too_many_registrations_from_one_address_are_refused(client, small_event, settings):
    settings.LISA_RATE_LIMITS = {**settings.LISA_RATE_LIMITS, "registration": "1/h"}
    client.post(f"/fr/events/{small_event.pk}/", {"name": "A", "email": "a@example.org"})
    response = client.post(f"/fr/events/{small_event.pk}/", {"name": "B", "email": "b@example.org"})
    assert response.status_code == 429
    assert not Registration.objects.filter(email="b@example.org").exists()


def test_a_private_event_has_no_public_page(client, private_event):
    assert client.get(f"/fr/events/{private_event.pk}/").status_code == 404
    response = client.post(
        f"/fr/events/{private_event.pk}/", {"name": "A", "email": "a@example.org"}
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_the_cancel_link_asks_before_it_cancels(client, small_event):
    fill(small_event, 2)
    created = registration_create(
        event=small_event, name="Zoé", email="zoe@example.org", language="fr"
    )
    first = Registration.objects.get(email="voisin0@example.org")
    url = reverse("event-cancel", args=[created.cancel_token])
    assert client.get(url).status_code == 200
    created.registration.refresh_from_db()
    assert created.registration.status == "waiting"  # opening the link changed nothing

    response = client.post(url)
    assert response.status_code == 200
    assert "Votre inscription est annulée" in response.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"
    assert client.get("/fr/events/cancel/not-a-token/").status_code == 404


def test_the_office_feed_is_icalendar_with_brussels_times(client, small_event, anderlecht_office):
    cancelled = event_create(
        office=anderlecht_office,
        details=details(title="Balade exploratoire", kind=EventKind.ACTIVITY),
        by=small_event.created_by,
    )
    event_cancel(event=cancelled, by=small_event.created_by)
    response = client.get(f"/events/{anderlecht_office.code}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    meeting = events["Propreté du quartier : parlons-en"]
    assert meeting["dtstart"].params["TZID"] == "Europe/Brussels"
    starts = meeting.decoded("dtstart")
    assert starts.tzinfo is not None
    assert starts.astimezone(BRUSSELS).time() == dt.time(18, 30)
    assert meeting.decoded("dtend").astimezone(BRUSSELS).time() == dt.time(20, 0)
    assert starts == next_week_at(18, 30)
    assert str(events["Balade exploratoire"]["status"]) == "CANCELLED"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert b"TZID=Europe/Brussels" in response.content


def test_the_region_feed_holds_every_offices_public_events(client, small_event, private_event):
    calendar = icalendar.Calendar.from_ical(client.get("/events.ics").content)
    titles = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert titles == ["Propreté du quartier : parlons-en"]


# --- The back office ---------------------------------------------------------------------


def test_the_office_staff_put_an_event_on_the_calendar(client, alice, anderlecht_office):
    client.force_login(alice)
    assert 'href="/staff/events/"' in client.get("/staff/queue/").content.decode()
    response = client.post(
        "/staff/events/new/",
        {
            "office": anderlecht_office.pk,
            "kind": "event",
            "title": "Café des voisins",
            "place": "Antenne Vaillance, place de la Vaillance 27",
            "day": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "starts": "14:00",
            "ends": "16:00",
            "capacity": "20",
            "languages": ["fr", "nl"],
            "is_public": "on",
        },
    )
    event = Event.objects.get(title="Café des voisins")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/events/{event.pk}/"
    assert timezone.localtime(event.starts_at).time() == dt.time(14, 0)
    assert event.languages == ["fr", "nl"]
    assert event.created_by == alice


def test_a_refused_event_keeps_what_was_typed(client, alice, anderlecht_office):
    client.force_login(alice)
    response = client.post(
        "/staff/events/new/",
        {
            "office": anderlecht_office.pk,
            "kind": "event",
            "title": "Café des voisins",
            "place": "Antenne Vaillance",
            "day": "2030-01-10",
            "starts": "16:00",
            "ends": "14:00",
            "languages": ["fr"],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Café des voisins"' in page
    assert "se terminer après" in page


def test_the_staff_see_the_registrations_and_cancel_the_event(client, alice, small_event):
    fill(small_event, 3)
    client.force_login(alice)
    page = client.get(f"/staff/events/{small_event.pk}/").content.decode()
    assert "voisin2@example.org" in page
    [logged] = AuditEvent.objects.filter(object_type="events.event")
    assert (logged.user, logged.action, logged.object_id) == (
        alice,
        "view_personal_data",
        str(small_event.pk),
    )
    assert "liste d’attente" in page
    response = client.post(f"/staff/events/{small_event.pk}/cancel/", {"reason": "Salle fermée."})
    assert response.status_code == 302
    small_event.refresh_from_db()
    assert small_event.is_cancelled
    assert small_event.cancel_reason == "Salle fermée."


def test_others_find_no_event_and_no_registrations(client, carol, dave, small_event):
    fill(small_event, 1)
    for outsider in (carol, dave):
        client.force_login(outsider)
        assert client.get(f"/staff/events/{small_event.pk}/").status_code == 404
        assert client.get("/staff/events/").status_code == 403
        assert 'href="/staff/events/"' not in client.get("/staff/queue/").content.decode()
        response = client.post(f"/staff/events/{small_event.pk}/cancel/")
        assert response.status_code == 404


def queries_for(client, url: str) -> int:
    """Return the queries of a second visit (the first may refresh the session)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_calendar_and_the_staff_list_cost_the_same_queries_for_many_events(
    client, alice, anderlecht_office, small_event
):
    fill(small_event, 2)
    client.force_login(alice)
    few = (queries_for(client, "/fr/events/"), queries_for(client, "/staff/events/"))
    for n in range(6):
        event = event_create(
            office=anderlecht_office, details=details(title=f"Atelier {n}"), by=alice
        )
        fill(event, 1)
    many = (queries_for(client, "/fr/events/"), queries_for(client, "/staff/events/"))
    assert many == few
    assert few[0] <= 4  # offices to filter by, events with their places; session and user


def test_the_feed_keeps_summer_evenings_at_their_brussels_hour(client, alice, anderlecht_office):
    summer = dt.date(timezone.localdate().year + 1, 7, 1)
    event_create(
        office=anderlecht_office,
        details=details(
            title="Apéro de quartier",
            starts_at=dt.datetime.combine(summer, dt.time(18, 30), tzinfo=BRUSSELS),
            ends_at=dt.datetime.combine(summer, dt.time(21), tzinfo=BRUSSELS),
        ),
        by=alice,
    )
    content = client.get("/events.ics").content
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    starts = event.decoded("dtstart")
    assert starts.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert starts.astimezone(dt.UTC).time() == dt.time(16, 30)
    assert f"DTSTART;TZID=Europe/Brussels:{summer:%Y%m%d}T183000".encode() in content


def test_the_staff_cancel_for_a_resident_who_called_and_the_first_waiting_moves_up(
    client, alice, carol, small_event
):
    fill(small_event, 3)
    first = Registration.objects.get(email="voisin0@example.org")
    client.force_login(carol)
    url = f"/staff/events/{small_event.pk}/registrations/{first.pk}/cancel/"
    assert client.post(url).status_code == 404
    client.force_login(alice)
    response = client.post(url, follow=True)
    assert "L’inscription de Voisin 0 est annulée." in response.content.decode()
    first.refresh_from_db()
    assert first.status == "cancelled"
    assert Registration.objects.get(email="voisin2@example.org").status == "confirmed"
