"""`media_url`: where an Open311 client finds a photo of a report.

A report's photos are its residents' until staff check them (faces, number plates) and make
them public (`public_attachments`). The first public photo of a public report is served here,
at /open311/v2/requests/{service_request_id}/photos/{id}: the file the follow page shows, under
an address that carries no resident's follow link. A report without one gives the link a client
sent with it (POST requests, kept by `resident_update_record`, never fetched), else nothing.
"""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lisa.open311.formats import errors
from lisa.open311.views import _cors
from lisa.reports.models import Activity, ActivityKind, Attachment, Report
from lisa.reports.public import public_attachments, public_reports


def _public_photos() -> QuerySet[Attachment]:
    return Attachment.objects.filter(is_public=True, content_type__startswith="image/")


def with_media(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Add each report's first public photo (`photo_id`) and first kept link (`media_link`)."""
    photo = _public_photos().filter(report=OuterRef("pk")).order_by("uploaded_at", "id")
    link = (
        Activity.objects.filter(
            report=OuterRef("pk"), kind=ActivityKind.RESIDENT_UPDATE, data__has_key="link"
        )
        .exclude(data__link="")
        .annotate(link=KeyTextTransform("link", "data"))
        .order_by("at", "id")
    )
    return reports.annotate(
        photo_id=Subquery(photo.values("pk")[:1]),
        media_link=Subquery(link.values("link")[:1]),
    )


def media_url(request: HttpRequest, report: Report) -> str:
    """Return the `media_url` of a report read through `with_media`."""
    photo_id = getattr(report, "photo_id", None)
    if photo_id:
        return request.build_absolute_uri(
            reverse("open311-photo", args=[report.reference, photo_id])
        )
    return getattr(report, "media_link", None) or ""


@require_GET
def photo(request: HttpRequest, service_request_id: str, pk: int) -> HttpResponseBase:
    """Send a public photo of a public report (never a photo staff have not checked)."""
    report = public_reports().filter(reference=service_request_id).first()
    attachment = public_attachments(report).filter(pk=pk).first() if report else None
    if attachment is None or not attachment.is_image:
        return _cors(errors(404, _("There is no such photo."), fmt="json"))
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    # Staff may hide a photo again (a face seen late): caches ask again each time.
    response["Cache-Control"] = "public, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response
