"""The queue and the report page through HTTP: what they offer first, and how they read."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from lisa.accounts.models import Organisation, Role, User
from lisa.reports.actions import ReporterDetails, report_assign, report_create, report_transition
from lisa.reports.models import Category, Channel, Report, ResponseTemplate, Status
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(client):
    # The screens' source text, whatever the catalogues say today.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def foyer() -> Organisation:
    return Organisation.objects.get(code="foyer-anderlechtois")


def online(organisation: Organisation, *, language: str = "nl") -> Report:
    """Return a report a resident made on the website, for `organisation`."""
    return report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Een matras op het trottoir.",
        channel=Channel.WEB,
        organisation=organisation,
        language=language,
        reporter=ReporterDetails(name="An", email="an@example.org", language=language),
        notify=False,
    ).report


def page_of(client, report: Report) -> str:
    response = client.get(reverse("backoffice:report", args=[report.reference]))
    assert response.status_code == 200
    return response.content.decode()


def main_button(html: str) -> str:
    found = re.search(r'formaction="[^"]*/do/([a-z]+)/" class="primary"', html)
    assert found, "no main status button"
    return found.group(1)


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ([], "acknowledge"),
        ([Status.ACKNOWLEDGED], "start"),
        ([Status.IN_PROGRESS], "resolve"),
        ([Status.IN_PROGRESS, Status.WAITING], "start"),
        ([Status.IN_PROGRESS, Status.RESOLVED], "close"),
    ],
)
def test_the_main_status_button_is_the_step_that_usually_comes_next(
    client, carol, foyer, steps, expected
):
    report = online(foyer)
    for status in steps:
        report_transition(report=report, to_status=status, by=carol)
    client.force_login(carol)

    assert main_button(page_of(client, report)) == expected


def test_the_history_of_an_online_report_starts_with_the_resident_not_lisa(client, carol, foyer):
    report = online(foyer)
    client.force_login(carol)

    html = page_of(client, report)

    first = re.search(r'<ol class="timeline">.*?</li>', html, re.S).group(0)
    assert "Resident, web · routed to Le Foyer Anderlechtois" in " ".join(first.split())
    assert "LISA" not in first


def test_the_preview_without_javascript_is_posted_and_keeps_what_was_typed(client, carol, foyer):
    report = online(foyer)
    template = ResponseTemplate.objects.get(code="resolved")
    client.force_login(carol)

    response = client.post(
        reverse("backoffice:report-act", args=[report.reference, "fill"]),
        {
            "template": str(template.pk),
            "fill": "status-message",
            "public_message": "",
            "reason": "Ramassé par la tournée 4.",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert report.reference in html
    status_message = re.search(r'<textarea id="status-message"[^>]*>(.*?)</textarea>', html, re.S)
    assert status_message.group(1).startswith("Goedendag")
    assert ">Ramassé par la tournée 4.</textarea>" in html
    assert f'<option value="{template.pk}" selected>' in html
    # A GET form would have put the CSRF token and the draft in the address: the button posts.
    page = page_of(client, report)
    assert 'formmethod="get"' not in page
    assert reverse("backoffice:report-act", args=[report.reference, "fill"]) in page


def test_a_refused_transfer_keeps_its_reason_in_its_own_form_only(client, carol, foyer):
    report = online(foyer)
    client.force_login(carol)

    response = client.post(
        reverse("backoffice:report-act", args=[report.reference, "transfer"]),
        {"organisation": "", "reason": "Pas chez nous."},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'<textarea id="transfer-reason"[^>]*>Pas chez nous\.</textarea>', html)
    assert re.search(r'<textarea id="status-reason"[^>]*></textarea>', html)


def test_an_analyst_reads_a_report_in_one_column_without_an_empty_side(client, dave, foyer):
    report = online(foyer)
    client.force_login(dave)

    html = page_of(client, report)

    assert 'class="report-layout single"' in html
    assert "<aside" not in html
    assert 'href="#actions"' not in html


def test_the_handler_gets_a_link_to_the_actions(client, carol, foyer):
    client.force_login(carol)

    html = page_of(client, online(foyer))

    assert 'href="#actions"' in html
    assert 'id="actions"' in html


@pytest.fixture
def colleague(db) -> User:
    user = UserFactory.create(username="colleague", first_name="Karim", last_name="Haddad")
    grant(user, "foyer-anderlechtois", Role.PARTNER_AGENT)
    return user


def test_an_organisations_queue_says_who_in_it_has_each_report(client, carol, colleague, foyer):
    report = online(foyer)
    report_assign(report=report, by=carol, to_user=colleague)
    online(foyer)
    client.force_login(carol)

    html = client.get(reverse("backoffice:queue")).content.decode()

    assert '<th scope="col">Assigned to</th>' in html
    assert "Karim Haddad" in html
    assert "nobody" in html
    assert ">Le Foyer Anderlechtois<" not in re.search(r"<tbody>.*</tbody>", html, re.S).group(0)


def test_an_empty_queue_says_there_is_nothing_open_and_where_the_rest_is(client, carol, foyer):
    report = online(foyer)
    report_transition(report=report, to_status=Status.IN_PROGRESS, by=carol)
    report_transition(report=report, to_status=Status.RESOLVED, by=carol)
    client.force_login(carol)

    empty = client.get(reverse("backoffice:queue")).content.decode()
    filtered = client.get(reverse("backoffice:queue"), {"q": "nothing like this"})

    assert "No open report in this queue." in empty
    assert "status=resolved&amp;status=closed" in empty
    assert "No report matches these filters." in filtered.content.decode()
    assert "Clear the filters" in filtered.content.decode()
    resolved = client.get(reverse("backoffice:queue"), {"status": ["resolved", "closed"]})
    assert report.reference in resolved.content.decode()


def test_the_queue_finds_a_report_by_its_whole_reference_a_part_of_it_or_a_word(
    client, carol, foyer
):
    first, second = online(foyer), online(foyer)
    client.force_login(carol)

    def found(text: str) -> set[str]:
        page = client.get(reverse("backoffice:queue"), {"q": text}).content.decode()
        return {reference for reference in (first.reference, second.reference) if reference in page}

    assert found(second.reference) == {second.reference}
    assert found(second.reference.lower()) == {second.reference}
    assert found(second.reference[-6:]) == {second.reference}
    assert found(second.reference[:-1]) == {first.reference, second.reference}
    assert found("MATRAS") == {first.reference, second.reference}


def test_the_saved_filters_box_shows_when_there_is_a_filter_to_save_or_use(client, carol, foyer):
    online(foyer)
    client.force_login(carol)
    queue = reverse("backoffice:queue")

    plain = client.get(queue).content.decode()
    filtered = client.get(queue, {"q": "matras"}).content.decode()

    assert "My saved filters" not in plain
    assert "My saved filters" in filtered
    assert 'name="name"' in filtered  # "Save these filters as"


def test_the_handler_of_a_split_report_follows_children_it_cannot_open(client, carol, foyer):
    from lisa.reports.actions import SplitPart, report_split

    parent = online(foyer)
    colleague = UserFactory.create(username="colleague")
    grant(colleague, "foyer-anderlechtois", Role.PARTNER_AGENT)
    [child] = report_split(
        report=parent,
        parts=[
            SplitPart(
                category=Category.objects.get(code="lighting-out"),
                description="Le lampadaire est éteint aussi.",
                organisation=Organisation.objects.get(code="sibelga"),
            )
        ],
        by=colleague,
    )
    client.force_login(carol)

    html = page_of(client, parent)

    assert child.reference in html
    assert "Sibelga" in html
    assert reverse("backoffice:report", args=[child.reference]) not in html
    child_page = client.get(reverse("backoffice:report", args=[child.reference]))
    assert child_page.status_code == 404
