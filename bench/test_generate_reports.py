import itertools
import re
from collections import Counter

import pytest
from django.db.models import Count, Model, QuerySet
from django.utils import timezone

from bench.generate_reports import generate_reports
from lisa.accounts.calendars import deadline_for
from lisa.geo.locator import locate
from lisa.offices.models import Office
from lisa.reports.actions import TRANSITIONS, report_create
from lisa.reports.models import Category, Channel, ReferenceCounter, Report, Status
from lisa.reports.routing import office_serving, route
from lisa.testing.personas import GRAND_PLACE

pytestmark = pytest.mark.django_db

COUNT = 300
REFERENCE = re.compile(r"^BXL-(\d{4})-(\d{6,})$")


@pytest.fixture
def generated(anderlecht_office: Office) -> QuerySet[Report]:
    """300 reports, with an office whose catchment some of them fall in."""
    assert generate_reports(COUNT, seed=7, batch_size=120) == COUNT
    return Report.objects.select_related("category").order_by("created_at", "id")


def test_it_creates_the_reports_it_says(generated):
    assert generated.count() == COUNT


def test_it_gives_unique_references_numbered_in_time_order(generated):
    references = [report.reference for report in generated]
    assert len(set(references)) == COUNT
    by_year: dict[int, list[int]] = {}
    for report, reference in zip(generated, references, strict=True):
        match = REFERENCE.match(reference)
        assert match, reference
        year = int(match[1])
        assert year == timezone.localdate(report.created_at).year
        by_year.setdefault(year, []).append(int(match[2]))
    for numbers in by_year.values():
        assert numbers == list(range(1, len(numbers) + 1))


def test_it_gives_every_report_a_history_that_follows_the_allowed_transitions(generated):
    now = timezone.now()
    for report in generated.prefetch_related("history"):
        history = list(report.history.all())
        assert history, report.reference
        assert (history[0].from_status, history[0].to_status) == ("", Status.NEW)
        assert history[0].at == report.created_at
        for before, after in itertools.pairwise(history):
            assert after.from_status == before.to_status
            assert after.to_status in TRANSITIONS[before.to_status], report.reference
            assert before.at < after.at <= now
        assert history[-1].to_status == report.status
        assert history[-1].at == report.status_changed_at
        assert {change.organisation_id for change in history} == {report.organisation_id}


def test_it_spreads_reports_over_the_past_year_with_a_plausible_status_mix(generated):
    now = timezone.now()
    ages = [(now - report.created_at).days for report in generated]
    assert min(ages) >= 0
    assert max(ages) <= 366
    assert max(ages) - min(ages) > 300
    statuses = Counter(report.status for report in generated)
    assert statuses[Status.CLOSED] > COUNT / 3
    assert statuses[Status.CLOSED] + statuses[Status.RESOLVED] < COUNT * 0.95
    assert set(statuses) <= set(Status.values)
    assert len(statuses) >= 4


def test_it_stores_the_located_areas_and_the_routing_of_each_place(generated):
    assert any(report.office_id for report in generated), "no report in the office catchment"
    for report in generated:
        location = locate(lat=report.lat, lon=report.lon)
        assert report.municipality_id == location.municipality.id
        assert report.police_zone_id == _id(location.police_zone)
        assert report.neighbourhood_id == _id(location.neighbourhood)
        decision = route(category=report.category, location=location, attributes=report.attributes)
        serving = office_serving(location)
        assert report.organisation_id == _id(decision.organisation)
        assert report.routing_rule_id == _id(decision.rule)
        assert report.routing_reason == decision.as_reason()
        assert report.office_id == _id(decision.office or serving)
        desk = report.channel == Channel.DESK
        assert report.registered_at_office_id == (_id(serving) if desk else None)


def _id(instance: Model | None) -> int | None:
    return instance.pk if instance is not None else None


def test_it_fills_the_columns_report_create_would(generated):
    for report in generated:
        category = report.category
        assert report.is_public is not category.is_private
        assert report.deadline == deadline_for(
            organisation=report.organisation,
            start=timezone.localdate(report.created_at),
            days=category.deadline_days,
        )
        assert report.channel in Channel.values
        assert report.description.strip()
        assert report.category.is_active
        if report.attributes:
            assert set(report.attributes) == {"road"}
    assert not Report.objects.filter(reporters__isnull=False).exists()
    assert Category.objects.filter(reports__isnull=False).distinct().count() > 10


def test_report_create_continues_after_the_generated_references(generated, alice):
    year = timezone.localdate().year
    numbers = [
        int(match[2])
        for report in generated
        if (match := REFERENCE.match(report.reference)) and int(match[1]) == year
    ]
    dumping = Category.objects.get(code="dumping-bags")

    created = report_create(
        category=dumping,
        lat=GRAND_PLACE[0],
        lon=GRAND_PLACE[1],
        description="Des sacs éventrés.",
        channel=Channel.DESK,
        by=alice,
    )

    assert created.report.reference == f"BXL-{year}-{max(numbers) + 1:06d}"
    assert ReferenceCounter.objects.get(prefix="BXL", year=year).last == max(numbers) + 1


def test_a_second_run_numbers_on_from_the_first(generated):
    generate_reports(50, seed=8)

    references = Report.objects.values("reference").annotate(n=Count("id")).filter(n__gt=1)
    assert not references.exists()
    assert Report.objects.count() == COUNT + 50
    for counter in ReferenceCounter.objects.all():
        numbers = [
            int(reference.rsplit("-", 1)[1])
            for reference in Report.objects.filter(
                reference__startswith=f"{counter.prefix}-{counter.year}-"
            ).values_list("reference", flat=True)
        ]
        assert sorted(numbers) == list(range(1, counter.last + 1))
