"""Who sees what, through HTTP: every role × every kind of object × every visibility case.

The tables below are the contract of docs/adr/0009-visibility.md (and of the README's "Roles
and who sees what"), written out for one fixed world (`lisa/testing/world.py`): two offices,
a person in each role, reports inside and outside the Vaillance office's catchment, handled
by the housing company or by others, transferred, registered at the desk, in a case, of a
private category; notes of each visibility; an internal and a public file. Each cell is
checked on the page and by going straight to the URL: what a person may not see is "not
found" (404), exactly like what does not exist, never a 403 that confirms it is there.

The world is built once per module, in a transaction rolled back at the end; each test runs
in a savepoint of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.db.models import Q
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from lisa.accounts.actions import saved_filter_save
from lisa.accounts.models import Organisation, SavedFilter
from lisa.audit.models import AuditAction, AuditEvent
from lisa.cases.selectors import case_for
from lisa.errors import NotFound
from lisa.testing.personas import VAILLANCE
from lisa.testing.world import (
    ACKNOWLEDGE_REASON,
    ANSWER,
    INTERNAL_FILE,
    MESSAGE,
    NOTES,
    PUBLIC_FILE,
    PUBLIC_MESSAGE,
    QUESTION,
    REASON,
    REPORTS,
    World,
    address_of,
    build_world,
    description_of,
    email_of,
    note_body,
)

pytestmark = pytest.mark.django_db

COLUMNS = {
    "desk": "desk",  # front-desk agent, Vaillance office (prevention service)
    "coord": "coordinator",  # office coordinator, Vaillance office (prevention service)
    "hous": "housing",  # partner agent, housing company (Foyer Anderlechtois)
    "hmgr": "housing_manager",  # partner manager, housing company
    "pol": "police",  # police officer, zone Midi (5341), Vaillance office
    "clean": "cleaner",  # partner agent of another organisation (Anderlecht cleanliness)
    "peace": "peacekeeper",  # partner agent of the prevention service
    "pol39": "police_5339",  # police officer of another zone (Brussels-Ixelles)
    "anal": "analyst",  # regional analyst (safe.brussels)
    "admin": "admin",  # administrator (a membership, not a superuser)
    "an+ho": "analyst_housing",  # regional analyst who is also a housing-company agent
}


def grid(text: str) -> dict[tuple[str, str], str]:
    """Read a table whose first line names the columns (people) and first column the rows."""
    header, *rows = (line.split() for line in text.strip().splitlines())
    people = [COLUMNS[column] for column in header]
    return {
        (person, row[0]): code for row in rows for person, code in zip(people, row[1:], strict=True)
    }


# The report page, and the residents' contact details.
#   D  the report; contact details on request (each view logged)
#   R  the report; contact details after stating a reason (logged with it)
#   -  the report; no contact details
#   a  the report without personal data: no contact, notes, internal reasons, messages to
#      or from the resident, internal files; no text, address or exact point of a private one
#   r  like `a`, and contact details after stating a reason (administrators)
#   .  not found
# Where: _in in the Vaillance catchment, _out outside it; `transferred` went from the housing
# company to the cleanliness service; `in_case` is in a case of the Vaillance office with tasks
# for the housing company, both police zones and the prevention service; `private_in` and
# `prevention_out` are neighbour disputes (a private category) for the prevention service.
REPORT_ACCESS = grid("""
                      desk coord hous hmgr pol clean peace pol39 anal admin an+ho
housing_in              -    R     D    D    .    .     .     .     a    r     D
housing_out             .    .     D    D    .    .     .     .     a    r     D
other_in                -    R     .    .    .    D     .     .     a    r     a
other_out               .    .     .    .    .    .     .     .     a    r     a
transferred             .    .     -    -    .    D     .     .     a    r     -
desk_registered_out     D    .     .    .    .    .     .     .     a    r     a
in_case                 -    R     -    -    -    D     -     -     a    r     -
private_in              D    R     .    .    .    .     D     .     a    r     a
police_in               .    .     .    .    D    .     .     .     a    r     a
prevention_out          .    .     .    .    .    .     D     .     a    r     a
""")

# Notes (on `in_case`, or on its case): Y read, on the page and at its own URL; . not found.
# An office note on a case reaches every organisation with a task in it (pol39 has one).
NOTE_ACCESS = grid("""
                              desk coord hous hmgr pol clean peace pol39 anal admin an+ho
