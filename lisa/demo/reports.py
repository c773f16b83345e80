"""A believable year of demo reports, made through the same actions as real ones."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from lisa.accounts.models import Membership, Organisation, User
from lisa.errors import LisaError
from lisa.geo.locator import get_locator
from lisa.offices.models import Office
from lisa.reports.actions import ReporterDetails, report_create, report_transition
from lisa.reports.models import Category, Channel, Report, Status
from lisa.reports.routing import office_serving

T = TypeVar("T")

# Share of each problem type among reports, after the LISA programme's priorities.
CATEGORY_MIX = {
    "dumping": 34,
    "parking": 12,
    "tags": 10,
    "furniture": 9,
    "lighting": 8,
    "noise": 8,
    "neighbourhood": 7,
    "traffic": 7,
    "other": 5,
}
CHANNEL_MIX = {
    Channel.WEB: 44,
    Channel.DESK: 24,
    Channel.PHONE: 16,
    Channel.EMAIL: 8,
    Channel.FIELD: 6,
    Channel.API: 2,
}
LANGUAGE_MIX = {"fr": 70, "nl": 24, "en": 6}
ROAD_MIX = {"municipal": 66, "regional": 20, "unknown": 6, None: 8}

DESCRIPTIONS = {
    "dumping": {
        "fr": ["Des sacs et des cartons déposés au pied de l'arbre depuis plusieurs jours.",
               "Un matelas et un vieux frigo abandonnés sur le trottoir.",
               "Dépôt de gravats à côté des bulles à verre."],
        "nl": ["Al enkele dagen zakken en dozen aan de voet van de boom.",
               "Een matras en een oude koelkast op het voetpad achtergelaten.",
               "Bouwpuin naast de glasbollen gestort."],
        "en": ["Bags and boxes left by the tree for several days.",
               "A mattress and an old fridge dumped on the pavement."],
    },
    "parking": {
        "fr": ["Une camionnette stationne tous les matins sur la piste cyclable.",
               "Voiture garée devant mon garage, je ne peux pas sortir.",
               "Véhicule sans plaque à l'arrêt depuis des semaines."],
        "nl": ["Elke ochtend staat er een bestelwagen op het fietspad.",
               "Auto voor mijn garage geparkeerd, ik kan er niet uit."],
        "en": ["A van parks on the cycle lane every morning."],
    },
    "tags": {
        "fr": ["Nouveaux tags sur la façade de l'école.", "La vitrine du commerce est couverte de tags."],
        "nl": ["Nieuwe tags op de gevel van de school.", "De etalage van de winkel zit vol tags."],
        "en": ["New tags on the school's facade."],
    },
    "furniture": {
        "fr": ["Le banc de la place est cassé, une planche manque.",
               "Potelet arraché au coin de la rue, dangereux pour les piétons."],
        "nl": ["De bank op het plein is stuk, er ontbreekt een plank.",
               "Paaltje op de hoek uitgerukt, gevaarlijk voor voetgangers."],
        "en": ["The bench on the square is broken."],
    },
    "lighting": {
        "fr": ["Le lampadaire devant le numéro 12 ne s'allume plus.",
               "Toute la rue est dans le noir depuis hier soir."],
        "nl": ["De straatlamp voor nummer 12 brandt niet meer.",
               "De hele straat is sinds gisteravond donker."],
        "en": ["The street light outside number 12 is out."],
    },
    "noise": {
        "fr": ["Musique très forte tous les week-ends jusqu'à 3 h du matin.",
               "Le chantier commence avant 7 h, même le samedi."],
        "nl": ["Elk weekend luide muziek tot 3 uur 's nachts.",
               "De werf begint voor 7 uur, ook op zaterdag."],
        "en": ["Loud music every weekend until 3 a.m."],
    },
    "neighbourhood": {
        "fr": ["Conflit récurrent avec le voisin au sujet des poubelles dans le hall.",
               "Un groupe se rassemble le soir dans l'entrée de l'immeuble.",
               "Une dame âgée semble seule et sans aide."],
        "nl": ["Terugkerend conflict met de buur over de vuilnisbakken in de hal.",
               "Een groep komt 's avonds samen in de inkom van het gebouw."],
        "en": ["A recurring dispute with the neighbour about the bins in the hall."],
    },
    "traffic": {
        "fr": ["Les voitures roulent beaucoup trop vite devant l'école.",
               "Le feu pour piétons reste au rouge."],
        "nl": ["Auto's rijden veel te snel voor de school.",
               "Het voetgangerslicht blijft op rood staan."],
        "en": ["Cars drive far too fast outside the school."],
    },
    "other": {
        "fr": ["Un arbre penche dangereusement au-dessus de la rue.",
               "Une plaque d'égout bouge au passage des voitures."],
        "nl": ["Een boom helt gevaarlijk over de straat.",
               "Een rioolputdeksel beweegt als er auto's over rijden."],
        "en": ["A tree leans dangerously over the street."],
    },
}  # fmt: skip


@dataclass(frozen=True)
class Street:
    name_fr: str
    name_nl: str
    lat: float
    lon: float
    weight: float


def seed_reports(
    *,
    count: int,
    geodata: Path,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create `count` reports over the past year with their histories; return how many."""
    rng = random.Random(seed)
    now = timezone.now()
    streets = _weighted_streets(geodata / "streets.csv")
    street_weights = [street.weight for street in streets]
    top_categories = {
        c.code: c for c in Category.objects.filter(parent=None).prefetch_related("children")
    }
    desk_agents = {
        membership.office_id: membership.user
        for membership in Membership.objects.filter(role="front_desk_agent").select_related("user")
        if membership.office_id is not None
    }
    handlers = _handlers()
    last_by_place: dict[tuple[str, int], Report] = {}
    created = 0
    for batch_start in range(0, count, 250):
        with transaction.atomic():
            for _index in range(batch_start, min(count, batch_start + 250)):
                report = _one_report(
                    rng=rng,
                    now=now,
                    streets=streets,
                    street_weights=street_weights,
                    top_categories=top_categories,
                    desk_agents=desk_agents,
                )
                _play_history(
                    rng=rng, report=report, now=now, handlers=handlers, last_by_place=last_by_place
                )
                created += 1
        if progress:
            progress(created)
    return created


