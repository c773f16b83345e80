import datetime as dt
import os
import threading
import time

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation

from lisa.accounts.models import Organisation
from lisa.errors import LisaError
from lisa.geo.models import Area
from lisa.reports.actions import report_assign, report_create, report_transition
from lisa.reports.models import AppendOnlyError, Category, Channel, Report, Status, StatusChange
from lisa.reports.routing import explain_reason
from lisa.testing.factories import UserFactory, grant
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


def test_a_transfer_leaves_the_report_unassigned_at_the_next_organisation(report):
    electrician = UserFactory.create(username="electrician", password=None)
    grant(electrician, "sibelga", "partner_agent")
    report_assign(report=report, by=electrician, to_user=electrician)

    report_transition(
        report=report,
        to_status=Status.TRANSFERRED,
        by=electrician,
        to_organisation=Organisation.objects.get(code="brussels-mobility"),
        reason="Voirie régionale",
    )

    report.refresh_from_db()
    assert (report.assigned_to, report.assigned_team) == (None, None)


def test_it_refuses_a_transfer_to_an_organisation_no_longer_active(report, bob):
    gone = Organisation.objects.get(code="brussels-mobility")
    gone.is_active = False
    gone.save()

    with pytest.raises(LisaError) as caught:
        report_transition(
            report=report,
            to_status=Status.TRANSFERRED,
            by=bob,
            to_organisation=gone,
            reason="Voirie régionale",
        )

    assert caught.value.code == "inactive_organisation"
    report.refresh_from_db()
    assert report.organisation.code == "sibelga"


def test_a_transfer_needs_a_destination(report, bob):
    with pytest.raises(LisaError) as caught:
        report_transition(report=report, to_status=Status.TRANSFERRED, by=bob)

    assert caught.value.code == "organisation_required"


def another(report, **overrides):
    return report_create(
        **{
            "category": report.category,
            "lat": report.lat,
            "lon": report.lon,
            "description": "Même lampadaire.",
            "channel": Channel.WEB,
            **overrides,
        }
    ).report


def test_a_duplicate_points_to_its_master(report, bob):
    master = another(report)

    report_transition(report=report, to_status=Status.DUPLICATE, by=bob, duplicate_of=master)

    report.refresh_from_db()
    assert report.duplicate_of == master
    assert report.status == Status.DUPLICATE


def refused(report, by, **kwargs):
    """Return the error code of a transition that must change nothing."""
    before = (report.status, report.organisation_id, report.history.count())
    with pytest.raises(LisaError) as caught:
        report_transition(report=report, by=by, **kwargs)
    report.refresh_from_db()
    assert (report.status, report.organisation_id, report.history.count()) == before
    assert str(caught.value.message)
    return caught.value.code


def test_it_refuses_a_duplicate_of_itself(report, bob):
    assert refused(report, bob, to_status=Status.DUPLICATE, duplicate_of=report) == (
        "duplicate_of_itself"
    )


def test_it_refuses_a_duplicate_of_a_report_that_duplicates_this_one(report, bob):
    master = another(report)
    report_transition(report=master, to_status=Status.DUPLICATE, by=bob, duplicate_of=report)

    with pytest.raises(LisaError) as caught:
        report_transition(report=report, to_status=Status.DUPLICATE, by=bob, duplicate_of=master)

    assert caught.value.code == "duplicate_cycle"
    assert master.reference in str(caught.value.message)
    report.refresh_from_db()
    assert report.status == Status.NEW
    assert report.duplicate_of is None


def test_it_points_a_duplicate_of_a_duplicate_to_the_original(report, bob):
    original = another(report)
    copy = another(report)
    report_transition(report=copy, to_status=Status.DUPLICATE, by=bob, duplicate_of=original)

    with pytest.raises(LisaError) as caught:
        report_transition(report=report, to_status=Status.DUPLICATE, by=bob, duplicate_of=copy)

    assert caught.value.code == "duplicate_of_duplicate"
    assert original.reference in str(caught.value.message)


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ((Status.REJECTED,), "duplicate_of_closed"),
        ((Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED), "duplicate_of_closed"),
        ((Status.ACKNOWLEDGED, Status.RESOLVED), None),
        ((Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING), None),
    ],
    ids=["rejected", "closed", "resolved", "waiting"],
)
def test_a_master_must_be_open_or_resolved(report, bob, path, code):
    master = another(report)
    for status in path:
        report_transition(report=master, to_status=status, by=bob)

    if code is None:
        report_transition(report=report, to_status=Status.DUPLICATE, by=bob, duplicate_of=master)
        assert report.duplicate_of == master
    else:
        assert refused(report, bob, to_status=Status.DUPLICATE, duplicate_of=master) == code


def test_it_refuses_a_transfer_to_the_organisation_handling_the_report(report, bob):
    code = refused(
        report,
        bob,
        to_status=Status.TRANSFERRED,
        to_organisation=report.organisation,
        reason="Pour voir",
    )

    assert code == "same_organisation"


