"""The report pages of the admin: the record cannot be deleted, and it reads in words."""

import pytest
from django.urls import reverse

from lisa.audit.actions import audit_log
from lisa.audit.models import AuditAction, AuditEvent
from lisa.reports.actions import report_create, report_transition
from lisa.reports.models import Category, Channel, Report, Reporter, RoutingRule, Status
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db

FRENCH = {"accept-language": "fr"}


@pytest.fixture
def report(erin, bob) -> Report:
    report = report_create(
        category=Category.objects.get(code="lighting-out"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Lampadaire éteint devant le 12.",
        channel=Channel.PHONE,
        attributes={"road": "regional"},
        reporter=erin,
    ).report
    report_transition(report=report, to_status=Status.ACKNOWLEDGED, by=bob)
    report_transition(report=report, to_status=Status.IN_PROGRESS, by=bob)
    return report


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def delete_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


# --- Nothing of the record is deleted from the admin -------------------------------------


@pytest.fixture
def audit_event(report, bob) -> AuditEvent:
    return audit_log(
        user=bob,
        action=AuditAction.VIEW_PERSONAL_DATA,
        obj=report.reporters.get(),
        reason="call the resident back",
    )


@pytest.mark.parametrize("kind", ["report", "reporter", "audit_event"])
def test_it_offers_no_way_to_delete_the_record_in_the_admin(
    admin_client, report, audit_event, kind
):
    obj = {"report": report, "reporter": report.reporters.get(), "audit_event": audit_event}[kind]
    model = type(obj)

    assert admin_client.get(delete_url(obj)).status_code == 403
    assert admin_client.post(delete_url(obj), {"post": "yes"}).status_code == 403
    listing = admin_client.get(changelist(model))
    assert listing.status_code == 200
    assert b"delete_selected" not in listing.content
    admin_client.post(
        changelist(model),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert model.objects.filter(pk=obj.pk).exists()
    assert report.history.count() == 3


def test_the_report_page_is_a_view_without_save_buttons(admin_client, report):
    page = admin_client.get(change_url(report), headers=FRENCH)

    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    assert "deletelink" not in html
    assert "Lampadaire éteint devant le 12." in html


# --- In words, in the reader's language -------------------------------------------------


def test_the_report_page_shows_statuses_answers_and_position_in_words(admin_client, report):
    html = admin_client.get(change_url(report), headers=FRENCH).content.decode()

    assert "en cours" in html  # the status, and the last step of the history
    assert "pris en compte" in html
    assert "in_progress" not in html
    assert "acknowledged" not in html
    assert "Sur quelle voirie ? Un grand axe, un tunnel ou une avenue régionale" in html
    assert "regional" not in html
    assert "50.835767, 4.306556" in html
    assert "Français" in html or "français" in html  # the language of the report


def test_the_report_page_follows_the_readers_language(admin_client, report):
    html = admin_client.get(change_url(report), headers={"accept-language": "nl"}).content
    text = html.decode()

    assert "in behandeling" in text
    assert "Op welke weg? Een grote as, een tunnel of een gewestweg" in text


def test_the_routing_rules_show_their_conditions_and_targets_in_words(admin_client):
    html = admin_client.get(changelist(RoutingRule), headers=FRENCH).content.decode()

    assert "Sur quelle voirie ? Un grand axe, un tunnel ou une avenue régionale" in html
    assert "&quot;road&quot;" not in html
    assert "service communal" in html  # the kind of the competent organisation
    assert "municipal_service" not in html


def test_a_rule_accepting_several_answers_reads_as_a_choice(admin_client):
    rule = RoutingRule.objects.filter(category__code="dumping").first()
    rule.conditions = {"road": ["municipal", "unknown"]}
    rule.save()

    html = admin_client.get(change_url(rule), headers=FRENCH).content.decode()

    assert "Sur quelle voirie ? Une rue de quartier (voirie communale) ou Je ne sais pas" in html


def test_the_audit_log_names_object_types_and_fields_in_words(admin_client, report, bob):
    reporter = report.reporters.get()
    audit_log(
        user=bob,
        action=AuditAction.CHANGE_PERSONAL_DATA,
        obj=reporter,
        reason="the resident gave a new number",
        changed_fields=["phone"],
    )
    event = AuditEvent.objects.get()

    listing = admin_client.get(changelist(AuditEvent), headers=FRENCH).content.decode()
    page = admin_client.get(change_url(event), headers=FRENCH).content.decode()

    for html in (listing, page):
        assert "auteur du signalement" in html
        assert ">reports.reporter<" not in html  # (filter links carry the code in their URL)
        assert "modification de données personnelles" in html
    assert "the resident gave a new number" in listing
    assert "téléphone" in page
    assert 'name="_save"' not in page


def test_the_reporter_page_shows_the_language_in_words(admin_client, report):
    reporter: Reporter = report.reporters.get()
    session = admin_client.session
    session[f"lisa-contact-details-reason-{reporter.pk}"] = "call back"
    session.save()

    html = admin_client.get(change_url(reporter), headers=FRENCH).content.decode()

    assert '<option value="nl" selected>néerlandais</option>' in html
    assert reporter.follow_token_hash not in html
