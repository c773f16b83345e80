"""Report a problem: the resident's form, the reports like theirs nearby, and the reference.

The form works without JavaScript. A submission that comes back (an error, an address to
choose, similar reports to look at) keeps everything: the fields are filled in again and the
photos wait on the server (lisa/front/uploads.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisa.backoffice.intake import (
    CategoryChoice,
    address_of,
    answers_for,
    page_language,
    question_blocks,
)
from lisa.errors import LisaError
from lisa.front import uploads
from lisa.front.forms import ReportForm, TopCategory, outside_region_message, top_categories
from lisa.front.limits import over_limit, too_many
from lisa.geo.geocoder import StreetMatch, get_geocoder
from lisa.reports.actions import (
    ReporterDetails,
    attachment_add_photo,
    report_create,
    report_support,
)
from lisa.reports.links import follow_path
from lisa.reports.models import Category, Channel, Report
from lisa.reports.public import NearbyReport, similar_reports

DONE = "lisa_report_done"


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """Show the report form; on submission, make the report (or join a similar one)."""
    categories = top_categories()
    if request.method != "POST":
        form = ReportForm(initial={"photo_token": uploads.new_token()}, categories=categories)
        return _page(request, form, categories)
    if over_limit(request, form="report"):
        return too_many(request)

    data = request.POST.copy()
    token = data.get("photo_token", "")
    if not uploads.valid_token(token):
        token = data["photo_token"] = uploads.new_token()
    photos, photo_errors = _take_photos(request, token)
    photo_position = next((p.position for p in photos if p.position), None)
    form = ReportForm(data, categories=categories, photo_position=photo_position)
    if not form.is_valid() or photo_errors:
        return _page(request, form, categories, photos=photos, photo_errors=photo_errors)
    if form.position_source == "photo" and photo_position:
        # Shown back as the pin, and sent again with the form.
        data["lat"], data["lon"] = (f"{value:.6f}" for value in photo_position)

    category = form.chosen_category
    assert category is not None
    lat, lon = form.position()
    similar = similar_reports(category=category, lat=lat, lon=lon)
    supported = data.get("support", "")
    try:
        if supported:
            joined = next((s.report for s in similar if s.report.reference == supported), None)
            if joined is None:
                raise LisaError(
                    "cannot_support",
                    _("This report can no longer be joined: send yours instead."),
                    field="support",
                )
            return _join(request, form, joined, token, photos)
        if similar and not data.get("confirm_new"):
            return _page(request, form, categories, photos=photos, similar=similar)
        return _create(request, form, category, lat, lon, token, photos)
    except LisaError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.message))
        return _page(request, form, categories, photos=photos, similar=similar)


def _take_photos(request: HttpRequest, token: str) -> tuple[list[uploads.PendingPhoto], list[str]]:
    """Keep the photos just sent, forget those the resident removed; return them and the
    refusals."""
    for key in request.POST.getlist("remove_photo"):
        uploads.drop_photo(token, key)
    photos = uploads.pending_photos(token)
    errors = []
    for upload in request.FILES.getlist("photos"):
        if not upload.name and not upload.size:
            continue
        if len(photos) >= uploads.MAX_PHOTOS:
            errors.append(
                _("A report takes at most %(max)s photos: %(name)s was left out.")
                % {"max": uploads.MAX_PHOTOS, "name": upload.name}
            )
            continue
        try:
            photos.append(uploads.keep_photo(token, upload))
        except LisaError as error:
            errors.append(str(error.message))
    return photos, errors


def _reporter(form: ReportForm) -> ReporterDetails:
    """The resident as they chose to be: with contact details they agreed to give, or none.

    An anonymous resident is a reporter too: their follow link needs one.
    """
    data = form.cleaned_data
    language = page_language()
    if not data.get("consent"):
        return ReporterDetails(language=language)
    return ReporterDetails(
        name=data.get("name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        language=language,
        consents_to_contact=True,
    )


def _address(form: ReportForm, lat: float, lon: float) -> str:
    data = form.cleaned_data
    resolution = form.resolution
    if resolution is not None and resolution.match is not None:
        return address_of(resolution.match, (data.get("number") or "").strip() or resolution.number)
    try:
        street = get_geocoder().reverse(lat, lon)
    except LisaError:  # the street search is down: the pin is the place, without words
        return ""
    return address_of(StreetMatch(street, page_language()), "") if street else ""


def _create(
    request: HttpRequest,
    form: ReportForm,
    category: Category,
    lat: float,
    lon: float,
    token: str,
    photos: list[uploads.PendingPhoto],
) -> HttpResponse:
    # The report and its photos are one: a photo that cannot be stored leaves no report.
    with transaction.atomic():
        created = report_create(
            category=category,
            lat=lat,
            lon=lon,
            address=_address(form, lat, lon),
            description=form.cleaned_data["description"],
            attributes=answers_for(category, request.POST),
            channel=Channel.WEB,
            reporter=_reporter(form),
            language=page_language(),
        )
        _attach(created.report, token, photos)
    assert created.follow_token is not None
    return _done(request, created.report, created.follow_token, joined=False, form=form)


def _join(
    request: HttpRequest,
    form: ReportForm,
    report: Report,
    token: str,
    photos: list[uploads.PendingPhoto],
) -> HttpResponse:
    with transaction.atomic():
        support = report_support(report=report, reporter=_reporter(form))
        _attach(report, token, photos)
    return _done(request, report, support.follow_token, joined=True, form=form)


def _attach(report: Report, token: str, photos: list[uploads.PendingPhoto]) -> None:
    for photo in photos:
        attachment_add_photo(
            report=report, image=uploads.pending_image(token, photo), filename=photo.name, by=None
        )
    transaction.on_commit(lambda: uploads.drop_all(token))


def _done(
    request: HttpRequest, report: Report, follow_token: str, *, joined: bool, form: ReportForm
) -> HttpResponse:
    # The follow link is shown once, on the next page (a reload shows it again; going back
    # and sending again does not make a second report with the same form).
    request.session[DONE] = {
        "reference": report.reference,
        "token": follow_token,
        "joined": joined,
        "email": bool(form.cleaned_data.get("consent") and form.cleaned_data.get("email")),
    }
    return redirect("report-done")


def _page(
    request: HttpRequest,
    form: ReportForm,
    categories: list[TopCategory],
    *,
    photos: list[uploads.PendingPhoto] | None = None,
    photo_errors: list[str] | None = None,
    similar: list[NearbyReport] | None = None,
) -> HttpResponse:
    # The extra questions, rendered by the same template as the desk's (shared intake code).
    choices = [
        CategoryChoice(category=c, label=c.name, known_as=())
        for top in categories
        for c in (top.category, *top.children)
    ]
    has_errors = bool(form.errors or photo_errors)
    context: dict[str, Any] = {
        "section": "report",
        "form": form,
        "categories": categories,
        "questions": question_blocks(choices),
        "photos": photos or [],
        "photo_errors": photo_errors or [],
        "max_photos": uploads.MAX_PHOTOS,
        "similar": similar or [],
        "token": form["photo_token"].value() or "",
        "tiles_url": settings.LISA_TILE_URL,
        "tiles_attribution": settings.LISA_TILE_ATTRIBUTION,
        "outside_region": outside_region_message(),
    }
    status = 400 if has_errors else 200
    return render(request, "front/report.html", context, status=status)


@never_cache
@require_GET
def report_done(request: HttpRequest) -> HttpResponse:
    """Show the reference of the report just made (or joined) and its private follow link."""
    done = request.session.get(DONE)
    if not done:
        return redirect("report")
    language = page_language()
    return render(
        request,
        "front/report_done.html",
        {
            "section": "report",
            "reference": done["reference"],
            "joined": done["joined"],
            "email_sent": done["email"],
            "follow_url": request.build_absolute_uri(follow_path(done["token"], language)),
        },
    )


@never_cache
@require_POST
def report_photos(request: HttpRequest) -> JsonResponse:
    """Keep photos chosen in the form before it is sent (its script sends them at once):
    return every photo kept for the form, and the refusals in the page's language."""
    if over_limit(request, form="photo"):
        return JsonResponse(
            {"code": "too_many", "message": _("Too many photos sent from here: try later.")},
            status=429,
        )
    token = request.POST.get("photo_token", "")
    if not uploads.valid_token(token):
        return JsonResponse(
            {"code": "invalid_token", "message": _("Reload the page and try again.")}, status=400
        )
    photos, errors = _take_photos(request, token)
    return JsonResponse(
        {
            "photos": [
                {
                    "key": photo.key,
                    "name": photo.name,
                    "thumbnail": reverse("report-photo", args=[token, photo.key]),
                    "lat": photo.lat,
                    "lon": photo.lon,
                }
                for photo in photos
            ],
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@require_GET
def pending_thumbnail(request: HttpRequest, token: str, key: str) -> HttpResponse:
    """Show back a photo kept for a form that came back (its token is the form's secret)."""
    data = uploads.thumbnail_of(token, key) if uploads.valid_token(token) else None
    if data is None:
        raise Http404
    content_type = "image/png" if data[:4] == b"\x89PNG" else "image/jpeg"
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
