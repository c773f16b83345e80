import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from lisa.accounts.models import Membership, Role
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
    assert Report.objects.count() == 120


def test_every_office_sits_in_its_own_catchment_and_catchments_do_not_overlap():
    seed(0)

    seen: set[int] = set()
    for office in Office.objects.prefetch_related("neighbourhoods"):
        codes = {n.id for n in office.neighbourhoods.all()}
        assert codes, office.code
        assert not codes & seen, office.code
        seen |= codes
        assert locate(lat=office.lat, lon=office.lon).office_catchment == office.catchment


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
    assert Report.objects.count() == 40
    assert "already there" in output


def test_it_needs_the_geography_folder(tmp_path):
    with pytest.raises(CommandError, match="LISA_GEODATA_DIR"):
        call_command("seed_demo", "--data-dir", str(tmp_path))
