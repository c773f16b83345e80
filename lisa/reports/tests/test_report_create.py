import datetime as dt
import os
import re
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lisa.errors import LisaError
from lisa.geo.models import Area
from lisa.reports.actions import ReporterDetails, report_create
from lisa.reports.models import Category, Channel, ReferenceCounter, Report, Status, StatusChange
from lisa.testing.personas import GRAND_PLACE, OUTSIDE, VAILLANCE

pytestmark = pytest.mark.django_db


def category(code: str) -> Category:
    return Category.objects.get(code=code)


def create(**overrides):
    fields = {
        "category": category("dumping-bulky"),
        "lat": VAILLANCE[0],
        "lon": VAILLANCE[1],
        "description": "Un matelas abandonné devant le numéro 27.",
        "channel": Channel.WEB,
    }
    return report_create(**{**fields, **overrides})


def test_it_locates_routes_and_stores_a_report_with_its_history(alice, anderlecht_office):
    result = create(channel=Channel.DESK, by=alice, registered_at_office=anderlecht_office)

    report = Report.objects.get(pk=result.report.pk)
    assert re.fullmatch(rf"BXL-{timezone.localdate().year}-\d{{6}}", report.reference)
    assert report.municipality.code == "21001"
    assert report.police_zone.code == "5341"
    assert report.neighbourhood.code == "58"
    assert report.office == anderlecht_office
    assert report.organisation.code == "anderlecht-cleanliness"
    assert report.routing_rule.code == "brussels-0020"
    assert report.status == Status.NEW
    assert report.created_by == alice
    assert report.is_public
    history = list(report.history.all())
    assert [(h.from_status, h.to_status, h.organisation) for h in history] == [
        ("", Status.NEW, report.organisation)
    ]


def test_it_numbers_references_in_sequence_per_year():
    first = create().report
    second = create().report

    first_number = int(first.reference.rsplit("-", 1)[1])
    assert second.reference.endswith(f"-{first_number + 1:06d}")


def test_it_starts_a_new_sequence_each_year():
    last_year = timezone.now() - dt.timedelta(days=400)

    old = create(now=last_year).report
    new = create().report

    assert old.reference.split("-")[1] == str(timezone.localdate(last_year).year)
    assert old.reference.endswith("-000001")
    assert ReferenceCounter.objects.count() == 2
    assert new.reference.split("-")[1] == str(timezone.localdate().year)


def test_it_keeps_the_reporter_apart_and_hashes_the_follow_token(erin):
    result = create(reporter=erin)

    reporter = result.report.reporters.get()
    assert reporter.email == "erin@example.org"
    assert reporter.language == "nl"
    assert result.follow_token
    assert reporter.follow_token_hash not in ("", result.follow_token)
    assert len(reporter.follow_token_hash) == 64