def test_it_refuses_a_transfer_to_an_inactive_organisation(report, bob):
    retired = Organisation.objects.get(code="brussels-mobility")
    Organisation.objects.filter(pk=retired.pk).update(is_active=False)

    code = refused(
        report, bob, to_status=Status.TRANSFERRED, to_organisation=retired, reason="Voirie"
    )

    assert code == "inactive_organisation"


def test_a_transfer_needs_a_reason(report, bob):
    code = refused(
        report,
        bob,
        to_status=Status.TRANSFERRED,
        to_organisation=Organisation.objects.get(code="brussels-mobility"),
        reason="  ",
    )

    assert code == "reason_required"


def test_after_a_transfer_the_report_says_who_moved_it_from_where_and_why(report, bob):
    first_rule = report.routing_rule
    office = report.office
    report_transition(
        report=report,
        to_status=Status.TRANSFERRED,
        by=bob,
        to_organisation=Organisation.objects.get(code="brussels-mobility"),
        reason="Voirie régionale",
    )

    report.refresh_from_db()
    assert report.routing_rule is None
    assert report.office == office
    assert report.routing_reason["step"] == "transfer"
    assert report.routing_reason["routed"]["rule"] == first_rule.id
    with translation.override("en"):
        assert explain_reason(report.routing_reason) == (
            "Transferred by Bob from Sibelga – Public lighting to Brussels Mobility: "
            "Voirie régionale"
        )
    with translation.override("nl"):
        dutch = explain_reason(report.routing_reason)
    assert "Bob" in dutch
    assert "Brussel Mobiliteit" in dutch
    assert "Voirie régionale" in dutch


def test_a_second_transfer_keeps_the_first_routing_decision(report, bob):
    first = report.routing_reason
    for code in ("brussels-mobility", "anderlecht-public-works"):
        report_transition(
            report=report,
            to_status=Status.TRANSFERRED,
            by=bob,
            to_organisation=Organisation.objects.get(code=code),
            reason="Pas chez nous",
        )

    report.refresh_from_db()
    assert report.routing_reason["routed"] == first
    with translation.override("en"):
        assert explain_reason(report.routing_reason).startswith(
            "Transferred by Bob from Brussels Mobility to Anderlecht – Public works"
        )


def test_a_transfer_counts_the_deadline_in_the_new_organisations_working_days(report, bob):
    thursday = timezone.make_aware(dt.datetime(2026, 5, 7, 10, 0))  # Friday 8 May: Iris Day

    for code, deadline in [
        ("police-5341", dt.date(2026, 5, 15)),
        ("bruxelles-proprete", dt.date(2026, 5, 18)),
    ]:
        report_transition(
            report=report,
            to_status=Status.TRANSFERRED,
            by=bob,
            to_organisation=Organisation.objects.get(code=code),
            reason="Pas chez nous",
            now=thursday,
        )
        # 5 working days, Ascension (14 May) aside
        assert report.deadline == deadline
        report.refresh_from_db()
        assert report.deadline == deadline


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


@pytest.mark.django_db(transaction=True)
def test_two_reports_marked_duplicates_of_each_other_at_once_make_no_loop():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: there is no race to test.")
    if not Area.objects.exists():  # emptied by an earlier test that committed
        call_command("load_brussels", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    first, second = (
        report_create(
            category=Category.objects.get(code="lighting-out"),
            lat=VAILLANCE[0],
            lon=VAILLANCE[1],
            description=text,
            channel=Channel.PHONE,
        ).report
        for text in ("Lampadaire éteint.", "Le même lampadaire.")
    )
    holding, release = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def mark(name: str, report: Report, master: Report, *, hold: bool) -> None:
        try:
            with transaction.atomic():
                report_transition(
                    report=report, to_status=Status.DUPLICATE, by=None, duplicate_of=master
                )
                if hold:  # keep the locks until the other one is underway
                    holding.set()
                    release.wait(timeout=30)
            outcome[name] = "done"
        except LisaError as error:
            outcome[name] = error.code
        except DatabaseError as error:  # a deadlock, for one
            outcome[name] = f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    holder = threading.Thread(target=mark, args=("second", second, first), kwargs={"hold": True})
    holder.start()
    assert holding.wait(timeout=30)
    other = threading.Thread(target=mark, args=("first", first, second), kwargs={"hold": False})
    other.start()
    with connection.cursor() as cursor:
        for _attempt in range(3000):  # until the other waits for a lock, or is done
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] or not other.is_alive():
                break
            time.sleep(0.01)
    release.set()
    holder.join(timeout=30)
    other.join(timeout=30)

    assert outcome == {"second": "done", "first": "duplicate_cycle"}
    first.refresh_from_db()
    assert (first.status, first.duplicate_of) == (Status.NEW, None)