police_note_organisation        .    .     .    .    Y    .     .     .     .    .     .
police_note_office              Y    Y     Y    Y    Y    Y     Y     .     .    .     Y
police_note_police              .    .     .    .    Y    .     .     .     .    .     .
housing_note_organisation       .    .     Y    Y    .    .     .     .     .    .     Y
housing_note_office             Y    Y     Y    Y    Y    Y     Y     .     .    .     Y
prevention_note_organisation    .    .     .    .    .    .     Y     .     .    .     .
prevention_note_office          Y    Y     Y    Y    Y    Y     Y     .     .    .     Y
case_note_police                .    .     .    .    Y    .     .     .     .    .     .
case_note_office                Y    Y     Y    Y    Y    .     Y     Y     .    .     Y
""")

# The files of `housing_in`: Y opened (and linked from the page), . not found.
ATTACHMENT_ACCESS = grid("""
            desk coord hous hmgr pol clean peace pol39 anal admin an+ho
internal      Y    Y     Y    Y    .    .     .     .     .    .     Y
public        Y    Y     Y    Y    .    .     .     .     Y    Y     Y
""")

# The case of `in_case`: Y opened, . not found.
CASE_ACCESS = grid("""
            desk coord hous hmgr pol clean peace pol39 anal admin an+ho