def _one_report(
    *,
    rng: random.Random,
    now: dt.datetime,
    streets: list[Street],
    street_weights: list[float],
    top_categories: dict[str, Category],
    desk_agents: dict[int, User],
) -> Report:
    top = top_categories[_pick(rng, CATEGORY_MIX)]
    children = list(top.children.all())
    category = rng.choice(children) if children and rng.random() < 0.9 else top
    language = _pick(rng, LANGUAGE_MIX)
    channel = _pick(rng, CHANNEL_MIX)
    attributes = {}
    if any(q["code"] == "road" for q in category.all_questions()):
        road = _pick(rng, ROAD_MIX)
        if road:
            attributes["road"] = road
    created_at = _moment(rng, now, noisy=top.code == "noise")
    while True:
        street = rng.choices(streets, weights=street_weights)[0]
        lat = street.lat + rng.gauss(0, 0.0004)
        lon = street.lon + rng.gauss(0, 0.0006)
        try:
            location = get_locator().locate(lat=lat, lon=lon)
            break
        except LisaError:
            continue  # jittered out of the region: draw again
    # A desk report is registered at the office of the place, by its agent if it has one.
    office = office_serving(location) if channel == Channel.DESK else None
    number = rng.randint(1, 180)
    address = (
        f"{street.name_nl if language == 'nl' and street.name_nl else street.name_fr} {number}"
    )
    reporter = None
    if channel != Channel.FIELD and rng.random() < 0.75:
        n = rng.randint(1000, 9999)
        reporter = ReporterDetails(
            name=f"Demo Resident {n}",
            email=f"resident{n}@example.org" if rng.random() < 0.8 else "",
            phone=f"+32 470 00 {n // 100:02d} {n % 100:02d}" if rng.random() < 0.5 else "",
            language=language,
            consents_to_contact=rng.random() < 0.7,
        )
    result = report_create(
        category=category,
        lat=lat,
        lon=lon,
        description=rng.choice(DESCRIPTIONS[top.code][language]),
        channel=channel,
        address=address,
        attributes=attributes,
        reporter=reporter,
        language=language,
        by=desk_agents.get(office.id) if office else None,
        registered_at_office=office,
        now=created_at,
        notify=False,
    )
    return result.report