def test_it_emails_the_reference_to_the_resident_in_their_language(
    erin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = create(reporter=erin)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erin@example.org"]
    assert result.report.reference in message.subject
    assert "Grof huisvuil" in message.body  # the Dutch name of the category


def test_it_does_not_email_residents_of_backdated_imports(erin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        create(reporter=erin, notify=False, now=timezone.now() - dt.timedelta(days=30))

    assert mail.outbox == []


def test_it_counts_the_deadline_in_belgian_working_days():
    # Friday 20 December 2024 + 5 working days: 23, 24, 26, 27, 30 (25 December off).
    friday = timezone.make_aware(dt.datetime(2024, 12, 20, 10, 0))

    report = create(now=friday).report

    assert report.deadline == dt.date(2024, 12, 30)


def test_it_hides_private_categories_from_the_public():
    report = create(category=category("neighbourhood-dispute")).report

    assert not report.is_public


def test_it_routes_by_the_answers_given():
    report = create(attributes={"road": "regional"}).report

    assert report.organisation.code == "bruxelles-proprete"
    assert report.attributes == {"road": "regional"}


def test_it_has_no_office_where_no_catchment_holds_the_point():
    report = create(lat=GRAND_PLACE[0], lon=GRAND_PLACE[1]).report

    assert report.office is None
    assert report.organisation.code == "bruxelles-cleanliness"


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"description": "   "}, "description_required", "description"),
        ({"description": "x" * 5001}, "description_too_long", "description"),
        ({"channel": "pigeon"}, "invalid_channel", "channel"),
        ({"lat": OUTSIDE[0], "lon": OUTSIDE[1]}, "outside_region", None),
        ({"lat": float("nan")}, "invalid_coordinates", None),
        ({"lat": 123.0}, "invalid_coordinates", None),
        ({"attributes": {"road": "motorway"}}, "invalid_attribute", "road"),
        ({"attributes": {"colour": "red"}}, "unknown_attribute", "colour"),
        ({"reporter": ReporterDetails(email="not-an-address")}, "invalid_email", "email"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_it_refuses_bad_input_and_stores_nothing(overrides, code, field):
    before = (Report.objects.count(), StatusChange.objects.count())

    with pytest.raises(LisaError) as caught:
        create(**overrides)

    assert caught.value.code == code
    assert caught.value.field == field
    assert str(caught.value.message)
    assert (Report.objects.count(), StatusChange.objects.count()) == before


def test_it_refuses_an_inactive_category():
    retired = category("dumping-litter")
    retired.is_active = False
    retired.save()

    with pytest.raises(LisaError) as caught:
        create(category=retired)

    assert caught.value.code == "inactive_category"


def test_it_says_why_in_the_residents_language():
    from django.utils import translation

    with translation.override("nl"), pytest.raises(LisaError) as caught:
        create(lat=OUTSIDE[0], lon=OUTSIDE[1])
    assert "buiten" in str(caught.value.message)


def test_it_creates_a_report_in_a_handful_of_queries(erin):
    create()  # warm the locator and routing caches

    with CaptureQueriesContext(connection) as queries:
        create(reporter=erin)

    # counter (get, update, read), report, reporter, history, plus savepoints
    assert len(queries) <= 10, [q["sql"] for q in queries]


def test_the_routing_explanation_outlives_the_rule_and_follows_the_reader():
    from django.utils import translation

    from lisa.reports.routing import explain_reason

    report = create().report
    report.routing_rule.delete()
    report.refresh_from_db()

    with translation.override("en"):
        english = explain_reason(report.routing_reason)
    with translation.override("nl"):
        dutch = explain_reason(report.routing_reason)
    assert "Anderlecht – Public cleanliness" in english
    assert "rule 20" in english
    assert "Anderlecht – Openbare netheid" in dutch


def test_iris_day_moves_the_deadline_of_regional_bodies_only():
    thursday = timezone.make_aware(dt.datetime(2026, 5, 7, 10, 0))  # Friday 8 May: Iris Day

    police = create(category=category("parking-blocking"), now=thursday).report
    municipal = create(now=thursday).report
    regional = create(now=thursday, attributes={"road": "regional"}).report

    assert police.organisation.code == "police-5341"
    assert police.deadline == dt.date(2026, 5, 8)
    # 5 working days: 8, 11, 12, 13 and 15 May (Ascension, 14 May, is a public holiday)
    assert municipal.organisation.code == "anderlecht-cleanliness"
    assert municipal.deadline == dt.date(2026, 5, 15)
    assert regional.organisation.code == "bruxelles-proprete"
    assert regional.deadline == dt.date(2026, 5, 18)


@pytest.fixture
def counted():
    """A category that asks for a number."""
    return Category.objects.create(
        code="test-counted",
        name_fr="Dépôt compté",
        name_nl="Getelde storting",
        questions=[
            {
                "code": "bags",
                "kind": "number",
                "required": False,
                "label": {"fr": "Combien de sacs ?", "nl": "Hoeveel zakken?"},
            }
        ],
    )


@pytest.mark.parametrize(
    "answer",
    ["nan", "NaN", "inf", "-Infinity", "1e400", float("nan"), float("inf"), 10**400, True],
    ids=["nan", "NaN", "inf", "-Infinity", "1e400", "float-nan", "float-inf", "10**400", "True"],
)
def test_it_refuses_a_number_that_is_not_finite(counted, answer):
    with pytest.raises(LisaError) as caught:
        create(category=counted, attributes={"bags": answer})

    assert caught.value.code == "invalid_attribute"
    assert caught.value.field == "bags"
    assert not Report.objects.filter(category=counted).exists()


@pytest.mark.parametrize(("answer", "stored"), [("12", 12), ("2.5", 2.5), (3, 3), ("-1e3", -1000)])
def test_it_keeps_finite_numbers(counted, answer, stored):
    report = create(category=counted, attributes={"bags": answer}).report

    report.refresh_from_db()
    assert report.attributes == {"bags": stored}


@pytest.mark.django_db(transaction=True)
def test_a_report_slow_to_write_does_not_hold_up_the_numbers_of_the_next_ones():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: there is no race to test.")
    if not Area.objects.exists():  # emptied by an earlier test that committed
        call_command("load_brussels", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    before = create().report
    prefix, year, number = before.reference.rsplit("-", 2)
    taken = int(number)
    blocking, release = threading.Event(), threading.Event()
    made: dict[str, str] = {}

    def block_the_next_reference() -> None:
        # An uncommitted row with the next reference: the next report waits on it to insert.
        try:
            with transaction.atomic():
                row = {
                    name: value
                    for name, value in Report.objects.values().get(pk=before.pk).items()
                    if name != "id"
                }
                row["reference"] = f"{prefix}-{year}-{taken + 1:06d}"
                Report.objects.create(**row)
                blocking.set()
                release.wait(timeout=60)
                transaction.set_rollback(True)
        finally:
            connection.close()

    def report(name: str) -> None:
        try:
            made[name] = create().report.reference
        finally:
            connection.close()

    blocker = threading.Thread(target=block_the_next_reference)
    blocker.start()
    assert blocking.wait(timeout=30)
    slow = threading.Thread(target=report, args=("slow",))
    slow.start()
    for _ in range(100):  # until the slow report waits to write its row
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                break
        slow.join(timeout=0.1)
    fast = threading.Thread(target=report, args=("fast",))
    fast.start()
    fast.join(timeout=10)
    went_in_meanwhile = not fast.is_alive()
    release.set()
    for thread in (blocker, slow, fast):
        thread.join(timeout=30)

    assert went_in_meanwhile
    assert made == {
        "slow": f"{prefix}-{year}-{taken + 1:06d}",
        "fast": f"{prefix}-{year}-{taken + 2:06d}",
    }
