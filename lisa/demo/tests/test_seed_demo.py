import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from lisa.accounts.models import Membership, Role, User
from lisa.geo.locator import locate
from lisa.offices.models import Office, OfficeStatus
from lisa.reports.models import Report, Status

pytestmark = pytest.mark.django_db


def seed(reports: int) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--reports", str(reports), stdout=out)
    return out.getvalue()


def test_it_seeds_offices_people_and_reports_and_prints_the_logins():
    output = seed(120)

    offices = Office.objects.all()
    assert offices.count() == 17
    assert offices.filter(status=OfficeStatus.OPERATIONAL).count() == 14
    assert all(
        "(démo)" in o.name_fr and "(demo)" in o.name_nl for o in offices.filter(is_demo=True)
    )
    published = offices.filter(is_demo=False)
    assert set(published.values_list("code", flat=True)) == {
        "anderlecht-vaillance",
        "forest-marconi",
        "saint-gilles-jacques-franck",
    }
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert "desk.anderlecht" in output
    assert "lisa-demo" in output
    assert Report.objects.filter(parent=None).count() == 120


def test_every_office_sits_in_its_own_catchment_and_catchments_do_not_overlap():
    seed(0)

    seen: set[int] = set()
    for office in Office.objects.prefetch_related("neighbourhoods"):
        codes = {n.id for n in office.neighbourhoods.all()}
        assert codes, office.code
        assert not codes & seen, office.code
        seen |= codes
        assert locate(lat=office.lat, lon=office.lon).office_catchment == office.catchment


def test_every_office_has_demo_contact_details_hours_and_what_its_partners_help_with():
    seed(0)

    for office in Office.objects.prefetch_related("opening_hours", "partner_help", "partners"):
        # Numbers of the +32 2 555 range and example.org addresses: recognisably not real.
        assert re.fullmatch(r"\+32 2 555 \d\d \d\d", office.phone), office.code
        assert office.email.endswith("@lisa-demo.example.org"), office.code
        hours = list(office.opening_hours.all())
        assert hours, office.code
        # Staff hours: never before 8:00 or after 19:00, never on Sunday.
        assert all(h.opens >= dt.time(8) and h.closes <= dt.time(19) for h in hours)
        assert all(h.weekday != 6 for h in hours)
        helps = list(office.partner_help.all())
        assert {h.organisation_id for h in helps} <= {p.pk for p in office.partners.all()}
        assert helps, office.code
        assert all(h.help_fr and h.help_nl and h.help_en for h in helps), office.code
    assert len(set(Office.objects.values_list("phone", flat=True))) == 17


def test_demo_reports_are_believable():
    seed(300)

    reports = Report.objects.all()
    statuses = dict(reports.values_list("status").annotate(n=Count("id")))
    assert statuses.get(Status.CLOSED, 0) > 100  # most of a year's reports are done
    assert (
        sum(statuses.get(s, 0) for s in (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS)) > 5
    )
    assert reports.filter(organisation__isnull=True).count() == 0
    assert reports.values("category__parent").distinct().count() >= 8
    assert all(r.history.exists() for r in reports[:50])
    for reporter_email in reports.exclude(reporters=None).values_list(
        "reporters__email", flat=True
    ):
        assert reporter_email == "" or reporter_email.endswith("@example.org")


def test_it_is_idempotent():
    seed(40)

    output = seed(40)

    assert Office.objects.count() == 17
    assert Report.objects.filter(parent=None).count() == 40
    assert "already there" in output


def test_it_refuses_to_run_with_debug_off_unless_the_site_is_a_demo(settings):
    settings.DEBUG = False
    settings.LISA_DEMO = False

    with pytest.raises(CommandError, match="LISA_DEMO=true"):
        seed(0)

    assert not User.objects.filter(username="admin").exists()


def test_it_gives_every_open_office_a_desk_agent_and_prints_them_on_one_line():
    output = seed(0)

    for office in Office.objects.filter(status=OfficeStatus.OPERATIONAL):
        assert Membership.objects.filter(office=office, role=Role.FRONT_DESK_AGENT).exists()
    assert "desk.cureghem" in output
    assert "Desk (demo)" in User.objects.get(username="desk.cureghem").last_name


def test_it_needs_the_geography_folder(tmp_path):
    with pytest.raises(CommandError, match="LISA_GEODATA_DIR"):
        call_command("seed_demo", "--data-dir", str(tmp_path))


def test_demo_cases_give_every_partner_of_the_two_offices_work():
    from lisa.cases.models import Case, CaseStatus, TaskStatus

    output = seed(400)

    cases = Case.objects.all()
    assert cases.count() == 6
    assert "cases: 6 added" in output
    assert set(cases.values_list("office__code", flat=True)) == {
        "anderlecht-vaillance",
        "forest-marconi",
    }
    assert all("(démo)" in c.title or "(demo)" in c.title for c in cases)
    assert cases.filter(status=CaseStatus.CLOSED).count() == 1
    for case in cases.filter(status=CaseStatus.OPEN):
        assert case.tasks.filter(status=TaskStatus.OPEN).exists()
    # 400 reports over 17 offices: most cases, not all, find reports of their kind.
    assert cases.filter(reports__isnull=False).distinct().count() >= 3
    assert "cases: none added" in seed(400)
    assert Case.objects.count() == 6
