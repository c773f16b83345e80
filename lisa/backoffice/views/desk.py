"""The front desk: a report registered for a resident, its receipt, and visits that are counted."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lisa.accounts.models import User
from lisa.accounts.selectors import scope_for
from lisa.backoffice.access import AuthedRequest, desk_membership, staff_view
from lisa.backoffice.intake import (
    DeskReportForm,
    DeskVisitForm,
    address_of,
    answers_for,
    category_choices,
    question_blocks,
)
from lisa.errors import LisaError
from lisa.geo.geocoder import StreetMatch
from lisa.offices.actions import desk_visit_log
from lisa.offices.models import Office, VisitTopic
from lisa.offices.selectors import desk_visit_counts, desk_visits_of_day
from lisa.reports.actions import (
    LANGUAGES,
    CreatedReport,
    ReporterDetails,
    receipt_send,
    report_create,
)
from lisa.reports.models import Channel, Report, Reporter, ReporterRole
from lisa.reports.routing import explain_reason
from lisa.reports.selectors import ContactAccess, contact_access, report_for, reports_visible_to


def not_for_you(request: AuthedRequest, message: str) -> HttpResponse:
    return render(request, "backoffice/denied.html", {"message": message}, status=403)


@staff_view
@require_http_methods(["GET", "POST"])
def desk(request: AuthedRequest) -> HttpResponse:
    """Register a report for a resident at the desk or on the phone."""
    membership = desk_membership(request)
    if membership is None or membership.office is None:
        return not_for_you(request, _("The desk is for the front-desk agents of a LISA office."))
    office = membership.office
    categories = category_choices()
    status = 200
    if request.method == "POST":
        form = DeskReportForm(request.POST, categories=categories)
        if form.is_valid():
            try:
                created = _register(form, request.user, office, request.POST)
            except LisaError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            else:
                return redirect("backoffice:receipt", reference=created.report.reference)
        status = 400
    else:
        form = DeskReportForm(categories=categories)
    return render(
        request,
        "backoffice/desk.html",
        {
            "section": "desk",
            "tab": "report",
            "office": office,
            "form": form,
            "categories": categories,
            "questions": question_blocks(categories),
            "registered_lately": _registered_lately(request.user),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _register(form: DeskReportForm, user: User, office: Office, post: Any) -> CreatedReport:
    data = form.cleaned_data
    category = form.chosen_category
    resolution = form.resolution
    assert category is not None
    assert resolution is not None
    assert resolution.match is not None
    match = resolution.match
    reporter = None
    if data["consent"]:
        reporter = ReporterDetails(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            language=data["language"],
            consents_to_contact=True,
        )
    return report_create(
        category=category,
        lat=match.street.lat,
        lon=match.street.lon,
        # The address in the resident's language: they read it on their receipt.
        address=address_of(
            StreetMatch(match.street, data["language"]), data["number"].strip() or resolution.number
        ),
        description=data["description"],
        attributes=answers_for(category, post),
        channel=data["channel"],
        by=user,
        reporter=reporter,
        registered_at_office=office,
        language=data["language"],
        # The agent e-mails the receipt from the next page; no separate acknowledgement.
        notify=False,
        announce=True,
    )


REGISTERED_SHOWN = 10


def _registered_lately(user: User) -> list[Report]:
    """Return the reports the agent registered last, today's and before (a resident who
    comes back for their receipt, a colleague's question), latest first."""
    return list(
        reports_visible_to(user)
        .filter(created_by=user)
        .select_related("category", "organisation")
        .order_by("-created_at", "-id")[:REGISTERED_SHOWN]
    )


# --- The receipt ------------------------------------------------------------------------


@staff_view
@require_http_methods(["GET"])
def receipt(request: AuthedRequest, reference: str) -> HttpResponse:
    """Show the receipt of a report: reference, place, where it went and by when; printable."""
    report = report_for(request.user, reference)
    return render(request, "backoffice/receipt.html", _receipt_context(request, report))


def _receipt_context(
    request: AuthedRequest, report: Report, *, error: LisaError | None = None
) -> dict[str, Any]:
    user = request.user
    language = request.GET.get("lang", "")
    if language not in LANGUAGES:
        language = report.language if report.language in LANGUAGES else "fr"
    with translation.override(language):
        receipt_explanation = explain_reason(report.routing_reason, internal=False)
    has_email = (
        contact_access(user, report) == ContactAccess.DIRECT
        and Reporter.objects.filter(report=report, role=ReporterRole.REPORTER)
        .exclude(email="")
        .exists()
    )
    field = report.channel == Channel.FIELD
    if field:
        another = reverse("backoffice:field") if scope_for(user).is_partner_staff else ""
    else:
        another = reverse("backoffice:desk") if desk_membership(request) else ""
    return {
        "section": "field" if field else "desk",
        "report": report,
        "receipt_language": language,
        "receipt_explanation": receipt_explanation,
        "explanation": explain_reason(report.routing_reason),
        "office": report.registered_at_office,
        "has_email": has_email,
        "another_url": another,
        "is_field": field,
        "languages": LANGUAGES,
        "error": error,
    }


@staff_view
@require_POST
def receipt_email(request: AuthedRequest, reference: str) -> HttpResponse:
    """E-mail the receipt to the resident, in their language."""
    report = report_for(request.user, reference)
    try:
        if contact_access(request.user, report) != ContactAccess.DIRECT:
            raise LisaError(
                "cannot_email_receipt",
                _("Only the agent who registered the report, or its handlers, can e-mail it."),
            )
        receipt_send(report=report, by=request.user)
    except LisaError as error:
        return render(
            request,
            "backoffice/receipt.html",
            _receipt_context(request, report, error=error),
            status=400,
        )
    messages.success(request, _("The receipt is on its way to the resident."))
    return redirect("backoffice:receipt", reference=report.reference)


# --- Desk visits ------------------------------------------------------------------------


@staff_view
@require_http_methods(["GET", "POST"])
def desk_visits(request: AuthedRequest) -> HttpResponse:
    """Count a visit or a call that is not a report; see today's and this month's."""
    membership = desk_membership(request)
    if membership is None or membership.office is None:
        return not_for_you(request, _("The desk is for the front-desk agents of a LISA office."))
    office = membership.office
    status = 200
    if request.method == "POST":
        form = DeskVisitForm(request.POST, office=office)
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit = desk_visit_log(
                    office=office,
                    channel=data["channel"],
                    topic=data["topic"],
                    language=data["language"],
                    referred_to=form.referred_organisation(),
                    referral_note=data["referral_note"],
                    by=request.user,
                )
            except LisaError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            else:
                messages.success(
                    request,
                    _("Visit counted: %(topic)s.") % {"topic": visit.get_topic_display()},
                )
                return redirect("backoffice:desk-visits")
        status = 400
    else:
        form = DeskVisitForm(office=office)
    counts = desk_visit_counts(request.user, office)
    return render(
        request,
        "backoffice/desk_visits.html",
        {
            "section": "desk",
            "tab": "visits",
            "office": office,
            "form": form,
            "today": desk_visits_of_day(request.user, office),
            "counts": [(VisitTopic(topic).label, number) for topic, number in counts],
            "month_total": sum(number for _topic, number in counts),
            "month": timezone.localdate(),
        },
        status=status,
    )