def _play_history(
    *,
    rng: random.Random,
    report: Report,
    now: dt.datetime,
    handlers: dict[int, list[User]],
    last_by_place: dict[tuple[str, int], Report],
) -> None:
    """Move the report along a plausible path, stopping at today."""
    place = (report.category.code, report.municipality_id)
    earlier = last_by_place.get(place)
    last_by_place[place] = report
    moment = report.created_at

    def step(
        to_status: str,
        after_days: float,
        *,
        public_message: str = "",
        reason: str = "",
        to_organisation: Organisation | None = None,
        duplicate_of: Report | None = None,
    ) -> bool:
        nonlocal moment
        moment = moment + dt.timedelta(days=after_days, hours=rng.uniform(0, 6))
        if moment >= now:
            return False
        users: list[User | None] = [*handlers.get(report.organisation_id or 0, [])] or [None]
        report_transition(
            report=report,
            to_status=to_status,
            by=rng.choice(users),
            now=moment,
            public_message=public_message,
            reason=reason,
            to_organisation=to_organisation,
            duplicate_of=duplicate_of,
        )
        return True

    roll = rng.random()
    if roll < 0.03 and earlier is not None and earlier.pk != report.pk:
        step(Status.DUPLICATE, rng.uniform(0.1, 2), duplicate_of=earlier)
        return
    if roll < 0.07:
        step(
            Status.REJECTED,
            rng.uniform(0.1, 3),
            public_message="Ce signalement ne relève pas de nos services.",
        )
        return
    if not step(Status.ACKNOWLEDGED, rng.uniform(0.05, 2)):
        return
    target = _transfer_target(report) if roll < 0.13 else None
    if target is not None:
        if not step(
            Status.TRANSFERRED,
            rng.uniform(0.5, 3),
            to_organisation=target,
            reason="Hors compétence",
        ):
            return
        if not step(Status.ACKNOWLEDGED, rng.uniform(0.1, 2)):
            return
    # Some reports stall along the way: the backlog every office knows.
    if rng.random() < 0.05 or not step(Status.IN_PROGRESS, rng.uniform(0.5, 6)):
        return
    if rng.random() < 0.07:
        return
    waits = rng.random() < 0.1
    if waits and not (
        step(Status.WAITING, rng.uniform(1, 5)) and step(Status.IN_PROGRESS, rng.uniform(3, 20))
    ):
        return
    on_time = rng.random() < 0.72
    deadline_days = (
        max((report.deadline - report.created_at.date()).days, 1) if report.deadline else 10
    )
    days = rng.uniform(0.3, 0.9) * deadline_days if on_time else deadline_days * rng.uniform(1.1, 3)
    if not step(
        Status.RESOLVED,
        days,
        public_message="Le problème a été traité. Merci pour votre signalement.",
    ):
        return
    if rng.random() < 0.04:
        if not step(
            Status.REOPENED,
            rng.uniform(1, 6),
            public_message="Le problème persiste selon le riverain.",
        ):
            return
        if not step(Status.IN_PROGRESS, rng.uniform(0.5, 3)) or not step(
            Status.RESOLVED, rng.uniform(2, 10)
        ):
            return
    if rng.random() < 0.9:
        step(Status.CLOSED, rng.uniform(5, 10))


def _transfer_target(report: Report) -> Organisation | None:
    """Return another organisation a report is plausibly passed on to."""
    organisation = report.organisation
    if organisation is None:
        return None
    if organisation.code == "bruxelles-proprete":
        return Organisation.objects.filter(
            service="cleanliness", jurisdiction=report.municipality
        ).first()
    if organisation.service == "cleanliness":
        return Organisation.objects.filter(code="bruxelles-proprete").first()
    return (
        Organisation.objects.filter(service="prevention", jurisdiction=report.municipality)
        .exclude(pk=organisation.pk)
        .first()
    )


def _handlers() -> dict[int, list[User]]:
    handlers: dict[int, list[User]] = {}
    for membership in Membership.objects.select_related("user"):
        handlers.setdefault(membership.organisation_id, []).append(membership.user)
    return handlers


def _moment(rng: random.Random, now: dt.datetime, *, noisy: bool) -> dt.datetime:
    """Return a time in the past year: fewer at weekends, more noise in summer evenings."""
    while True:
        day = timezone.localdate(now) - dt.timedelta(days=rng.randint(0, 364))
        weight = 0.45 if day.weekday() >= 5 else 1.0
        if noisy and day.month in (5, 6, 7, 8, 9):
            weight *= 1.6
        if rng.random() < weight / 1.6:
            break
    hour = min(max(rng.gauss(14 if not noisy else 21, 3), 0), 23.99)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(int(hour), int(hour % 1 * 60))))
    return min(moment, now - dt.timedelta(minutes=5))


def _weighted_streets(path: Path) -> list[Street]:
    """Return the streets, weighted up where an office works (the busier neighbourhoods)."""
    locator = get_locator()
    catchments = set(
        Office.objects.filter(catchment__isnull=False).values_list("catchment_id", flat=True)
    )
    with path.open(encoding="utf-8") as file:
        rows = [r for r in csv.DictReader(file) if r["name_fr_guess"]]
    lats = [float(r["lat"]) for r in rows]
    lons = [float(r["lon"]) for r in rows]
    located = locator.locate_many(lats=lats, lons=lons)
    streets = []
    for row, lat, lon, catchment, municipality in zip(
        rows, lats, lons, located["office_catchment"], located["municipality"], strict=True
    ):
        if municipality is None:
            continue
        streets.append(
            Street(
                name_fr=row["name_fr_guess"],
                name_nl=row["name_nl_guess"],
                lat=lat,
                lon=lon,
                weight=3.0 if catchment in catchments else 1.0,
            )
        )
    return streets


def _pick(rng: random.Random, mix: dict[T, int]) -> T:
    return rng.choices(list(mix), weights=list(mix.values()))[0]
