"""The demo's seventeen offices: the three published ones, and fourteen marked fictitious."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import shapely
from django.db import transaction
from shapely.geometry.base import BaseGeometry

from lisa.accounts.models import Organisation
from lisa.geo.locator import locate
from lisa.geo.models import Area, AreaKind
from lisa.lib.geometry import parse_area_geometry
from lisa.offices.actions import office_set_catchment
from lisa.offices.models import Office, OfficeStatus, OpeningHours, PartnerHelp

# The press gives addresses but no coordinates; the office is put on the point of
# a street of streets.csv in the same neighbourhood (approximate: the street's
# representative point, not the house number).
PUBLISHED_OFFICE_STREETS = {
    "Antenne Centre (Anderlecht)": ("anderlecht-vaillance", "Place de la Vaillance"),
    # Chaussée d'Alsemberg is not in streets.csv for Forest; Altitude Cent is nearby.
    "Antenne LISA Marconi (Forest)": ("forest-marconi", "Place de l'Altitude Cent"),
    "LISA quartier square Jacques Franck (Saint-Gilles)": (
        "saint-gilles-jacques-franck",
        "Square Jacques Franck",
    ),
}
PUBLISHED_NAMES = {
    "anderlecht-vaillance": (
        "Antenne LISA Centre – Vaillance",
        "LISA-antenne Centrum – Dapperheid",
    ),
    "forest-marconi": ("Antenne LISA Marconi", "LISA-antenne Marconi"),
    "saint-gilles-jacques-franck": (
        "Antenne LISA square Jacques Franck",
        "LISA-antenne Jacques Francksquare",
    ),
}
PUBLISHED_ADDRESSES_NL = {
    "anderlecht-vaillance": "Dapperheidsplein 27",
    "forest-marconi": "Alsembergsesteenweg 336",
}
WEEKDAYS = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}


@dataclass(frozen=True)
class DemoOffice:
    code: str
    municipality: str  # NIS code
    neighbourhood: str  # mdzone
    name_fr: str
    name_nl: str
    status: str
    opened_on: dt.date | None


# Fictitious offices spread over the region, so that the demo has the programme's
# 17 offices, 14 of them operational. Their names say they are demo offices.
DEMO_OFFICES = [
    DemoOffice("demo-cureghem", "21001", "12", "Cureghem", "Kuregem", "operational", dt.date(2020, 9, 1)),
    DemoOffice("demo-molenbeek-historique", "21012", "16", "Molenbeek historique", "Historisch Molenbeek", "operational", dt.date(2019, 11, 4)),
    DemoOffice("demo-gare-de-l-ouest", "21012", "15", "Gare de l'Ouest", "Weststation", "operational", dt.date(2022, 3, 14)),
    DemoOffice("demo-brabant", "21015", "22", "Quartier Brabant", "Brabantwijk", "operational", dt.date(2020, 1, 20)),
    DemoOffice("demo-saint-josse", "21014", "25", "Saint-Josse centre", "Sint-Joost centrum", "operational", dt.date(2021, 5, 3)),
    DemoOffice("demo-marolles", "21004", "8", "Marolles", "Marollen", "operational", dt.date(2019, 10, 1)),
    DemoOffice("demo-laeken", "21004", "19", "Vieux Laeken", "Oud-Laken", "operational", dt.date(2021, 9, 6)),
    DemoOffice("demo-matonge", "21009", "36", "Matonge", "Matonge", "operational", dt.date(2022, 1, 10)),
    DemoOffice("demo-chasse", "21005", "33", "Chasse", "Jacht", "operational", dt.date(2023, 2, 6)),
    DemoOffice("demo-evere-paix", "21006", "79", "Evere Paix", "Evere Vrede", "operational", dt.date(2022, 10, 3)),
    DemoOffice("demo-jette-centre", "21010", "72", "Jette centre", "Jette centrum", "operational", dt.date(2023, 9, 4)),
    DemoOffice("demo-koekelberg", "21011", "17", "Koekelberg", "Koekelberg", "operational", dt.date(2024, 4, 2)),
    DemoOffice("demo-peterbos", "21001", "61", "Peterbos", "Peterbos", "setting_up", None),
    DemoOffice("demo-bosnie", "21013", "49", "Bosnie", "Bosnië", "setting_up", None),
]  # fmt: skip


def load_offices(geodata: Path) -> list[Office]:
    """Create or update the demo's offices with their catchments and opening hours."""
    municipalities = {a.code: a for a in Area.objects.filter(kind=AreaKind.MUNICIPALITY)}
    neighbourhoods = {a.code: a for a in Area.objects.filter(kind=AreaKind.NEIGHBOURHOOD)}
    streets = _read_streets(geodata / "streets.csv")
    prevention = {
        area.code: org
        for org in Organisation.objects.filter(service="prevention").prefetch_related(
            "jurisdiction"
        )
        for area in org.jurisdiction.all()
    }
    offices = []
    with transaction.atomic():
        for row in _published_rows(geodata / "offices_press_excerpts.csv"):
            code, street = PUBLISHED_OFFICE_STREETS[row["name"]]
            municipality = next(m for m in municipalities.values() if m.name_fr == row["commune"])
            lon, lat = streets[(street, municipality.code)]
            name_fr, name_nl = PUBLISHED_NAMES[code]
            address = row["address_as_published"]
            office = _upsert_office(
                code=code,
                name_fr=name_fr,
                name_nl=name_nl,
                municipality=municipality,
                lat=lat,
                lon=lon,
                address_fr="" if address.startswith("(") else address,
                address_nl=PUBLISHED_ADDRESSES_NL.get(code, ""),
                status=_status(row["status_as_published"]),
                opened_on=_opened_on(row["status_as_published"]),
                coordinator=prevention[municipality.code],
                source_url=row["source_url"],
                is_demo=False,
            )
            _set_hours(office, _parse_hours(row["note"]) or DEFAULT_HOURS)
            offices.append(office)
        for demo in DEMO_OFFICES:
            neighbourhood = neighbourhoods[demo.neighbourhood]
            lon, lat = parse_area_geometry(neighbourhood.geometry).representative_point().coords[0]
            office = _upsert_office(
                code=demo.code,
                name_fr=f"Antenne LISA {demo.name_fr} (démo)",
                name_nl=f"LISA-antenne {demo.name_nl} (demo)",
                municipality=municipalities[demo.municipality],
                lat=lat,
                lon=lon,
                address_fr="",
                address_nl="",
                status=demo.status,
                opened_on=demo.opened_on,
                coordinator=prevention[demo.municipality],
                source_url="",
                is_demo=True,
            )
            _set_hours(office, DEMO_HOURS[len(offices) % len(DEMO_HOURS)])
            offices.append(office)
        # Locate every office first: each catchment change below rebuilds the locator.
        places = {office.code: locate(lat=office.lat, lon=office.lon) for office in offices}
        homes = {
            code: neighbourhoods[place.neighbourhood.code] if place.neighbourhood else None
            for code, place in places.items()
        }
        taken = {home.code for home in homes.values() if home is not None}
        shapes = {code: parse_area_geometry(n.geometry) for code, n in neighbourhoods.items()}
        for office in offices:
            catchment = _catchment(
                office, homes[office.code], neighbourhoods.values(), shapes, taken
            )
            taken |= {n.code for n in catchment}
            office_set_catchment(office=office, neighbourhoods=catchment)
            zone = places[office.code].police_zone
            partners = Organisation.objects.filter(
                jurisdiction__in=[office.municipality, *([zone] if zone else [])]
            ).exclude(service__in=["public_works"])
            office.partners.set(partners)
        for number, office in enumerate(offices):
            _set_public_info(office, number)
    return offices


