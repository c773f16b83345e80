"""Field reports: staff in the street report from a phone, with a photo and their position."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lisa.accounts.selectors import scope_for
from lisa.backoffice.access import AuthedRequest, staff_view
from lisa.backoffice.intake import (
    FieldReportForm,
    address_of,
    answers_for,
    category_choices,
    page_language,
    question_blocks,
)
from lisa.backoffice.views.desk import not_for_you
from lisa.errors import LisaError
from lisa.geo.geocoder import StreetMatch, get_geocoder
from lisa.reports.actions import attachment_add, report_create
from lisa.reports.models import Channel


@staff_view
@require_http_methods(["GET", "POST"])
def field_report(request: AuthedRequest) -> HttpResponse:
    """Report a problem seen in the street; it is routed like any other report."""
    user = request.user
    if not scope_for(user).is_partner_staff:
        return not_for_you(request, _("Field reports are for the staff of an organisation."))
    categories = category_choices()
    status = 200
    photo_lost = False
    if request.method == "POST":
        form = FieldReportForm(request.POST, request.FILES, categories=categories)
        if form.is_valid():
            try:
                reference = _register(request, form)
            except LisaError as error:
                field = error.field if error.field in form.fields else None
                if error.field == "file":
                    field = "photo"
                form.add_error(field, str(error.message))
            else:
                return redirect("backoffice:receipt", reference=reference)
        status = 400
        # A browser never sends a chosen file again: the person must pick it anew.
        photo_lost = bool(request.FILES.get("photo"))
    else:
        form = FieldReportForm(categories=categories)
    return render(
        request,
        "backoffice/field.html",
        {
            "section": "field",
            "form": form,
            "questions": question_blocks(categories),
            "photo_lost": photo_lost,
        },
        status=status,
    )


def _register(request: AuthedRequest, form: FieldReportForm) -> str:
    data = form.cleaned_data
    category = form.chosen_category
    assert category is not None
    resolution = form.resolution
    language = page_language()
    if form.has_position:
        lat, lon = data["lat"], data["lon"]
        if resolution is not None and resolution.match is not None:
            address = address_of(resolution.match, data["number"].strip() or resolution.number)
        else:
            street = get_geocoder().reverse(lat, lon)
            address = address_of(StreetMatch(street, language), "") if street else ""
    else:
        assert resolution is not None
        assert resolution.match is not None
        lat, lon = resolution.match.street.lat, resolution.match.street.lon
        address = address_of(resolution.match, data["number"].strip() or resolution.number)
    photo = data.get("photo")
    # The report and its photo are one: a photo LISA refuses leaves no report behind.
    with transaction.atomic():
        created = report_create(
            category=category,
            lat=lat,
            lon=lon,
            address=address,
            description=data["description"],
            attributes=answers_for(category, request.POST),
            channel=Channel.FIELD,
            by=request.user,
            language=language,
        )
        if photo is not None:
            attachment_add(
                report=created.report,
                data=photo.read(),
                filename=photo.name or "",
                by=request.user,
            )
    return created.report.reference