case          Y    Y     Y    Y    Y    .     Y     Y     .    .     Y
""")

IN_VAILLANCE = {"housing_in", "other_in", "in_case", "private_in"}
EVERY_REPORT = set(REPORTS)

# The queues each person is offered, and the reports each one lists (open reports, all are).
QUEUES: dict[str, dict[str, set[str]]] = {
    "desk": {
        "office:vaillance": IN_VAILLANCE,
        "organisation:anderlecht-prevention": {"private_in"},
    },
    "coordinator": {
        "office:vaillance": IN_VAILLANCE,
        "organisation:anderlecht-prevention": {"private_in"},
    },
    "housing": {"organisation:foyer-anderlechtois": {"housing_in", "housing_out"}},
    "housing_manager": {"organisation:foyer-anderlechtois": {"housing_in", "housing_out"}},
    "police": {"organisation:police-5341": {"police_in"}},
    "cleaner": {"organisation:anderlecht-cleanliness": {"other_in", "transferred", "in_case"}},
    "peacekeeper": {"organisation:anderlecht-prevention": {"private_in", "prevention_out"}},
    "police_5339": {"organisation:police-5339": set()},
    "analyst": {"all": EVERY_REPORT},
    "admin": {"all": EVERY_REPORT},
    "analyst_housing": {
        "organisation:foyer-anderlechtois": {"housing_in", "housing_out"},
        "all": EVERY_REPORT,
    },
}

PEOPLE = list(COLUMNS.values())
REASON_GIVEN = "Calling back about the mediation meeting of Tuesday."


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Build the world once for the module, in a transaction rolled back at its end."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
        try:
            built = build_world()
        except BaseException:
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    media.disable()


def client_for(world: World, person: str) -> Client:
    client = Client()
    client.force_login(world.people[person])
    return client


def report_url(world: World, report: str, suffix: str = "") -> str:
    return reverse("backoffice:report", args=[world.reports[report].reference]) + suffix


def sees_as_staff(code: str) -> bool:
    return code in "DR-"


def references(html: str) -> set[str]:
    return set(re.findall(r'class="ref">([^<]+)</a>', html))


def names_of(world: World, listed: set[str]) -> set[str]:
    by_reference = {report.reference: name for name, report in world.reports.items()}
    return {by_reference[reference] for reference in listed}


def audit_events(world: World, person: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            user=world.people[person], action=AuditAction.VIEW_PERSONAL_DATA
        ).order_by("id")
    )


@pytest.mark.parametrize(("person", "report"), sorted(REPORT_ACCESS))
def test_the_report_page_shows_what_the_role_may_see(world, person, report):
    code = REPORT_ACCESS[person, report]
    response = client_for(world, person).get(report_url(world, report))
    html = response.content.decode()

    if code == ".":
        assert response.status_code == 404
        assert description_of(report) not in html
        return
    assert response.status_code == 200
    private = REPORTS[report][0] == "neighbourhood-dispute"
    staff = sees_as_staff(code)
    shows_text = staff or not private
    assert (description_of(report) in html) == shows_text
    assert (address_of(report) in html) == shows_text
    lat, lon = world.reports[report].lat, world.reports[report].lon
    assert (f"{lat:f}" in html and f"{lon:f}" in html) == shows_text
    # Contact details never show on the page itself: only through the logged contact view.
    assert email_of(report) not in html
    contact_url = report_url(world, report, "contact/")
    assert (contact_url in html) == (code in "DRr")
    assert ('id="contact-reason"' in html) == (code in "Rr")
    if report == "housing_in":
        for text in (ACKNOWLEDGE_REASON, MESSAGE, QUESTION, ANSWER, PUBLIC_MESSAGE):
            assert (text in html) == staff, text
        assert (INTERNAL_FILE in html) == staff
        internal = reverse("backoffice:attachment", args=[world.attachments["internal"].pk])
        public = reverse("backoffice:attachment", args=[world.attachments["public"].pk])
        assert (f'href="{internal}"' in html) == staff
        assert f'href="{public}"' in html
    if report == "transferred":
        assert (REASON in html) == staff
    if report == "in_case":
        for note in NOTES:
            if not NOTES[note][3]:  # the case's own notes are on the case page
                assert (note_body(note) in html) == (NOTE_ACCESS[person, note] == "Y"), note
    assert "NOTE " not in html or report == "in_case"


@pytest.mark.parametrize(("person", "report"), sorted(REPORT_ACCESS))
def test_the_contact_details_are_shown_only_as_the_table_says_and_each_view_is_logged(
    world, person, report
):
    code = REPORT_ACCESS[person, report]
    client = client_for(world, person)
    url = report_url(world, report, "contact/")
    email = email_of(report)
    reporters = world.reporters(report)

    if code in ".-a":
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": REASON_GIVEN}).status_code == 404
        assert audit_events(world, person) == []
        return
    if code == "D":
        response = client.get(url)
        assert response.status_code == 200
        assert email in response.content.decode()
        events = audit_events(world, person)
        assert len(events) == reporters
        assert all(event.reason for event in events)
        return
    # R, r: a reason first; asking without one shows the form and logs nothing.
    asked = client.get(url)
    assert asked.status_code == 200
    assert email not in asked.content.decode()
    assert 'id="contact-reason"' in asked.content.decode()
    refused = client.post(url, {"reason": "because"})
    assert refused.status_code == 400
    assert email not in refused.content.decode()
    assert audit_events(world, person) == []
    shown = client.post(url, {"reason": REASON_GIVEN})
    assert shown.status_code == 200
    assert email in shown.content.decode()
    events = audit_events(world, person)
    assert len(events) == reporters
    assert {event.reason for event in events} == {REASON_GIVEN}
    assert {event.object_type for event in events} == {"reports.reporter"}


@pytest.mark.parametrize(("person", "note"), sorted(NOTE_ACCESS))
def test_a_note_opens_at_its_url_only_for_who_may_read_it(world, person, note):
    response = client_for(world, person).get(
        reverse("backoffice:note", args=[world.notes[note].pk])
    )
    if NOTE_ACCESS[person, note] == "Y":
        assert response.status_code == 200
        assert note_body(note) in response.content.decode()
    else:
        assert response.status_code == 404
        assert note_body(note) not in response.content.decode()


def test_a_housing_company_agent_cannot_see_a_police_only_note_on_the_page_or_by_its_url(world):
    client = client_for(world, "housing")
    note = world.notes["police_note_police"]

    page = client.get(report_url(world, "in_case"))
    guessed = client.get(reverse("backoffice:note", args=[note.pk]))

    assert page.status_code == 200
    assert note.body not in page.content.decode()
    assert guessed.status_code == 404
    # The same answer as for a note that does not exist.
    assert client.get(reverse("backoffice:note", args=[note.pk + 10_000])).status_code == 404


@pytest.mark.parametrize(("person", "attachment"), sorted(ATTACHMENT_ACCESS))
def test_a_file_opens_only_for_who_may_see_it(world, person, attachment):
    file = world.attachments[attachment]
    response = client_for(world, person).get(reverse("backoffice:attachment", args=[file.pk]))
    if ATTACHMENT_ACCESS[person, attachment] == "Y":
        assert response.status_code == 200
        assert response.getvalue()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("person", PEOPLE)
def test_the_case_opens_only_for_who_may_see_it(world, person):
    user = world.people[person]
    expected = CASE_ACCESS[person, "case"] == "Y"
    try:
        case_for(user, world.case.reference)
        opened = True
    except NotFound:
        opened = False
    assert opened == expected
    try:
        url = reverse("backoffice:case", args=[world.case.reference])
    except NoReverseMatch:
        return  # the case page is not there yet; the selector above is what it will read
    response = client_for(world, person).get(url)
    assert response.status_code == (200 if expected else 404)


@pytest.mark.parametrize("person", PEOPLE)
def test_a_queue_never_lists_a_report_out_of_scope(world, person):
    client = client_for(world, person)
    offices = {f"office:{name}": f"office-{office.pk}" for name, office in world.offices.items()}
    codes = {key.split(":")[1] for queues in QUEUES.values() for key in queues if ":" in key}
    organisations = {
        f"organisation:{organisation.code}": f"organisation-{organisation.pk}"
        for organisation in Organisation.objects.filter(
            Q(code__in=codes) | Q(reports__in=world.reports.values())
        ).distinct()
    }
    keys = {**offices, **organisations, "all": "all"}
    visible = {r for r in REPORTS if REPORT_ACCESS[person, r] != "."}

    chips = client.get(reverse("backoffice:queue")).text
    offered = set(re.findall(r'href="\?in=([^"]+)" class="chip"', chips))
    expected = QUEUES[person]
    assert offered == ({keys[key] for key in expected} if len(expected) > 1 else set())
    for key, listed_names in expected.items():
        html = client.get(reverse("backoffice:queue"), {"in": keys[key]}).text
        assert names_of(world, references(html)) == listed_names, key
    # A queue one was not offered falls back to one's own: nothing more shows.
    for key in keys.values():
        html = client.get(reverse("backoffice:queue"), {"in": key}).text
        assert names_of(world, references(html)) <= visible, key
        points = client.get(reverse("backoffice:queue-points"), {"in": key}).json()
        listed = {feature["properties"]["reference"] for feature in points["features"]}
        assert names_of(world, listed) <= visible, key


def test_an_analyst_cannot_find_a_private_report_by_the_words_of_its_text(world):
    client = client_for(world, "analyst")
    queue = reverse("backoffice:queue")

    private = client.get(queue, {"in": "all", "q": description_of("private_in")}).text
    public = client.get(queue, {"in": "all", "q": description_of("housing_in")}).text

    assert names_of(world, references(private)) == set()
    assert names_of(world, references(public)) == {"housing_in"}


def test_an_analyst_sees_no_exact_point_of_a_private_report_on_the_queue_map(world):
    points = client_for(world, "analyst").get(reverse("backoffice:queue-points"), {"in": "all"})
    by_reference = {f["properties"]["reference"]: f for f in points.json()["features"]}

    private = by_reference[world.reports["private_in"].reference]["geometry"]["coordinates"]
    public = by_reference[world.reports["housing_in"].reference]["geometry"]["coordinates"]

    assert private != [round(VAILLANCE[1], 6), round(VAILLANCE[0], 6)]
    assert abs(private[0] - VAILLANCE[1]) < 0.01
    assert abs(private[1] - VAILLANCE[0]) < 0.01
    assert public == [round(VAILLANCE[1], 6), round(VAILLANCE[0], 6)]


def test_the_public_file_name_is_shown_to_an_analyst(world):
    html = client_for(world, "analyst").get(report_url(world, "housing_in")).text
    assert PUBLIC_FILE in html


def test_someone_elses_saved_filter_cannot_be_removed(world):
    saved = saved_filter_save(user=world.people["housing"], name="Mine", query="overdue=on")

    response = client_for(world, "desk").post(
        reverse("backoffice:saved-filter-remove", args=[saved.pk])
    )

    assert response.status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
