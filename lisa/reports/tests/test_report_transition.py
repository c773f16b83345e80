import pytest

from lisa.accounts.models import Organisation
from lisa.errors import LisaError
from lisa.reports.actions import report_create, report_transition
from lisa.reports.models import AppendOnlyError, Category, Channel, Status, StatusChange
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return report_create(
        category=Category.objects.get(code="lighting-out"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Lampadaire éteint devant le 12.",
        channel=Channel.PHONE,
    ).report


def test_it_appends_each_change_to_the_history(report, bob):
    report_transition(report=report, to_status=Status.ACKNOWLEDGED, by=bob)
    report_transition(
        report=report,
        to_status=Status.IN_PROGRESS,
        by=bob,
        public_message="Une équipe passe demain.",
    )

    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    steps = list(report.history.values_list("from_status", "to_status", "public_message"))
    assert steps == [
        ("", Status.NEW, ""),
        (Status.NEW, Status.ACKNOWLEDGED, ""),
        (Status.ACKNOWLEDGED, Status.IN_PROGRESS, "Une équipe passe demain."),
    ]


def test_it_refuses_a_step_the_lifecycle_does_not_allow(report, bob):
    with pytest.raises(LisaError) as caught:
        report_transition(report=report, to_status=Status.CLOSED, by=bob)

    assert caught.value.code == "invalid_transition"
    assert report.history.count() == 1


def test_a_transfer_makes_the_report_new_at_the_next_organisation(report, bob):
    brussels_mobility = Organisation.objects.get(code="brussels-mobility")
    report_transition(report=report, to_status=Status.ACKNOWLEDGED, by=bob)

    report_transition(
        report=report,
        to_status=Status.TRANSFERRED,
        by=bob,
        to_organisation=brussels_mobility,
        reason="Voirie régionale",
    )

    report.refresh_from_db()
    assert report.status == Status.NEW
    assert report.organisation == brussels_mobility
    last_two = list(report.history.order_by("-id")[:2])[::-1]
    assert [(c.to_status, c.organisation.code) for c in last_two] == [
        (Status.TRANSFERRED, "sibelga"),
        (Status.NEW, "brussels-mobility"),
    ]


def test_a_transfer_needs_a_destination(report, bob):
    with pytest.raises(LisaError) as caught:
        report_transition(report=report, to_status=Status.TRANSFERRED, by=bob)

    assert caught.value.code == "organisation_required"


def test_a_duplicate_points_to_its_master(report, bob):
    master = report_create(
        category=report.category,
        lat=report.lat,
        lon=report.lon,
        description="Même lampadaire.",
        channel=Channel.WEB,
    ).report

    report_transition(report=report, to_status=Status.DUPLICATE, by=bob, duplicate_of=master)

    report.refresh_from_db()
    assert report.duplicate_of == master
    with pytest.raises(LisaError):
        report_transition(report=master, to_status=Status.DUPLICATE, by=bob, duplicate_of=master)


def test_the_history_cannot_be_edited_or_deleted(report):
    change = report.history.get()

    change.public_message = "rewritten"
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        change.delete()
    assert StatusChange.objects.get(pk=change.pk).public_message == ""


def test_a_resolved_report_can_be_reopened_then_closed_only_once_resolved_again(report, bob):
    for status in (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED, Status.REOPENED):
        report_transition(report=report, to_status=status, by=bob)

    with pytest.raises(LisaError):
        report_transition(report=report, to_status=Status.CLOSED, by=bob)
    report_transition(report=report, to_status=Status.RESOLVED, by=bob)
    report_transition(report=report, to_status=Status.CLOSED, by=bob)
    assert report.status == Status.CLOSED
