"""The demo's partnership meetings: three past ones per staffed office, with minutes and
action items (some done, some still open and carried to the next agenda), and one coming.

Meetings are held on working days at 9:30, the minutes and decisions written by the office's
coordinator (else its desk agent) in office hours after the meeting, in their language. The
past meetings get no agenda: an agenda is what stood when it was prepared, and the demo's
reports are those of today. Added once: nothing is added while the database holds a meeting.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from lisa.accounts.models import Membership, Organisation, Role, User
from lisa.demo.moments import Clock
from lisa.meetings.actions import (
    action_item_add,
    action_item_done,
    meeting_record_minutes,
    meeting_schedule,
)
from lisa.meetings.models import Meeting, MeetingKind
from lisa.meetings.selectors import organisations_of_office
from lisa.offices.models import Office, OfficeStatus

# The office is on the line below the title in every list: the title says which month.
TITLES = {
    "fr": "Réunion de partenariat — {month}",
    "nl": "Partnerschapsvergadering — {month}",
}
PLACE = {"fr": "{office}, salle de réunion", "nl": "{office}, vergaderzaal"}
MINUTES = {
    "fr": [
        "Tour de table des partenaires. Point sur les dépôts clandestins autour de la place : "
        "les passages de collecte ont été renforcés, la situation s'améliore.",
        "Suivi des dossiers ouverts. La police signale des rassemblements en soirée près de "
        "l'école ; la prévention propose une présence des gardiens de la paix.",
        "Bilan des signalements en retard : la plupart attendent une intervention d'un "
        "partenaire régional. Chaque partenaire fait le point sur ses actions.",
    ],
    "nl": [
        "Ronde tafel van de partners. Stand van zaken over het sluikstorten rond het plein: "
        "er wordt vaker opgehaald, de toestand verbetert.",
        "Opvolging van de open dossiers. De politie meldt samenscholingen 's avonds bij de "
        "school; preventie stelt de inzet van gemeenschapswachten voor.",
        "Overzicht van de meldingen met vertraging: de meeste wachten op een regionale "
        "partner. Elke partner geeft een stand van zaken van zijn acties.",
    ],
}
ACTIONS = {
    "fr": [
        "Organiser un passage de collecte supplémentaire le samedi matin.",
        "Écrire aux propriétaires de l'immeuble au sujet de l'éclairage du hall.",
        "Proposer une médiation aux voisins en conflit au n° 12.",
        "Faire le point avec Bruxelles-Propreté sur les dépôts rue de la station.",
        "Prévoir une présence des gardiens de la paix à la sortie de l'école.",
        "Préparer un toutes-boîtes sur les jours de collecte.",
    ],
    "nl": [
        "Een extra ophaalronde op zaterdagochtend organiseren.",
        "De eigenaars van het gebouw aanschrijven over de verlichting in de hal.",
        "De buren in conflict op nummer 12 bemiddeling voorstellen.",
        "Met Net Brussel de stand opnemen van de sluikstorten in de stationsstraat.",
        "Gemeenschapswachten inzetten aan de schoolpoort.",
        "Een huis-aan-huisfolder over de ophaaldagen voorbereiden.",
    ],
}
DONE_NOTES = {
    "fr": ["C'est fait.", "Fait, à suivre à la prochaine réunion.", "Courrier envoyé."],
    "nl": ["Gedaan.", "Gedaan, op te volgen op de volgende vergadering.", "Brief verstuurd."],
}
# How many days ago the past meetings were held, roughly a month apart; the coming one.
PAST = (88, 58, 27)
COMING = 12


def seed_meetings(*, seed: int, now: dt.datetime | None = None) -> list[Meeting]:
    """Hold three past partnership meetings at every staffed open office and plan the next."""
    if Meeting.objects.exists():
        return []
    now = now or timezone.now()
    rng = random.Random(seed)
    clock = Clock(rng=rng, now=now)
    meetings: list[Meeting] = []
    offices = Office.objects.filter(status=OfficeStatus.OPERATIONAL).order_by("code")
    with transaction.atomic():
        for office in offices:
            staff = _runner(office)
            if staff is None:
                continue
            organisations = organisations_of_office(office)
            for days in PAST:
                meetings.append(
                    _past_meeting(office, staff.user, organisations, days, rng=rng, clock=clock)
                )
            meetings.append(_coming_meeting(office, staff.user, organisations, clock=clock))
    return meetings


def _runner(office: Office) -> Membership | None:
    """Return the office's coordinator, else its desk agent: they run its meetings."""
    memberships = Membership.objects.filter(
        office=office, is_active=True, role__in=[Role.OFFICE_COORDINATOR, Role.FRONT_DESK_AGENT]
    ).select_related("user")
    return min(memberships, key=lambda m: m.role != Role.OFFICE_COORDINATOR, default=None)


