"""What a year of demo reports must look like to someone who knows how a LISA office works."""

import datetime as dt
import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from lisa.accounts.models import Membership, Role
from lisa.demo.moments import staff_calendar
from lisa.demo.texts import DESCRIPTIONS, PUBLIC_MESSAGES
from lisa.lib.workdays import is_working_day
from lisa.offices.models import OfficeStatus
from lisa.reports.models import Category, Channel, Report, Status, StatusChange

SAMPLE = 300
OFFICE_OPENS = dt.time(8, 30)
OFFICE_CLOSES = dt.time(17, 0)
# Ways where nobody lives or walks: road tunnels, ramps, motorways, viaducts.
NOT_FOR_PEOPLE = re.compile(
    r"^(tunnel|rampe|viaduc|autoroute|ring|bretelle|contournement)\b|tunnel\b|oprit\b",
    re.IGNORECASE,
)
# The services an organisation may have when a report of this kind is passed to or from it.
TRANSFER_SERVICES = {
    "dumping": {"cleanliness"},
    "lighting": {"lighting", "roads"},
    "furniture": {"public_works", "roads", "cleanliness"},
    "traffic": {"public_works", "roads", "police"},
    "parking": {"police", "parking"},
    "noise": {"prevention", "police", "environment"},
    "neighbourhood": {"prevention", "police", "housing", "regional_housing", "social"},
    "tags": {"cleanliness"},
    "other": {"prevention", "public_works"},
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed the demo once for the module; everything is rolled back afterwards."""
    with django_db_blocker.unblock(), override_settings(LISA_DEMO=True), transaction.atomic():
        call_command("seed_demo", "--reports", str(SAMPLE), stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def test_staff_act_on_working_days_in_office_hours():
    extra = staff_calendar()
    changes = StatusChange.objects.exclude(from_status="")
    assert changes.count() > SAMPLE

    outside = [
        (change.report_id, local(change.at))
        for change in changes
        if not is_working_day(local(change.at).date(), extra)
        or not OFFICE_OPENS <= local(change.at).time() <= OFFICE_CLOSES
    ]

    assert outside == []


def test_desk_and_phone_reports_are_registered_at_an_open_office_by_its_agent():
    reports = Report.objects.filter(channel__in=[Channel.DESK, Channel.PHONE]).select_related(
        "registered_at_office", "created_by"
    )
    assert reports.filter(channel=Channel.DESK).count() > SAMPLE // 10

    for report in reports:
        office = report.registered_at_office
        assert office is not None, report.reference
        assert office.status == OfficeStatus.OPERATIONAL, report.reference
        assert Membership.objects.filter(
            user=report.created_by, office=office, role=Role.FRONT_DESK_AGENT, is_active=True
        ).exists(), report.reference
        made = local(report.created_at)
        assert made.date() not in staff_calendar().days_off(made.year)
        assert office.opening_hours.filter(
            weekday=made.weekday(), opens__lte=made.time(), closes__gt=made.time()
        ).exists(), (report.reference, made)
        first = report.history.get(from_status="")
        assert first.by == report.created_by


def test_every_category_has_descriptions_of_its_own_in_every_language():
    for category in Category.objects.filter(is_active=True):
        texts = DESCRIPTIONS[category.code]
        for language in ("fr", "nl", "en"):
            assert 2 <= len(texts[language]) <= 4, (category.code, language)
    every = [text for texts in DESCRIPTIONS.values() for each in texts.values() for text in each]
    assert [text for text, n in Counter(every).items() if n > 1] == []


def test_descriptions_match_the_category_and_the_residents_language():
    for report in Report.objects.select_related("category").prefetch_related("reporters"):
        assert report.description in DESCRIPTIONS[report.category.code][report.language], (
            report.reference
        )
        # Supporters joined from a duplicate may speak another language; the reporter does not.
        for reporter in report.reporters.all():
            if reporter.role == "reporter":
                assert reporter.language == report.language


def test_messages_to_residents_are_in_the_reports_language():
    changes = StatusChange.objects.exclude(public_message="").select_related("report")
    assert changes.exclude(report__language="fr").exists()

    for change in changes:
        assert change.public_message in PUBLIC_MESSAGES[change.to_status][change.report.language]


def test_no_two_reports_share_a_moment():
    moments = Counter(Report.objects.values_list("created_at", flat=True))
    assert [moment for moment, n in moments.items() if n > 1] == []
    by_moment: dict[dt.datetime, set[int]] = {}
    for report_id, at in StatusChange.objects.values_list("report_id", "at"):
        by_moment.setdefault(at, set()).add(report_id)
    assert [at for at, reports in by_moment.items() if len(reports) > 1] == []


def test_references_follow_the_order_the_reports_were_made_in():
    references = list(Report.objects.order_by("created_at").values_list("reference", flat=True))
    by_year: dict[str, list[str]] = {}
    for reference in references:
        by_year.setdefault(reference.split("-")[1], []).append(reference)
    assert all(refs == sorted(refs) for refs in by_year.values())


def test_reports_are_made_where_people_live_or_walk():
    addresses = list(Report.objects.values_list("address", flat=True))

    assert all(addresses)
    assert [address for address in addresses if NOT_FOR_PEOPLE.search(address)] == []


def test_a_report_is_passed_only_to_another_active_organisation_that_deals_with_it():
    transfers = StatusChange.objects.filter(to_status=Status.TRANSFERRED).select_related(
        "report__category__parent", "organisation"
    )
    assert transfers.exists()

    for transfer in transfers:
        arrival = StatusChange.objects.select_related("organisation").get(
            report=transfer.report, from_status=Status.TRANSFERRED, at=transfer.at
        )
        before, after = transfer.organisation, arrival.organisation
        assert after is not None
        assert after.is_active
        assert after != before, transfer.report.reference
        top = transfer.report.category.parent or transfer.report.category
        allowed = TRANSFER_SERVICES[top.code]
        assert {before.service, after.service} <= allowed, (
            transfer.report.reference,
            top.code,
            before.code,
            after.code,
        )


def test_a_duplicate_points_to_an_earlier_report_that_was_still_open():
    duplicates = Report.objects.filter(status=Status.DUPLICATE).select_related("duplicate_of")
    assert duplicates.exists()

    for report in duplicates:
        marked = report.history.get(to_status=Status.DUPLICATE).at
        master = report.duplicate_of
        assert master is not None
        assert master.created_at < report.created_at
        assert master.category_id == report.category_id
        ended = master.history.filter(
            to_status__in=[Status.RESOLVED, Status.REJECTED, Status.DUPLICATE, Status.CLOSED],
            at__lte=marked,
        )
        assert not ended.exists(), report.reference