DEFAULT_HOURS = [(day, dt.time(9), dt.time(12, 30)) for day in range(5)] + [
    (day, dt.time(13, 30), dt.time(16, 30)) for day in (0, 1, 3)
]


_T = dt.time
# Three ways the demo offices open: mornings with some afternoons; long days with a late
# Wednesday; and a Saturday morning with a closed Monday afternoon.
DEMO_HOURS = [
    DEFAULT_HOURS,
    [(day, _T(9), _T(12)) for day in range(5)]
    + [(day, _T(13), _T(17)) for day in (0, 1, 3, 4)]
    + [(2, _T(13), _T(19))],
    [(day, _T(8, 30), _T(12)) for day in range(5)]
    + [(day, _T(13), _T(16)) for day in (1, 2, 3)]
    + [(5, _T(9, 30), _T(12, 30))],
]

# What each kind of partner helps residents with, as a coordinator would write it.
PARTNER_HELP = {
    "police": (
        "Dépôt de plainte sur rendez-vous, conseils contre les cambriolages, "
        "questions à votre agent de quartier.",
        "Klacht indienen op afspraak, advies tegen inbraak, vragen aan uw wijkagent.",
        "Filing a complaint by appointment, burglary prevention advice, questions for your "
        "community officer.",
    ),
    "prevention": (
        "Médiation entre voisins, accompagnement des victimes, conseils de prévention.",
        "Buurtbemiddeling, slachtofferhulp, preventieadvies.",
        "Mediation between neighbours, support for victims, prevention advice.",
    ),
    "cleanliness": (
        "Dépôts clandestins, enlèvement des encombrants, sacs poubelles et calendrier des "
        "collectes.",
        "Sluikstorten, ophaling van grofvuil, vuilniszakken en ophaalkalender.",
        "Illegal dumping, bulky waste collection, rubbish bags and the collection calendar.",
    ),
    "social": (
        "Aide sociale et financière, énergie, aide pour vos démarches administratives.",
        "Sociale en financiële hulp, energie, hulp bij administratieve stappen.",
        "Social and financial help, energy bills, help with administrative steps.",
    ),
    "housing": (
        "Réparations et problèmes dans votre logement social, questions sur votre loyer.",
        "Herstellingen en problemen in uw sociale woning, vragen over uw huur.",
        "Repairs and problems in your social housing, questions about your rent.",
    ),
}

