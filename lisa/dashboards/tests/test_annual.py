"""The annual activity report: a PDF with the dashboard's numbers, a command and a download.

Each page of the PDFs made here is written to test-results/ as a PNG, to be looked at.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from pypdf import PdfReader

from lisa.accounts.models import Organisation, Role
from lisa.dashboards.annual import annual_pdf, annual_report, system_reader
from lisa.dashboards.selectors import DashboardScope, Level, Period, dashboard_figures
from lisa.funding.actions import call_close, tranche_pay
from lisa.funding.selectors import programme_overview
from lisa.funding.tests.conftest import apply, make_call
from lisa.funding.tests.test_actions import DECIDED, award, score_all
from lisa.geo.models import AreaKind
from lisa.meetings.actions import meeting_cancel, meeting_record_minutes, meeting_schedule
from lisa.meetings.models import MeetingKind
from lisa.offices.models import Office
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import area

from .conftest import MARCH, NOW, TODAY

pytestmark = pytest.mark.django_db

RESULTS = Path("test-results")
YEAR_2026 = Period(first=TODAY.replace(month=1, day=1), last=TODAY.replace(month=12, day=1))
SECTIONS_EN = [
    "Annual activity report",
    "Summary",
    "Reports by category",
    "Reports by month",
    "Resolution times and deadline compliance",
    "Reports by neighbourhood",
    "Satisfaction of residents",
    "Desk visits by topic and language",
    "Events and attendance",
    "Partnership meetings",
    "Funding of the financial year",
]


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def save_pages(content: bytes, name: str) -> list[Path]:
    """Write each page as a PNG in test-results/, and return their paths."""
    RESULTS.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(content)
    paths = []
    for index in range(len(document)):
        path = RESULTS / f"{name}-p{index + 1}.png"
        document[index].render(scale=1.2).to_pil().save(path)
        paths.append(path)
    document.close()
    return paths


def test_it_prints_the_region_with_the_dashboards_totals(march):
    reader = system_reader()
    region = DashboardScope(Level.REGION, None, "")
    with translation.override("en"):
        report = annual_report(reader, region, 2026, today=TODAY)
        content = annual_pdf(report)
        figures = dashboard_figures(reader, region, YEAR_2026, today=TODAY)

    pages, text = pdf_text(content)
    assert content.startswith(b"%PDF-")
    assert pages >= 3
    for title in SECTIONS_EN:
        assert title in text
    assert "Brussels-Capital Region 2026" in text
    assert report.figures.tables == figures.tables
    assert figures.resolution.reports == 8
    # The summary, by category and by month, as the dashboard counts them.
    for table_key in ("summary", "categories", "months"):
        for row in figures.table(table_key).rows:
            cells = " ".join("—" if value is None else str(value) for value in row)
            assert cells in text, cells
    assert "2026-03 8" in text
    assert re.search(r"\b2 / \d+\b", text)
    save_pages(content, "annual-region-en")


def test_it_prints_an_office_in_french_and_dutch(march, anderlecht_office):
    reader = system_reader()
    office = DashboardScope(Level.OFFICE, anderlecht_office.pk, "")
    outputs = {}
    for language in ("fr", "nl"):
        with translation.override(language):
            outputs[language] = annual_pdf(annual_report(reader, office, 2026, today=TODAY))
        save_pages(outputs[language], f"annual-office-{language}")

    _pages, french = pdf_text(outputs["fr"])
    _pages, dutch = pdf_text(outputs["nl"])
    assert "Rapport d’activité annuel" in french
    assert "Jaarverslag" in dutch
    assert anderlecht_office.name_fr in french


def test_the_command_writes_the_pdf_as_the_system(march, anderlecht_office, tmp_path):
    out = tmp_path / "office.pdf"

    call_command(
        "activity_report",
        "--office",
        anderlecht_office.code,
        "--year",
        "2026",
        "--out",
        str(out),
        "--language",
        "en",
        stdout=io.StringIO(),
    )

    _pages, text = pdf_text(out.read_bytes())
    assert "Reports by category" in text
    assert anderlecht_office.name_en in text or anderlecht_office.name_fr in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--office", "nowhere", "--year", "2026"], "there is no office 'nowhere'"),
        (["--region", "--year", "1850"], "Choose a year from 2000"),
        (["--region", "--year", "2026", "--out", "report.txt"], "must name a .pdf file"),
    ],
)
def test_the_command_refuses_bad_arguments_with_exit_code_2(arguments, message, tmp_path):
    if "--out" not in arguments:
        arguments = [*arguments, "--out", str(tmp_path / "r.pdf")]
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("activity_report", *arguments, "--language", "en", stdout=io.StringIO())

    assert message in str(refused.value)
    assert refused.value.returncode == 2
    assert not (tmp_path / "r.pdf").exists()


def test_the_command_needs_one_of_office_and_region(tmp_path):
    out = str(tmp_path / "r.pdf")
    for arguments in (["--year", "2026"], ["--office", "x", "--region", "--year", "2026"]):
        with pytest.raises(CommandError) as refused:
            call_command("activity_report", *arguments, "--out", out)
        assert "--office" in str(refused.value)


def test_an_analyst_downloads_the_region_report_in_one_click(client, dave, march):
    client.force_login(dave)

    page = client.get("/staff/dashboards/region/?start=2026-01&end=2026-12")
    content = page.content.decode()
    assert 'id="annual-report" href="/staff/dashboards/region/annual/2026.pdf"' in content
    download = client.get("/staff/dashboards/region/annual/2026.pdf", HTTP_ACCEPT_LANGUAGE="nl")

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "lisa-region-annual-2026-nl.pdf" in download["Content-Disposition"]
    _pages, text = pdf_text(download.content)
    assert "Jaarverslag" in text


def test_a_police_officer_gets_no_annual_report(client, bob, march, anderlecht_office):
    client.force_login(bob)
    midi = area(AreaKind.POLICE_ZONE, "5341")

    zone_page = client.get(f"/staff/dashboards/zone/{midi.pk}/")
    assert zone_page.status_code == 200
    assert "annual-report" not in zone_page.content.decode()
    assert client.get("/staff/dashboards/region/annual/2026.pdf").status_code == 404
    assert client.get(f"/staff/dashboards/zone/{midi.pk}/annual/2026.pdf").status_code == 404
    office = f"/staff/dashboards/office/{anderlecht_office.pk}/annual/2026.pdf"
    assert client.get(office).status_code == 404


def test_a_desk_agent_downloads_their_office_only(client, alice, march, anderlecht_office):
    client.force_login(alice)
    other = Office.objects.exclude(pk=anderlecht_office.pk).first()

    mine = client.get(f"/staff/dashboards/office/{anderlecht_office.pk}/annual/2026.pdf")
    future = client.get(f"/staff/dashboards/office/{anderlecht_office.pk}/annual/2999.pdf")

    assert mine.status_code == 200
    assert mine.content.startswith(b"%PDF-")
    assert future.status_code == 400
    if other is not None:
        path = f"/staff/dashboards/office/{other.pk}/annual/2026.pdf"
        assert client.get(path).status_code == 404


def test_it_counts_the_offices_meetings_of_the_year(alice, anderlecht_office):
    police = Organisation.objects.get(code="police-5341")
    anderlecht_office.partners.add(police)
    held = meeting_schedule(
        office=anderlecht_office,
        kind=MeetingKind.PARTNERSHIP,
        title="Réunion de printemps",
        starts_at=MARCH,
        ends_at=MARCH + dt.timedelta(hours=2),
        place="Antenne",
        by=alice,
        invited=[police],
        prepare_agenda=False,
        now=MARCH - dt.timedelta(days=7),
    )
    meeting_record_minutes(
        meeting=held, minutes="Propreté.", by=alice, present=[police], residents_present=3, now=NOW
    )
    cancelled = meeting_schedule(
        office=anderlecht_office,
        kind=MeetingKind.PARTNERSHIP,
        title="Réunion d'été",
        starts_at=MARCH + dt.timedelta(days=90),
        ends_at=MARCH + dt.timedelta(days=90, hours=2),
        place="Antenne",
        by=alice,
        prepare_agenda=False,
        now=MARCH,
    )
    meeting_cancel(meeting=cancelled, by=alice, now=NOW)
    office = DashboardScope(Level.OFFICE, anderlecht_office.pk, "")

    with translation.override("en"):
        report = annual_report(system_reader(), office, 2026, today=TODAY)
        _pages, text = pdf_text(annual_pdf(report))
        last_year = annual_report(system_reader(), office, 2025, today=TODAY)

    assert report.meetings.rows == [["partnership meeting", 1, 1, 1, 3]]
    assert "partnership meeting 1 1 1 3" in text
    assert last_year.meetings.rows == []


def test_it_shows_the_funding_of_the_financial_year(dave, anderlecht_office):
    coordinator = UserFactory.create(username="coco")
    grant(coordinator, "anderlecht-prevention", Role.OFFICE_COORDINATOR, office=anderlecht_office)
    evaluator = UserFactory.create(username="gina")
    grant(evaluator, "safe-brussels", Role.REGIONAL_ANALYST)
    call = make_call(dave)
    application = apply(call, anderlecht_office, coordinator)
    call_close(call=call, by=dave)
    score_all(application, dave, evaluator)
    awarded = award(application, dave, amount="200000.00")
    tranche_pay(
        tranche=awarded.tranches.first(),
        amount=Decimal("120000"),
        paid_on=DECIDED + dt.timedelta(days=40),
        by=dave,
    )
    make_call(dave, year=2025, envelope="100000.00")
    region = DashboardScope(Level.REGION, None, "")
    office = DashboardScope(Level.OFFICE, anderlecht_office.pk, "")

    with translation.override("en"):
        of_region = annual_report(system_reader(), region, 2026, today=TODAY).funding
        of_office = annual_report(system_reader(), office, 2026, today=TODAY).funding
        _pages, text = pdf_text(annual_pdf(annual_report(dave, region, 2026, today=TODAY)))

    overview = programme_overview(dave, 2026).years[0]
    assert [row[1] for row in of_region.rows] == [
        overview.envelope,
        1,
        1,
        overview.committed,
        Decimal("120000.00"),
        overview.remaining,
    ]
    assert overview.envelope == Decimal("500000.00")
    assert overview.committed == Decimal("200000.00")
    assert [row[1] for row in of_office.rows] == [1, 1, Decimal("200000.00"), Decimal("120000.00")]
    assert "Envelope (EUR) 500000.00" in text
