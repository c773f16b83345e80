"""A resident follows their report: the page, the satisfaction question, "not solved"."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from lisa.accounts.models import Role, User
from lisa.reports.actions import (
    CreatedReport,
    ReporterDetails,
    attachment_add,
    info_request_create,
    message_send,
    note_add,
    reopen_request,
    report_create,
    report_transition,
)
from lisa.reports.links import follow_url, signed_follow_token
from lisa.reports.models import (
    Category,
    Channel,
    NoteVisibility,
    ReopenDecision,
    ReopenRequest,
    Reporter,
    Satisfaction,
    Status,
)
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE
from lisa.testing.smtp import Inbox, body_of

pytestmark = pytest.mark.django_db

RESIDENT = "an.peeters@example.org"
NOTE = "Le propriétaire du garage est connu de nos services."
REASON = "Doublon interne avec la tournée du mardi."


@pytest.fixture
def chloe(anderlecht_office) -> User:
    """An agent of Anderlecht's public cleanliness service."""
    user = UserFactory.create(
        username="chloe", first_name="Chloé", last_name="Dubois", language="fr"
    )
    grant(user, "anderlecht-cleanliness", Role.PARTNER_AGENT, office=anderlecht_office)
    return user


def reported(*, language: str = "nl", days_ago: float = 0) -> CreatedReport:
    """Return a resident's report of bulky waste on the Place de la Vaillance."""
    return report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        address="Place de la Vaillance 12, Anderlecht",
        attributes={"road": "municipal"},
        description="Een matras en twee stoelen op het trottoir voor nummer 12.",
        channel=Channel.WEB,
        language=language,
        reporter=ReporterDetails(
            name="An Peeters", email=RESIDENT, language=language, consents_to_contact=True
        ),
        now=timezone.now() - dt.timedelta(days=days_ago),
        notify=False,
    )


def resolved(by: User, *, days_ago: float = 0, notify: bool = False) -> CreatedReport:
    created = reported(days_ago=days_ago + 2)
    at = timezone.now() - dt.timedelta(days=days_ago)
    report_transition(
        report=created.report,
        to_status=Status.IN_PROGRESS,
        by=by,
        now=at - dt.timedelta(hours=3),
        notify=False,
    )
    report_transition(
        report=created.report,
        to_status=Status.RESOLVED,
        by=by,
        public_message="Het grofvuil is opgehaald.",
        now=at,
        notify=notify,
    )
    return created


def resident_of(created: CreatedReport) -> Reporter:
    return Reporter.objects.get(report=created.report)


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_a_wrong_follow_link_is_not_found_in_the_pages_language(client):
    assert "Pagina niet gevonden" in page(client, "/nl/follow/not-a-token/", 404)
    assert "Page introuvable" in page(client, "/fr/follow/not-a-token/", 404)
    # a signature that does not match, or a resident that does not exist
    assert "Pagina niet gevonden" in page(client, "/nl/follow/1.forged-signature/", 404)
    assert "Pagina niet gevonden" in page(client, "/nl/follow/999999.x/rate/5/", 404)


def test_the_follow_page_tells_where_the_report_stands_without_notes_or_staff_names(client, chloe):
    created = reported()
    report = created.report
    report_transition(
        report=report,
        to_status=Status.IN_PROGRESS,
        by=chloe,
        reason=REASON,
        public_message="We halen het grofvuil deze week op.",
    )
    note_add(
        report=report,
        by=chloe,
        body=NOTE,
        visibility=NoteVisibility.ORGANISATION,
        organisation=chloe.memberships.get().organisation,
    )
    message_send(report=report, body="Onze ploeg komt donderdag langs.", by=chloe)

    html = page(client, f"/nl/follow/{created.follow_token}/")

    assert report.reference in html
    assert "Grofvuil" in html or "grofvuil" in html
    # the street, not the house number
    assert "Dapperheidsplein" in html or "Place de la Vaillance" in html
    assert "nummer 12" not in html
    assert "Vaillance 12" not in html
    assert "Anderlecht – Openbare netheid is ermee bezig." in html
    assert "We halen het grofvuil deze week op." in html
    assert "Onze ploeg komt donderdag langs." in html
    for never in (NOTE, REASON, "Chloé", "Dubois", "An Peeters", RESIDENT, "chloe"):
        assert never not in html, never
    assert 'lang="nl"' in html
    assert 'aria-current="page">Een melding volgen' in html


