"""The office's coordinator keeps its public page from the back office, and only they."""

import html

import pytest

from lisa.accounts.models import Role, User
from lisa.audit.models import AuditAction, AuditEvent
from lisa.errors import LisaError, NotFound
from lisa.offices.actions import office_update_public_info
from lisa.offices.models import Office, PartnerHelp
from lisa.testing.factories import OfficeFactory, UserFactory, grant
from lisa.testing.personas import area, organisation

pytestmark = pytest.mark.django_db

URL = "/staff/offices/test-vaillance/"


@pytest.fixture
def marc(anderlecht_office: Office) -> User:
    """The coordinator of the Anderlecht office."""
    user = UserFactory.create(username="marc", language="fr")
    grant(user, "anderlecht-prevention", Role.OFFICE_COORDINATOR, office=anderlecht_office)
    anderlecht_office.partners.add(organisation("police-5341"))
    return user


@pytest.fixture
def nora(db) -> User:
    """The coordinator of an office in Forest."""
    forest = OfficeFactory.create(
        code="test-marconi",
        municipality=area("municipality", "21007"),
        lat=50.8196,
        lon=4.3238,
        coordinator=organisation("forest-prevention"),
    )
    user = UserFactory.create(username="nora", language="nl")
    grant(user, "forest-prevention", Role.OFFICE_COORDINATOR, office=forest)
    return user


def form(**changes: str) -> dict[str, str]:
    police = organisation("police-5341").pk
    data = {
        "phone": "+32 2 555 01 23",
        "email": "vaillance@lisa-demo.example.org",
        "hours_0": "9:00–12:00, 13:30–16:30",
        "hours_2": "13:00-19:00",
        f"help_{police}_fr": "Dépôt de plainte sur rendez-vous",
        f"help_{police}_nl": "Klacht indienen op afspraak",
        f"help_{police}_en": "Filing a complaint by appointment",
        "description_fr": "Venez sans rendez-vous.",
    }
    return data | changes


def test_the_coordinator_updates_the_public_page_and_the_change_is_audited(client, marc):
    client.force_login(marc)

    response = client.post(URL, form())

    assert response.status_code == 302
    office = Office.objects.get(code="test-vaillance")
    assert office.phone == "+32 2 555 01 23"
    assert [
        (h.weekday, f"{h.opens:%H:%M}–{h.closes:%H:%M}") for h in office.opening_hours.all()
    ] == [
        (0, "09:00–12:00"),
        (0, "13:30–16:30"),
        (2, "13:00–19:00"),
    ]
    assert PartnerHelp.objects.get(office=office).help_nl == "Klacht indienen op afspraak"
    event = AuditEvent.objects.get(action=AuditAction.CHANGE_PUBLIC_INFORMATION)
    assert event.user == marc
    assert event.object_id == str(office.pk)
    assert "opening_hours" in event.changed_fields
    assert "partner_help" in event.changed_fields
    public = client.get("/en/offices/test-vaillance/").content.decode()
    assert "Filing a complaint by appointment" in public
    assert "13:00–19:00" in public


def test_the_form_shows_what_is_published(client, marc):
    client.force_login(marc)
    client.post(URL, form())

    page = client.get(URL).content.decode()

    assert 'value="9:00–12:00, 13:30–16:30"' in page
    assert 'value="Klacht indienen op afspraak"' in page


def test_bad_hours_are_refused_in_the_users_language_and_nothing_typed_is_lost(client, marc):
    client.force_login(marc)
    client.cookies["django_language"] = "nl"

    response = client.post(URL, form(hours_1="9:00-25:00", phone="+32 2 555 09 99"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Dinsdag: “9:00-25:00” is geen tijdvak" in page
    assert 'value="+32 2 555 09 99"' in page
    assert 'value="9:00-25:00"' in page
    assert 'value="Klacht indienen op afspraak"' in page
    assert Office.objects.get(code="test-vaillance").phone == ""
    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE_PUBLIC_INFORMATION).exists()


def test_a_bad_phone_number_is_refused_with_its_field(client, marc):
    client.force_login(marc)

    client.cookies["django_language"] = "fr"

    response = client.post(URL, form(phone="call us"))

    assert response.status_code == 400
    assert "n'est pas un numéro de téléphone" in html.unescape(response.content.decode())


@pytest.mark.parametrize("who", ["alice", "bob", "nora", "dave"])
def test_no_one_but_the_coordinator_or_an_administrator_finds_the_form(
    client, request, anderlecht_office, who
):
    person = request.getfixturevalue(who)
    client.force_login(person)

    assert client.get(URL).status_code == 404
    assert client.post(URL, form()).status_code == 404
    assert Office.objects.get(code="test-vaillance").phone == ""


def test_an_administrator_may_update_any_office(client, anderlecht_office):
    admin = UserFactory.create(username="root")
    grant(admin, "safe-brussels", Role.ADMINISTRATOR)
    client.force_login(admin)

    assert client.get(URL).status_code == 200
    assert client.post(URL, form()).status_code == 302


def test_every_mistake_is_reported_at_once(client, marc):
    client.force_login(marc)
    client.cookies["django_language"] = "nl"

    page = client.post(URL, form(hours_1="9:00-12:00, 11:00-13:00", phone="bel ons")).content
    text = html.unescape(page.decode())

    assert "Dinsdag: twee tijdvakken overlappen" in text
    assert "“bel ons” is geen telefoonnummer" in text


def test_the_action_checks_the_phone_number_itself(marc, anderlecht_office):
    with pytest.raises(LisaError) as refused:
        office_update_public_info(
            office=anderlecht_office, by=marc, phone="call us", email="", hours={}, partner_help={}
        )

    assert refused.value.field == "phone"


def test_the_action_refuses_anyone_but_the_coordinator(alice, anderlecht_office):
    with pytest.raises(NotFound):
        office_update_public_info(
            office=anderlecht_office,
            by=alice,
            phone="+32 2 555 01 23",
            email="",
            hours={},
            partner_help={},
        )


def test_the_menu_leads_the_coordinator_to_the_office_page_and_no_one_else(client, marc, alice):
    client.force_login(marc)
    assert 'href="/staff/offices/"' in client.get("/staff/queue/").content.decode()
    assert client.get("/staff/offices/")["Location"] == URL

    client.force_login(alice)
    assert 'href="/staff/offices/"' not in client.get("/staff/queue/").content.decode()


def test_a_resident_who_is_not_signed_in_is_sent_to_sign_in(client, anderlecht_office):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
