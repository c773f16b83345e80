"""The demo's coming events: a few per open office, some full with a waiting list.

Resident meetings are held in the evening, workshops and coffee mornings in office hours, on
working days of the next four weeks; texts are in the language(s) the event is held in.
Registrants are made up, with example.org addresses, and receive no e-mail. Added once: nothing
is added while the database holds an event.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lisa.accounts.models import Membership, Role
from lisa.events.actions import EventDetails, event_create, registration_create
from lisa.events.models import Event, EventKind
from lisa.offices.models import Office, OfficeStatus


@dataclass(frozen=True)
class DemoEvent:
    kind: str
    starts: dt.time
    ends: dt.time
    languages: tuple[str, ...]
    capacity: int | None
    title: str
    description: str


EVENING = (dt.time(18, 30), dt.time(20, 30))
AFTERNOON = (dt.time(14, 0), dt.time(16, 0))
MORNING = (dt.time(9, 30), dt.time(11, 0))

DEMO_EVENTS = [
    DemoEvent(
        EventKind.THEMATIC_MEETING, *EVENING, ("fr", "nl"), 30,
        "Réunion de quartier : propreté et dépôts clandestins / "
        "Buurtvergadering: netheid en sluikstorten",
        "Les services de propreté, la police de quartier et l'antenne répondent à vos "
        "questions sur les dépôts clandestins et les collectes.\n\n"
        "De netheidsdiensten, de wijkpolitie en de antenne beantwoorden uw vragen over "
        "sluikstorten en ophalingen.",
    ),
    DemoEvent(
        EventKind.ACTIVITY, *AFTERNOON, ("fr",), 12,
        "Atelier « Bien vivre ensemble » : désamorcer un conflit de voisinage",
        "Deux heures avec un médiateur du service de prévention pour apprendre à parler d'un "
        "bruit, d'une odeur ou d'une haie avant que le conflit ne s'installe.",
    ),
    DemoEvent(
        EventKind.EVENT, *MORNING, ("nl", "fr"), None,
        "Koffie met de wijkagent / Un café avec l'agent de quartier",
        "Kom langs voor een kop koffie en een babbel met uw wijkagent, zonder afspraak.\n\n"
        "Passez prendre un café et discuter avec votre agent de quartier, sans rendez-vous.",
    ),
    DemoEvent(
        EventKind.THEMATIC_MEETING, *EVENING, ("fr", "nl"), 20,
        "Sécurité routière aux abords des écoles / Verkeersveiligheid aan de schoolpoort",
        "Parents, riverains et écoles : où traverser, où se garer, que faire des "
        "stationnements dangereux ?\n\nOuders, buurtbewoners en scholen: waar oversteken, "
        "waar parkeren, wat met gevaarlijk parkeren?",
    ),
    DemoEvent(
        EventKind.ACTIVITY, *AFTERNOON, ("nl",), 10,
        "Spreekuur huisvesting: uw rechten en plichten als huurder",
        "Een medewerker van de sociale huisvestingsmaatschappij legt uit wat u kunt doen bij "
        "vocht, herstellingen of een huurachterstand.",
    ),
]  # fmt: skip

FIRST_NAMES = [
    "Amina", "Jan", "Sofia", "Mohamed", "Lotte", "Marie", "Youssef", "Els", "Fatoumata",
    "Pieter", "Chloé", "Hamza", "Nathalie", "Bart", "Imane", "Lucas", "Ayşe", "Jonas",
]  # fmt: skip
LAST_NAMES = [
    "Benali", "Peeters", "Dubois", "El Idrissi", "Janssens", "Lambert", "Maes", "Diallo",
    "Yilmaz", "Claes", "Martin", "Wouters", "Haddad", "Mertens", "Kowalski", "Lemaire",
]  # fmt: skip


def seed_events(*, seed: int, now: dt.datetime | None = None) -> list[Event]:
    """Put three coming events on the calendar of every operational office."""
    if Event.objects.exists():
        return []
    now = now or timezone.now()
    rng = random.Random(seed)
    events = []
    offices = Office.objects.filter(status=OfficeStatus.OPERATIONAL).order_by("code")
    with transaction.atomic():
        for number, office in enumerate(offices):
            staff = _staff_of(office)
            if staff is None:
                continue
            for k in range(3):
                template = DEMO_EVENTS[(number + k) % len(DEMO_EVENTS)]
                event = _event(office, template, staff, rng=rng, now=now, week=k)
                _registrants(event, rng=rng, now=now, full=(number + k) % 3 == 1)
                events.append(event)
    return events


def _staff_of(office: Office) -> Membership | None:
    """Return the office's coordinator, else its desk agent: they put events on its calendar."""
    memberships = Membership.objects.filter(
        office=office, is_active=True, role__in=[Role.OFFICE_COORDINATOR, Role.FRONT_DESK_AGENT]
    ).select_related("user")
    return min(memberships, key=lambda m: m.role != Role.OFFICE_COORDINATOR, default=None)