def _language(user: User) -> str:
    return "nl" if user.language == "nl" else "fr"


def _morning_of(day: dt.date, clock: Clock) -> tuple[dt.datetime, dt.datetime]:
    """Return 9:30 to 11:00 on the working day at or before `day`."""
    while day.weekday() >= 5 or day in clock.calendar.days_off(day.year):
        day -= dt.timedelta(days=1)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
    return starts, starts + dt.timedelta(minutes=90)


def _schedule(
    office: Office,
    user: User,
    organisations: list[Organisation],
    starts: dt.datetime,
    *,
    clock: Clock,
    prepare_agenda: bool,
) -> Meeting:
    language = _language(user)
    name = office.name_nl if language == "nl" else office.name_fr
    starts_at, ends_at = starts, starts + dt.timedelta(minutes=90)
    # Planned about two weeks before, in office hours.
    made = clock.staff(after=starts_at - dt.timedelta(days=15), working_days=0.3)
    return meeting_schedule(
        office=office,
        kind=MeetingKind.PARTNERSHIP,
        title=TITLES[language].format(month=_month(starts_at, language)),
        starts_at=starts_at,
        ends_at=ends_at,
        place=PLACE[language].format(office=name),
        invited=organisations,
        by=user,
        now=min(made, clock.now - dt.timedelta(hours=1)),
        prepare_agenda=prepare_agenda,
    )


def _past_meeting(
    office: Office,
    user: User,
    organisations: list[Organisation],
    days_ago: int,
    *,
    rng: random.Random,
    clock: Clock,
) -> Meeting:
    language = _language(user)
    starts, ends = _morning_of(timezone.localdate(clock.now) - dt.timedelta(days=days_ago), clock)
    meeting = _schedule(office, user, organisations, starts, clock=clock, prepare_agenda=False)
    written = clock.staff(after=ends, working_days=0.2)
    present = [o for o in organisations if rng.random() < 0.8] or organisations[:1]
    meeting_record_minutes(
        meeting=meeting,
        minutes=rng.choice(MINUTES[language]),
        present=present,
        by=user,
        now=written,
    )
    for text in rng.sample(ACTIONS[language], 2):
        organisation = rng.choice(organisations)
        due = timezone.localdate(ends) + dt.timedelta(days=rng.choice((14, 21, 30)))
        item = action_item_add(
            meeting=meeting,
            text=text,
            organisation=organisation,
            due_on=due,
            by=user,
            now=written,
        )
        # Most items of the oldest meetings are done by now; the latest one's mostly open.
        if rng.random() < days_ago / 100:
            done = clock.staff(after=written, working_days=rng.uniform(3, days_ago * 0.6))
            if done < clock.now:
                action_item_done(
                    item=item, by=user, note=rng.choice(DONE_NOTES[language]), now=done
                )
    return meeting


def _coming_meeting(
    office: Office, user: User, organisations: list[Organisation], *, clock: Clock
) -> Meeting:
    starts, _ends = _morning_of(timezone.localdate(clock.now) + dt.timedelta(days=COMING), clock)
    return _schedule(office, user, organisations, starts, clock=clock, prepare_agenda=True)


def _month(moment: dt.datetime, language: str) -> str:
    with translation.override(language):
        return date_format(timezone.localtime(moment), "F Y")
