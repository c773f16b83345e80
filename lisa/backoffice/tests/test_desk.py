"""The front desk through HTTP: a report for a resident, its receipt, visits that are counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lisa.accounts.models import Role
from lisa.offices.models import DeskVisit, VisitChannel, VisitTopic
from lisa.reports.actions import report_create
from lisa.reports.models import Category, Channel, Report, Reporter
from lisa.testing.factories import UserFactory, grant
from lisa.testing.personas import VAILLANCE, organisation
from lisa.testing.smtp import body_of

pytestmark = pytest.mark.django_db

DESK = reverse("backoffice:desk")
# session, user, memberships, organisations, office partners, scope, counts of the month, visits
QUERIES_OF_THE_VISITS_PAGE = 8


def walk_in(**overrides: str) -> dict[str, str]:
    data = {
        "channel": Channel.DESK,
        "street": "Place de la Vaillance (Anderlecht)",
        "number": "12",
        "category": "Dépôt clandestin › Encombrants",
        "description": "Un matelas et deux chaises devant le numéro 12.",
        "language": "fr",
        "name": "Erin Resident",
        "email": "erin@example.org",
        "phone": "+32 470 00 00 01",
    }
    data.update(overrides)
    return data


@pytest.fixture
def desk_client(client, alice):
    client.force_login(alice)
    return client


def test_a_front_desk_agent_starts_at_the_desk_and_reaches_the_office_queue(desk_client):
    landing = desk_client.get(reverse("backoffice:home"))
    desk = desk_client.get(DESK)

    assert landing.status_code == 302
    assert landing["Location"] == DESK
    assert desk.status_code == 200
    assert f'href="{reverse("backoffice:queue")}"' in desk.content.decode()
    assert desk_client.get(reverse("backoffice:queue")).status_code == 200


def test_the_desk_lists_what_the_agent_registered_lately_yesterday_s_too(
    desk_client, alice, bob, anderlecht_office
):
    yesterday = timezone.now() - dt.timedelta(days=1)
    mine = report_create(
        category=Category.objects.get(code="dumping-bulky"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Un matelas devant le numéro 3.",
        channel=Channel.DESK,
        by=alice,
        registered_at_office=anderlecht_office,
        now=yesterday,
        notify=False,
    ).report
    colleague = report_create(
        category=Category.objects.get(code="dumping-bags"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Des sacs devant le numéro 5.",
        channel=Channel.PHONE,
        by=bob,
        now=yesterday,
        notify=False,
    ).report

    page = desk_client.get(DESK).content.decode()

    assert mine.reference in page
    assert colleague.reference not in page


def test_it_registers_a_walk_in_without_consent_and_keeps_no_contact_details(
    desk_client, alice, anderlecht_office
):
    response = desk_client.post(DESK, walk_in())

    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:receipt", args=[report.reference])
    assert (report.channel, report.created_by, report.registered_at_office) == (
        Channel.DESK,
        alice,
        anderlecht_office,
    )
    assert report.category.code == "dumping-bulky"
    assert (report.lat, report.lon) == VAILLANCE
    assert report.address == "Place de la Vaillance 12, Anderlecht"
    # the agent typed a name, an e-mail and a phone, but the resident did not agree
    assert not Reporter.objects.exists()


def test_it_keeps_the_contact_details_of_a_resident_who_agrees(desk_client):
    desk_client.post(
        DESK,
        walk_in(channel=Channel.PHONE, consent="on", language="nl", street="Dapperheidsplein"),
    )

    report = Report.objects.get()
    reporter = Reporter.objects.get(report=report)
    assert report.channel == Channel.PHONE
    assert report.language == "nl"
    assert report.address == "Dapperheidsplein 12, Anderlecht"
    assert (reporter.name, reporter.email, reporter.phone, reporter.language) == (
        "Erin Resident",
        "erin@example.org",
        "+32 470 00 00 01",
        "nl",
    )
    assert reporter.consents_to_contact


def test_it_asks_how_to_reach_a_resident_who_agrees_but_gave_nothing(desk_client):
    response = desk_client.post(DESK, walk_in(consent="on", name="", email="", phone=""))

    assert response.status_code == 400
    assert not Report.objects.exists()
    assert "Indiquez comment joindre" in response.content.decode()


def test_the_receipt_says_where_the_report_went_and_why(desk_client):
    desk_client.post(DESK, walk_in())
    report = Report.objects.get()

    page = desk_client.get(reverse("backoffice:receipt", args=[report.reference])).content.decode()

    assert report.reference in page
    assert "Anderlecht – Propreté publique" in page
    assert "règle 20" in page  # the routing decision, in words
    assert "Place de la Vaillance 12, Anderlecht" in page


def test_the_receipt_prints_in_the_residents_language(desk_client):
    desk_client.post(DESK, walk_in(language="nl"))
    report = Report.objects.get()

    page = desk_client.get(reverse("backoffice:receipt", args=[report.reference])).content.decode()
    french = desk_client.get(
        reverse("backoffice:receipt", args=[report.reference]), {"lang": "fr"}
    ).content.decode()

    assert "Ontvangstbewijs van uw melding" in page
    assert "Anderlecht – Openbare netheid" in page
    assert "Accusé de réception de votre signalement" in french


def test_the_extra_question_steers_the_routing(desk_client):
    desk_client.post(
        DESK,
        walk_in(category="Dépôt clandestin", q_road="regional", description="Sacs sur le ring."),
    )

    report = Report.objects.get()
    assert report.attributes == {"road": "regional"}
    assert report.organisation == organisation("bruxelles-proprete")


def test_an_unknown_street_keeps_what_was_typed_and_says_why_in_the_agents_language(
    desk_client,
):
    response = desk_client.post(
        DESK,
        walk_in(street="Rue du Zyxwvut", description="Un frigo abandonné."),
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert not Report.objects.exists()
    assert "Geen straat “Rue du Zyxwvut” in de Brusselse stratenlijst" in page
    assert "Un frigo abandonné." in page
    assert 'value="Dépôt clandestin › Encombrants"' in page
    assert 'value="erin@example.org"' in page


def test_a_street_in_two_municipalities_is_chosen_among_them(desk_client):
    ambiguous = desk_client.post(DESK, walk_in(street="Avenue de Jette"))

    page = ambiguous.content.decode()
    assert ambiguous.status_code == 400
    assert 'value="Avenue de Jette (Koekelberg)"' in page
    assert 'value="Avenue de Jette (Jette)"' in page

    chosen = desk_client.post(
        DESK, walk_in(street="Avenue de Jette", street_choice="Avenue de Jette (Koekelberg)")
    )

    assert chosen.status_code == 302
    assert Report.objects.get().municipality.name_fr == "Koekelberg"


def test_a_category_is_found_from_a_word_without_its_accents(desk_client):
    desk_client.post(DESK, walk_in(category="lampadaire eteint"))

    assert Report.objects.get().category == Category.objects.get(code="lighting-out")


def test_an_unclear_category_lists_the_ones_it_could_be(desk_client):
    response = desk_client.post(DESK, walk_in(category="voisin"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Plusieurs catégories correspondent à « voisin »" in page
    assert 'value="Bruit › Bruit de voisinage"' in page

    chosen = desk_client.post(
        DESK, walk_in(category="voisin", category_choice="Bruit › Bruit de voisinage")
    )

    assert chosen.status_code == 302
    assert Report.objects.get().category.code == "noise-neighbours"


@pytest.mark.parametrize("persona", ["carol", "bob", "dave"])
def test_only_front_desk_agents_open_the_desk(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(DESK).status_code == 403
    assert client.post(DESK, walk_in()).status_code == 403
    assert client.get(reverse("backoffice:desk-visits")).status_code == 403
    assert not Report.objects.exists()


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client):
    assert client.get(DESK)["Location"].startswith(reverse("login"))


def test_the_street_search_suggests_streets_for_htmx_and_in_json(desk_client):
    url = reverse("backoffice:street-search")

    options = desk_client.get(url, {"street": "dapperh"}, HTTP_HX_REQUEST="true")
    data = desk_client.get(url, {"q": "vaillance"}).json()

    # typed in Dutch, shown in Dutch, with the French name beside it
    assert (
        '<option value="Dapperheidsplein (Anderlecht)" label="Place de la Vaillance">'
        in options.content.decode()
    )
    assert data["results"][0]["name_nl"] == "Dapperheidsplein"
    assert (data["results"][0]["lat"], data["results"][0]["lon"]) == VAILLANCE


def test_the_nearest_street_is_found_for_a_position(desk_client):
    url = reverse("backoffice:street-nearest")

    near = desk_client.get(url, {"lat": VAILLANCE[0], "lon": VAILLANCE[1]})
    far = desk_client.get(url, {"lat": 50.9, "lon": 4.6})
    wrong = desk_client.get(url, {"lat": "north"})

    assert near.json()["label"] == "Place de la Vaillance (Anderlecht)"
    assert (far.status_code, far.json()["code"]) == (404, "no_street_near")
    assert wrong.status_code == 400


def test_it_emails_the_receipt_in_the_residents_language(
    smtp_server, desk_client, django_capture_on_commit_callbacks
):
    desk_client.post(DESK, walk_in(consent="on", language="nl"))
    report = Report.objects.get()
    assert smtp_server == []  # nothing is sent before the agent asks

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(reverse("backoffice:receipt-email", args=[report.reference]))

    assert response.status_code == 302
    [mail] = smtp_server.wait_for(1)
    body = body_of(mail)
    assert mail["To"] == "erin@example.org"
    assert report.reference in mail["Subject"]
    assert "Ontvangstbewijs" in mail["Subject"]
    assert "Anderlecht – Openbare netheid" in body
    assert "Dapperheidsplein 12, Anderlecht" in body
    assert "Antenne Dapperheid (test)" in body


def test_a_receipt_cannot_be_emailed_for_an_anonymous_report(desk_client):
    desk_client.post(DESK, walk_in())
    report = Report.objects.get()

    page = desk_client.get(reverse("backoffice:receipt", args=[report.reference]))
    refused = desk_client.post(reverse("backoffice:receipt-email", args=[report.reference]))

    assert reverse("backoffice:receipt-email", args=[report.reference]) not in page.content.decode()
    assert refused.status_code == 400


def test_it_counts_a_desk_visit_and_nothing_about_the_person(desk_client, alice, anderlecht_office):
    url = reverse("backoffice:desk-visits")
    cpas = organisation("anderlecht-cpas")

    response = desk_client.post(
        url,
        {
            "channel": VisitChannel.PHONE,
            "topic": VisitTopic.SOCIAL,
            "language": "ar",
            "referred_to": cpas.pk,
            "referral_note": "permanence sociale du mardi",
        },
    )

    visit = DeskVisit.objects.get()
    assert response.status_code == 302
    assert (visit.office, visit.channel, visit.topic, visit.language) == (
        anderlecht_office,
        VisitChannel.PHONE,
        VisitTopic.SOCIAL,
        "ar",
    )
    assert (visit.referred_to, visit.registered_by) == (cpas, alice)
    page = desk_client.get(url).content.decode()
    assert "Aujourd’hui : 1 visite" in page or "Aujourd'hui : 1 visite" in page
    assert "Aide sociale" in page


def test_a_desk_visit_needs_a_topic(desk_client):
    response = desk_client.post(
        reverse("backoffice:desk-visits"), {"channel": VisitChannel.WALK_IN, "language": "fr"}
    )

    assert response.status_code == 400
    assert not DeskVisit.objects.exists()


def test_an_agent_with_two_roles_registers_at_their_desk_office(client, anderlecht_office):
    user = UserFactory.create(username="nadia")
    grant(user, "anderlecht-cleanliness", Role.PARTNER_AGENT)
    grant(user, "anderlecht-prevention", Role.FRONT_DESK_AGENT, office=anderlecht_office)
    client.force_login(user)

    client.post(DESK, walk_in())

    assert Report.objects.get().registered_at_office == anderlecht_office


def test_the_visits_page_reads_the_same_number_of_rows_however_many_visits(
    desk_client, alice, anderlecht_office, django_assert_num_queries
):
    from lisa.offices.actions import desk_visit_log

    url = reverse("backoffice:desk-visits")

    def log(count: int) -> None:
        for _visit in range(count):
            desk_visit_log(
                office=anderlecht_office,
                channel=VisitChannel.WALK_IN,
                topic=VisitTopic.HOUSING,
                language="fr",
                referred_to=organisation("foyer-anderlechtois"),
                by=alice,
            )

    log(2)
    desk_client.get(url)  # the session, the user and their memberships are read once anyway
    with django_assert_num_queries(QUERIES_OF_THE_VISITS_PAGE):
        desk_client.get(url)
    log(8)
    with django_assert_num_queries(QUERIES_OF_THE_VISITS_PAGE):
        page = desk_client.get(url)
    assert page.context["month_total"] == 10