def test_the_page_names_the_office_and_how_to_reach_it(client, anderlecht_office):
    anderlecht_office.phone = "+32 2 555 01 23"
    anderlecht_office.email = "vaillance@example.org"
    anderlecht_office.save()
    created = reported()

    html = page(client, f"/fr/follow/{created.follow_token}/")

    assert "Antenne Vaillance (test)" in html
    assert f'href="/fr/offices/{anderlecht_office.code}/"' in html  # its hours, its partners
    assert 'href="tel:+3225550123"' in html
    assert "vaillance@example.org" in html


def test_the_signed_link_of_later_emails_opens_the_same_page_until_the_token_is_gone(client):
    created = reported()
    resident = resident_of(created)
    link = urlsplit(follow_url(resident)).path
    assert link.startswith("/nl/follow/")
    assert str(created.follow_token) not in link

    assert created.report.reference in page(client, link)
    # the signature is bound to the resident's token: anonymised, the link dies
    Reporter.objects.filter(pk=resident.pk).update(follow_token_hash="")
    page(client, link, 404)
    page(client, f"/nl/follow/{created.follow_token}/", 404)


def test_a_resident_pastes_their_follow_link_to_open_their_report(client):
    created = reported()
    whole = f"https://lisa.example.org/nl/follow/{created.follow_token}/"

    assert "Plak uw opvolgingslink" in page(client, "/nl/follow/")
    response = client.post("/nl/follow/", {"link": whole})
    assert response.status_code == 302
    assert response["Location"] == f"/nl/follow/{created.follow_token}/"
    # the token alone does too
    response = client.post("/nl/follow/", {"link": f"  {created.follow_token} "})
    assert response["Location"] == f"/nl/follow/{created.follow_token}/"

    response = client.post("/nl/follow/", {"link": "https://lisa.example.org/nl/follow/oops/"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "We herkennen deze opvolgingslink niet" in html
    assert 'value="https://lisa.example.org/nl/follow/oops/"' in html


def test_a_question_of_the_staff_is_answered_from_the_follow_page(client, chloe):
    created = reported()
    asked = info_request_create(
        report=created.report, question="Staat het aan de straatkant?", by=chloe, notify=False
    ).request
    follow = f"/nl/follow/{created.follow_token}/"

    html = page(client, follow)
    answer = f"{follow}questions/{asked.pk}/"
    assert "Staat het aan de straatkant?" in html
    assert f'href="{answer}"' in html
    response = client.post(answer, {"answer": "Ja, naast de bushalte."})
    assert response.status_code == 200
    asked.refresh_from_db()
    assert asked.answer == "Ja, naast de bushalte."
    assert "Staat het aan de straatkant?" in page(client, follow)  # in the history now
    assert f'href="{answer}"' not in page(client, follow)
    # another report's question is not reachable through this link
    other = reported()
    elsewhere = info_request_create(
        report=other.report, question="Welk huisnummer?", by=chloe, notify=False
    ).request
    page(client, f"{follow}questions/{elsewhere.pk}/", 404)


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_only_the_photos_staff_made_public_are_shown(client, chloe, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    created = reported()
    shown = attachment_add(
        report=created.report, data=jpeg(), filename="na.jpg", by=chloe, is_public=True
    )
    kept = attachment_add(
        report=created.report, data=jpeg(), filename="plaque.jpg", by=chloe, is_public=False
    )
    follow = f"/nl/follow/{created.follow_token}/"

    html = page(client, follow)
    assert f"{follow}photos/{shown.pk}/thumb/" in html
    assert f"photos/{kept.pk}/" not in html
    response = client.get(f"{follow}photos/{shown.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    page(client, f"{follow}photos/{kept.pk}/", 404)
    other = reported()
    page(client, f"/nl/follow/{other.follow_token}/photos/{shown.pk}/", 404)


# --- Satisfaction ---------------------------------------------------------------------------


def test_a_click_on_a_score_records_it_once(client, chloe):
    created = resolved(chloe)
    resident = resident_of(created)
    link = f"/nl/follow/{signed_follow_token(resident)}/rate/4/"

    html = page(client, link)
    assert "4 op 5" in html
    assert 'value="4" required checked' in html  # preselected, with the comment box
    page(client, link)  # a second click, a reload
    assert list(Satisfaction.objects.values_list("score", "via")) == [(4, "link")]
    # another score is a new answer, and the latest counts
    page(client, link.replace("/4/", "/2/"))
    assert list(Satisfaction.objects.values_list("score", flat=True)) == [4, 2]
    # a link preview asks for the head only: nothing is recorded
    assert client.head(link).status_code == 405
    assert Satisfaction.objects.count() == 2


def test_a_resident_rates_on_the_page_with_a_comment(client, chloe):
    created = resolved(chloe)
    follow = f"/nl/follow/{created.follow_token}/"
    assert "Hoe tevreden bent u?" in page(client, follow)

    response = client.post(f"{follow}rate/", {"score": "5", "comment": "Snel opgelost!"})
    assert response.status_code == 200
    assert "5 op 5" in response.content.decode()
    client.post(f"{follow}rate/", {"score": "5", "comment": "Snel opgelost!"})  # sent twice
    assert list(Satisfaction.objects.values_list("score", "comment", "via")) == [
        (5, "Snel opgelost!", "page")
    ]
    response = client.post(f"{follow}rate/", {"score": "9", "comment": "Top"})
    assert response.status_code == 400
    assert "Top" in response.content.decode()  # what was typed stays
    assert Satisfaction.objects.count() == 1


def test_a_report_not_yet_resolved_asks_for_no_score(client, chloe):
    created = reported()
    follow = f"/nl/follow/{created.follow_token}/"

    assert "Hoe tevreden bent u?" not in page(client, follow)
    page(client, f"{follow}rate/3/", 400)
    assert not Satisfaction.objects.exists()


def test_scores_and_not_solved_are_rate_limited(client, chloe, settings):
    settings.LISA_RATE_LIMITS = {**settings.LISA_RATE_LIMITS, "satisfaction": "2/h"}
    created = resolved(chloe)
    follow = f"/nl/follow/{created.follow_token}/"

    assert client.post(f"{follow}rate/", {"score": "3"}).status_code == 200
    assert client.get(f"{follow}rate/4/").status_code == 200
    refused = client.post(f"{follow}not-solved/", {"reason": "Nog altijd daar."})
    assert refused.status_code == 429
    assert "Te veel" in refused.content.decode()
    assert not ReopenRequest.objects.exists()


# --- Not solved -----------------------------------------------------------------------------


def test_within_30_days_a_resident_asks_to_reopen_and_the_handler_sees_it(client, chloe):
    created = resolved(chloe, days_ago=29)
    follow = f"/nl/follow/{created.follow_token}/"
    html = page(client, follow)
    assert f'href="{follow}not-solved/"' in html

    response = client.post(f"{follow}not-solved/", {"reason": ""})
    assert response.status_code == 400
    response = client.post(f"{follow}not-solved/", {"reason": "Er ligt opnieuw een matras."})
    assert response.status_code == 200
    request = ReopenRequest.objects.get()
    assert (request.reason, request.decision) == ("Er ligt opnieuw een matras.", "pending")
    html = page(client, follow)
    assert f'href="{follow}not-solved/"' not in html
    assert "Er ligt opnieuw een matras." in html  # in the history

    staff = Client()
    staff.force_login(chloe)
    # the open queue says a resident waits, and links to the filter
    assert "reopen=on" in page(staff, "/staff/queue/")
    queue = page(staff, "/staff/queue/?reopen=on")
    assert created.report.reference in queue
    assert "réouverture demandée" in queue  # chloe works in French
    assert created.report.reference not in page(staff, "/staff/queue/?overdue=on")
    report_page = page(staff, f"/staff/reports/{created.report.reference}/")
    assert "demande la réouverture" in report_page
    assert "Er ligt opnieuw een matras." in report_page


def test_after_30_days_the_button_is_gone_with_an_explanation(client, chloe):
    created = resolved(chloe, days_ago=31)
    follow = f"/nl/follow/{created.follow_token}/"

    html = page(client, follow)
    assert f'href="{follow}not-solved/"' not in html
    assert "meer dan 30 dagen geleden" in html
    response = client.post(f"{follow}not-solved/", {"reason": "Nog altijd daar."})
    assert response.status_code == 400
    assert "meer dan 30 dagen" in response.content.decode()
    assert not ReopenRequest.objects.exists()


def test_the_handler_accepts_a_reopen_request_and_the_report_is_taken_up_again(
    chloe, smtp_server: Inbox, django_capture_on_commit_callbacks
):
    created = resolved(chloe, days_ago=3)
    reopen_request(reporter=resident_of(created), reason="Er ligt opnieuw een matras.")
    staff = Client()
    staff.force_login(chloe)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"/staff/reports/{created.report.reference}/do/reopen-accept/", {})

    assert response.status_code == 302
    report = created.report
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    assert list(report.history.values_list("to_status", flat=True))[-2:] == [
        Status.REOPENED,
        Status.IN_PROGRESS,
    ]
    assert ReopenRequest.objects.get().decision == ReopenDecision.ACCEPTED
    message = smtp_server.wait_for(1).to(RESIDENT)[0]
    assert "heropend" in body_of(message)


def test_the_handler_declines_with_a_reason_the_resident_is_told(
    client, chloe, smtp_server: Inbox, django_capture_on_commit_callbacks
):
    created = resolved(chloe, days_ago=3)
    reopen_request(reporter=resident_of(created), reason="Er ligt opnieuw een matras.")
    staff = Client()
    staff.force_login(chloe)
    act = f"/staff/reports/{created.report.reference}/do/reopen-decline/"

    assert staff.post(act, {"answer": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(act, {"answer": "Dit is een nieuwe sluikstort: meld hem opnieuw."})

    assert response.status_code == 302
    assert ReopenRequest.objects.get().decision == ReopenDecision.DECLINED
    created.report.refresh_from_db()
    assert created.report.status == Status.RESOLVED
    message = smtp_server.wait_for(1).to(RESIDENT)[0]
    assert message["Subject"] == f"Uw melding {created.report.reference} wordt niet heropend"
    assert "Dit is een nieuwe sluikstort: meld hem opnieuw." in body_of(message)
    html = page(client, f"/nl/follow/{created.follow_token}/")
    assert "Dit is een nieuwe sluikstort: meld hem opnieuw." in html
    assert "not-solved/" not in html


# --- The e-mail -----------------------------------------------------------------------------


def test_the_resolution_email_rates_in_one_click_and_links_to_the_follow_page(
    client, chloe, smtp_server: Inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = resolved(chloe, notify=True)

    message = smtp_server.wait_for(1).to(RESIDENT)[0]
    body = body_of(message)
    assert f"Uw melding {created.report.reference} is nu ‘opgelost’" in message["Subject"]
    assert "Het grofvuil is opgehaald." in body
    links = re.findall(r"https?://\S+/rate/(\d)/", body)
    assert links == ["1", "2", "3", "4", "5"]
    four = urlsplit(re.search(r"(https?://\S+/rate/4/)", body)[1]).path  # type: ignore[index]
    assert four.startswith("/nl/follow/")
    assert str(created.follow_token) not in body  # only its signed stand-in

    # one click records the score; following the link again changes nothing
    assert "4 op 5" in page(client, four)
    page(client, four)
    assert list(Satisfaction.objects.values_list("score", "via")) == [(4, "link")]

    follow = urlsplit(re.search(r"(https?://\S+/follow/[^/\s]+/)\s", body)[1]).path  # type: ignore[index]
    assert created.report.reference in page(client, follow)
    not_solved = re.search(r"(https?://\S+/not-solved/)", body)
    assert not_solved is not None
    assert "Er ligt" not in page(client, urlsplit(not_solved[1]).path)


def test_a_status_change_without_message_is_not_mailed_but_a_resolution_is(
    chloe, smtp_server: Inbox, django_capture_on_commit_callbacks
):
    created = reported()
    with django_capture_on_commit_callbacks(execute=True):
        report_transition(report=created.report, to_status=Status.IN_PROGRESS, by=chloe)
        report_transition(report=created.report, to_status=Status.RESOLVED, by=chloe)

    messages = smtp_server.wait_for(1).to(RESIDENT)
    assert len(messages) == 1
    assert "Hoe tevreden bent u" in body_of(messages[0])


def test_the_first_email_links_to_the_follow_page(
    client, smtp_server: Inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = report_create(
            category=Category.objects.get(code="dumping-bulky"),
            lat=VAILLANCE[0],
            lon=VAILLANCE[1],
            description="Un matelas devant le 12.",
            channel=Channel.WEB,
            language="fr",
            reporter=ReporterDetails(email=RESIDENT, language="fr"),
        )

    body = body_of(smtp_server.wait_for(1).to(RESIDENT)[0])
    # The first e-mail carries the link the resident was shown, with the token itself.
    link = re.search(r"(https?://\S+/fr/follow/\S+/)", body)
    assert link is not None
    assert created.report.reference in page(client, urlsplit(link[1]).path)


def test_a_duplicates_resident_is_told_which_report_they_now_follow(client, chloe):
    first = reported()
    again = reported()
    report_transition(report=first.report, to_status=Status.IN_PROGRESS, by=chloe)
    report_transition(
        report=again.report, to_status=Status.DUPLICATE, by=chloe, duplicate_of=first.report
    )

    html = page(client, f"/nl/follow/{again.follow_token}/")

    assert f"Het wordt opgevolgd als melding {first.report.reference}." in html
    assert "Anderlecht – Openbare netheid is ermee bezig." in html