def _working_day(rng: random.Random, now: dt.datetime, week: int) -> dt.date:
    day = timezone.localdate(now) + dt.timedelta(days=3 + 7 * week + rng.randrange(0, 6))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _event(
    office: Office,
    template: DemoEvent,
    staff: Membership,
    *,
    rng: random.Random,
    now: dt.datetime,
    week: int,
) -> Event:
    day = _working_day(rng, now, week)
    # Made a week or two ago, in office hours.
    made = timezone.localtime(now) - dt.timedelta(days=rng.randrange(7, 15))
    while made.weekday() >= 5:
        made -= dt.timedelta(days=1)
    made = made.replace(hour=rng.randrange(9, 16), minute=rng.randrange(60))
    place = _place(office)
    return event_create(
        office=office,
        details=EventDetails(
            kind=template.kind,
            title=template.title,
            description=template.description,
            place=place,
            lat=office.lat,
            lon=office.lon,
            starts_at=timezone.make_aware(dt.datetime.combine(day, template.starts)),
            ends_at=timezone.make_aware(dt.datetime.combine(day, template.ends)),
            languages=template.languages,
            capacity=template.capacity,
        ),
        by=staff.user,
        now=made,
    )


def _place(office: Office) -> str:
    """Return where the office meets residents, in both languages where they differ."""
    if office.address_fr:
        both = {office.address_fr, office.address_nl or office.address_fr}
        return f"{office.name_fr}, " + " / ".join(sorted(both, key=len))
    municipality = office.municipality
    return f"{office.name_fr}, {municipality.name_fr} / {office.name_nl}, {municipality.name_nl}"


def _registrants(event: Event, *, rng: random.Random, now: dt.datetime, full: bool) -> None:
    """Register made-up residents: over capacity when `full` (a waiting list), else some."""
    if event.capacity is None:
        count = rng.randrange(3, 9)
    elif full:
        count = event.capacity + rng.randrange(2, 5)
    else:
        count = rng.randrange(2, max(3, event.capacity * 2 // 3))
    names = rng.sample([(f, last) for f in FIRST_NAMES for last in LAST_NAMES], count)
    # Residents register from home, between breakfast and bedtime, over the past days.
    moments = sorted(
        timezone.localtime(now - dt.timedelta(days=rng.randrange(1, 7))).replace(
            hour=rng.randrange(7, 23), minute=rng.randrange(60)
        )
        for _ in names
    )
    for (first, last), moment in zip(names, moments, strict=True):
        slug = f"{first}.{last}".lower().replace(" ", "-").replace("é", "e").replace("ş", "s")
        registration_create(
            event=event,
            name=f"{first} {last}",
            email=f"{slug}@example.org",
            language=rng.choice(event.languages),
            now=moment,
            notify=False,
        )
