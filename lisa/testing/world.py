"""One fixed world for permission tests: a person in every role, and reports, notes,
attachments and a case placed so that each rule of docs/adr/0009-visibility.md shows.

The names (`desk`, `housing_in`, `police_note_police`, …) are the vocabulary of the
expectation tables in `lisa/backoffice/tests/test_permission_matrix.py`. Every text a rule
hides carries a marker (`DESCRIPTION of private_in`, `NOTE police/police`) so that a test can
look for it in a page. Build it with `build_world()` inside a database transaction.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils import timezone
from PIL import Image

from lisa.accounts.models import Organisation, Role, User
from lisa.cases.actions import case_open, task_add
from lisa.cases.models import Case
from lisa.geo.models import AreaKind
from lisa.offices.models import Office
from lisa.reports.actions import (
    ReporterDetails,
    attachment_add,
    info_request_answer,
    info_request_create,
    message_send,
    note_add,
    report_create,
    report_transition,
)
from lisa.reports.models import (
    Attachment,
    Category,
    Channel,
    Note,
    NoteVisibility,
    Report,
    Reporter,
    ReporterRole,
    Status,
)
from lisa.testing.factories import OfficeFactory, UserFactory, grant
from lisa.testing.personas import GRAND_PLACE, VAILLANCE, area, make_anderlecht_office

# Anderlecht, neighbourhood Bizet - Roue - Ceria: in no office's catchment.
BIZET = (50.8245, 4.2960)

# name (the username, with dots): memberships as (organisation, role, office)
PEOPLE: dict[str, list[tuple[str, str, str | None]]] = {
    "desk": [("anderlecht-prevention", Role.FRONT_DESK_AGENT, "vaillance")],
    "coordinator": [("anderlecht-prevention", Role.OFFICE_COORDINATOR, "vaillance")],
    "housing": [("foyer-anderlechtois", Role.PARTNER_AGENT, None)],
    "housing_manager": [("foyer-anderlechtois", Role.PARTNER_MANAGER, None)],
    "police": [("police-5341", Role.POLICE_OFFICER, "vaillance")],
    "cleaner": [("anderlecht-cleanliness", Role.PARTNER_AGENT, "vaillance")],
    # A partner agent of the prevention service (a peacekeeper): the same organisation as the
    # desk and the coordinator, in a partner's role.
    "peacekeeper": [("anderlecht-prevention", Role.PARTNER_AGENT, None)],
    "police_5339": [("police-5339", Role.POLICE_OFFICER, "grand_place")],
    "analyst": [("safe-brussels", Role.REGIONAL_ANALYST, None)],
    "admin": [("safe-brussels", Role.ADMINISTRATOR, None)],
    # Two roles: what she sees as an analyst must not borrow what she sees as a partner.
    "analyst_housing": [
        ("safe-brussels", Role.REGIONAL_ANALYST, None),
        ("foyer-anderlechtois", Role.PARTNER_AGENT, None),
    ],
}

# name: (category, point, organisation that handles it)
REPORTS: dict[str, tuple[str, tuple[float, float], str]] = {
    "housing_in": ("dumping-bulky", VAILLANCE, "foyer-anderlechtois"),
    "housing_out": ("dumping-bulky", BIZET, "foyer-anderlechtois"),
    "other_in": ("dumping-bulky", VAILLANCE, "anderlecht-cleanliness"),
    "other_out": ("dumping-bulky", GRAND_PLACE, "bruxelles-cleanliness"),
    # Handled by the housing company first, then transferred to the cleanliness service.
    "transferred": ("dumping-bulky", BIZET, "foyer-anderlechtois"),
    # Registered at the Vaillance desk by `desk`, about a place in another office's catchment.
    "desk_registered_out": ("dumping-bulky", GRAND_PLACE, "bruxelles-cleanliness"),
    # In a case of the Vaillance office where the housing company, both police zones and the
    # prevention service have a task; the notes live here.
    "in_case": ("dumping-bulky", VAILLANCE, "anderlecht-cleanliness"),
    "private_in": ("neighbourhood-dispute", VAILLANCE, "anderlecht-prevention"),
    "police_in": ("traffic-speeding", BIZET, "police-5341"),
    "prevention_out": ("neighbourhood-dispute", BIZET, "anderlecht-prevention"),
}

# name: (author, organisation, visibility, on the case rather than on `in_case`)
NOTES: dict[str, tuple[str, str, str, bool]] = {
    "police_note_organisation": ("police", "police-5341", NoteVisibility.ORGANISATION, False),
    "police_note_office": ("police", "police-5341", NoteVisibility.OFFICE, False),
    "police_note_police": ("police", "police-5341", NoteVisibility.POLICE, False),
    "housing_note_organisation": (
        "housing",
        "foyer-anderlechtois",
        NoteVisibility.ORGANISATION,
        False,
    ),
    "housing_note_office": ("housing", "foyer-anderlechtois", NoteVisibility.OFFICE, False),
    "prevention_note_organisation": (
        "peacekeeper",
        "anderlecht-prevention",
        NoteVisibility.ORGANISATION,
        False,
    ),
    "prevention_note_office": (
        "coordinator",
        "anderlecht-prevention",
        NoteVisibility.OFFICE,
        False,
    ),
    "case_note_police": ("police", "police-5341", NoteVisibility.POLICE, True),
    "case_note_office": ("coordinator", "anderlecht-prevention", NoteVisibility.OFFICE, True),
}

# Texts some people may read and others not, looked for in the pages.
REASON = "REASON for transferring transferred"
PUBLIC_MESSAGE = "PUBLIC MESSAGE on acknowledging housing_in"
ACKNOWLEDGE_REASON = "REASON for acknowledging housing_in"
MESSAGE = "MESSAGE to the resident of housing_in"
QUESTION = "QUESTION to the resident of housing_in"
ANSWER = "ANSWER of the resident of housing_in"
INTERNAL_FILE = "internal-INTERNALFILE.pdf"
PUBLIC_FILE = "public-PUBLICFILE.png"


def description_of(report: str) -> str:
    return f"DESCRIPTION of {report}"


def address_of(report: str) -> str:
    return f"ADDRESS of {report}"


def email_of(report: str, role: str = "reporter") -> str:
    return f"{role}.{report.replace('_', '-')}@residents.example"


def note_body(note: str) -> str:
    author, _organisation, visibility, on_case = NOTES[note]
    return f"NOTE {author}/{visibility}{' (case)' if on_case else ''}"


@dataclass
class World:
    offices: dict[str, Office] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    attachments: dict[str, Attachment] = field(default_factory=dict)
    case: Case | None = None

    def reporters(self, report: str) -> int:
        return Reporter.objects.filter(report=self.reports[report]).count()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def build_world() -> World:
    """Create the world; call it inside a transaction that the caller rolls back."""
    world = World()
    organisations = {o.code: o for o in Organisation.objects.all()}
    vaillance = make_anderlecht_office()
    vaillance.partners.set(
        [
            organisations[code]
            for code in ("foyer-anderlechtois", "police-5341", "anderlecht-cleanliness")
        ]
    )
    grand_place = OfficeFactory.create(
        code="test-grand-place",
        name_fr="Antenne Grand-Place (test)",
        name_nl="Antenne Grote Markt (test)",
        municipality=area(AreaKind.MUNICIPALITY, "21004"),
        lat=GRAND_PLACE[0],
        lon=GRAND_PLACE[1],
        coordinator=organisations["bruxelles-prevention"],
        catchment_codes=["1"],  # Grand Place
    )
    world.offices = {"vaillance": vaillance, "grand_place": grand_place}

    for name, memberships in PEOPLE.items():
        user = UserFactory.create(username=name.replace("_", "."), first_name=name, password=None)
        for code, role, office in memberships:
            grant(user, code, role, office=world.offices[office] if office else None)
        world.people[name] = user
    people = world.people

    for name, (category, point, organisation) in REPORTS.items():
        registered = name == "desk_registered_out"
        world.reports[name] = report_create(
            category=Category.objects.get(code=category),
            lat=point[0],
            lon=point[1],
            description=description_of(name),
            address=address_of(name),
            channel=Channel.DESK if registered else Channel.WEB,
            by=people["desk"] if registered else None,
            registered_at_office=vaillance if registered else None,
            organisation=organisations[organisation],
            reporter=ReporterDetails(
                name=f"Resident of {name}",
                email=email_of(name),
                phone="+32 470 12 34 56",
                consents_to_contact=True,
            ),
            notify=False,
        ).report
    reports = world.reports
    expected_offices = {VAILLANCE: vaillance, GRAND_PLACE: grand_place, BIZET: None}
    for name, (_category, point, _organisation) in REPORTS.items():
        # The rules of the matrix rest on where each report is: check it, once.
        assert reports[name].office == expected_offices[point], name

    housing_in = reports["housing_in"]
    Reporter.objects.create(
        report=housing_in,
        role=ReporterRole.SUPPORTER,
        name="Supporter of housing_in",
        email=email_of("housing_in", "supporter"),
        created_at=timezone.now(),
    )
    report_transition(
        report=housing_in,
        to_status=Status.ACKNOWLEDGED,
        by=people["housing"],
        public_message=PUBLIC_MESSAGE,
        reason=ACKNOWLEDGE_REASON,
    )
    message_send(report=housing_in, body=MESSAGE, by=people["housing"])
    asked = info_request_create(report=housing_in, question=QUESTION, by=people["housing"])
    info_request_answer(request=asked.request, answer=ANSWER)
    world.attachments = {
        "internal": attachment_add(
            report=housing_in, data=PDF, filename=INTERNAL_FILE, by=people["housing"]
        ),
        "public": attachment_add(
            report=housing_in,
            data=_png(),
            filename=PUBLIC_FILE,
            by=people["housing"],
            is_public=True,
        ),
    }
    report_transition(
        report=reports["transferred"],
        to_status=Status.TRANSFERRED,
        by=people["housing"],
        to_organisation=organisations["anderlecht-cleanliness"],
        reason=REASON,
    )

    case = case_open(
        office=vaillance,
        title="CASE around in_case",
        by=people["coordinator"],
        reports=[reports["in_case"]],
    )
    for code in ("foyer-anderlechtois", "police-5341", "police-5339", "anderlecht-prevention"):
        task_add(
            case=case,
            organisation=organisations[code],
            description=f"TASK for {code}",
            by=people["coordinator"],
        )
    world.case = case

    for name, (author, organisation, visibility, on_case) in NOTES.items():
        world.notes[name] = note_add(
            by=people[author],
            body=note_body(name),
            visibility=visibility,
            organisation=organisations[organisation],
            report=None if on_case else reports["in_case"],
            case=case if on_case else None,
        )
    return world