DEMO_DESCRIPTION = (
    "Venez sans rendez-vous pendant les heures d'ouverture, ou appelez-nous : nous "
    "transmettons votre demande au bon service et nous vous tenons au courant.",
    "Kom langs zonder afspraak tijdens de openingsuren, of bel ons: we geven uw vraag "
    "door aan de juiste dienst en houden u op de hoogte.",
    "Come by without an appointment during opening hours, or call us: we pass your "
    "request to the right service and keep you informed.",
)


def _set_public_info(office: Office, number: int) -> None:
    """Give the office demo contact details (+32 2 555 numbers, example.org addresses),
    a description and what each partner helps with."""
    office.phone = f"+32 2 555 01 {10 + number:02d}"
    office.email = f"{office.code.removeprefix('demo-')}@lisa-demo.example.org"
    office.description_fr, office.description_nl, office.description_en = DEMO_DESCRIPTION
    office.save(
        update_fields=["phone", "email", "description_fr", "description_nl", "description_en"]
    )
    office.partner_help.all().delete()
    PartnerHelp.objects.bulk_create(
        PartnerHelp(
            office=office,
            organisation=partner,
            help_fr=PARTNER_HELP[partner.service][0],
            help_nl=PARTNER_HELP[partner.service][1],
            help_en=PARTNER_HELP[partner.service][2],
        )
        for partner in office.partners.all()
        if partner.service in PARTNER_HELP
    )


def _upsert_office(*, code: str, **fields: object) -> Office:
    fields["name_en"] = fields["name_fr"]
    office, _created = Office.objects.update_or_create(code=code, defaults=fields)
    return office


def _set_hours(office: Office, hours: list[tuple[int, dt.time, dt.time]]) -> None:
    office.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(office=office, weekday=day, opens=opens, closes=closes)
        for day, opens, closes in hours
    )


def _catchment(
    office: Office,
    home: Area | None,
    neighbourhoods: Iterable[Area],
    shapes: dict[str, BaseGeometry],
    taken: set[str],
) -> list[Area]:
    """Return the office's neighbourhood and up to two free neighbours in its municipality.

    A neighbour counts only if nine tenths of it lie in the office's municipality:
    some neighbourhoods straddle a border, and a municipal office stops at it.
    """
    if home is None:
        return []
    home_shape = shapes[home.code]
    municipality = parse_area_geometry(office.municipality.geometry)
    neighbours = []
    for n in neighbourhoods:
        shape = shapes[n.code]
        if (
            n.parent_id == office.municipality_id
            and n.code not in taken
            and shapely.dwithin(shape, home_shape, 0.0002)
            and shape.intersection(municipality).area >= 0.9 * shape.area
        ):
            neighbours.append(n)
    return [home, *sorted(neighbours, key=lambda n: n.code)[:2]]


def _read_streets(path: Path) -> dict[tuple[str, str], tuple[float, float]]:
    with path.open(encoding="utf-8") as file:
        return {
            (row["name_fr_guess"], row["commune_nis"]): (float(row["lon"]), float(row["lat"]))
            for row in csv.DictReader(file)
        }


def _published_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as file:
        return [row for row in csv.DictReader(file) if row["kind"] == "LISA"]


def _status(published: str) -> str:
    if published.startswith("opened"):
        return OfficeStatus.OPERATIONAL
    if published.startswith("planned"):
        return OfficeStatus.PLANNED
    return OfficeStatus.SETTING_UP


def _opened_on(published: str) -> dt.date | None:
    match = re.search(r"(\d{4})-(\d{2})(?:-(\d{2}))?", published)
    if not match:
        return None
    return dt.date(int(match[1]), int(match[2]), int(match[3] or 1))


def _parse_hours(note: str) -> list[tuple[int, dt.time, dt.time]]:
    """Read "Mon-Tue-Fri 9:00-16:30, Wed-Thu 12:30-18:30" into (weekday, opens, closes)."""
    hours = []
    for days, opens, closes in re.findall(
        r"((?:[A-Z][a-z]{2}-?)+) (\d{1,2}:\d{2})-(\d{1,2}:\d{2})", note
    ):
        for day in days.strip("-").split("-"):
            hours.append((WEEKDAYS[day], _time(opens), _time(closes)))
    return hours


def _time(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))
