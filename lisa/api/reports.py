"""/reports: the reports the caller may see, read and changed through the screens' selectors
and actions, so that the API shows and does exactly what the back office would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja import Status as Answer
from ninja.files import UploadedFile

from lisa.accounts.models import Organisation, Team, User
from lisa.accounts.selectors import members_of, memberships_of
from lisa.api.auth import acting_user, working_user
from lisa.api.errors import ERRORS, Forbidden
from lisa.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page_of
from lisa.api.schemas import (
    AssignIn,
    AttachmentOut,
    ContactIn,
    ContactOut,
    Id,
    LinkIn,
    MessageIn,
    MessageOut,
    NoteIn,
    NoteOut,
    QuestionIn,
    QuestionOut,
    Reference,
    ReopenIn,
    ReportIn,
    ReportOut,
    ReportPage,
    SplitIn,
    StatusIn,
)
from lisa.errors import LisaError, NotFound
from lisa.reports.actions import (
    ReporterDetails,
    SplitPart,
    attachment_add,
    contact_details_open,
    info_request_create,
    message_send,
    note_add,
    reopen_accept,
    reopen_decline,
    report_assign,
    report_create,
    report_link,
    report_split,
    report_transition,
)
from lisa.reports.models import (
    Attachment,
    Category,
    Channel,
    InfoRequest,
    Note,
    Report,
    Status,
)
from lisa.reports.routing import explain_reason
from lisa.reports.selectors import (
    QueueScope,
    ReportFilters,
    attachment_for,
    attachments_visible_to,
    can_handle,
    named_report_for,
    note_organisation_ids_for,
    note_visibilities_for,
    notes_visible_to,
    pending_reopen_request,
    queue_reports,
    report_access,
    report_for,
    vague_point,
    with_staff_view,
    without_shapes,
)

router = Router(tags=["reports"])

# As on the report page: a file is limited to 10 MB.
MAX_UPLOAD = 10 * 1024 * 1024


def _named(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "code": obj.code, "name": obj.name}


def _area(area: Any) -> dict[str, Any] | None:
    if area is None:
        return None
    return {"id": area.pk, "code": area.code, "name_fr": area.name_fr, "name_nl": area.name_nl}


def report_out(user: User | None, report: Report) -> dict[str, Any]:
    """Return the report as the caller may see it (`report_access` decides, as on its page)."""
    access = report_access(user, report)
    shown = access.show_private
    lat, lon = (report.lat, report.lon) if shown else vague_point(report.lat, report.lon)
    return {
        "reference": report.reference,
        "category": _named(report.category),
        "status": report.status,
        "status_label": str(Status(report.status).label),
        "channel": report.channel,
        "description": report.description if shown else None,
        "address": report.address if shown else None,
        "attributes": report.attributes if shown else None,
        "lat": lat,
        "lon": lon,
        "exact": shown,
        "municipality": _area(report.municipality),
        "police_zone": _area(report.police_zone),
        "neighbourhood": _area(report.neighbourhood),
        "office": _named(report.office),
        "organisation": _named(report.organisation),
        "routing_explanation": explain_reason(report.routing_reason, internal=access.as_staff),
        "assigned_to": (
            report.assigned_to.get_username()
            if access.as_staff and report.assigned_to is not None
            else None
        ),
        "assigned_team": (
            report.assigned_team.name
            if access.as_staff and report.assigned_team is not None
            else None
        ),
        "deadline": report.deadline,
        "created_at": report.created_at,
        "status_changed_at": report.status_changed_at,
        "access": {
            "as_staff": access.as_staff,
            "contact": access.contact.value,
            "handles": access.handles,
            "note_visibilities": list(access.note_visibilities),
        },
    }


@router.get("/reports", response={200: ReportPage, **ERRORS}, summary="List reports")
def list_reports(
    request: HttpRequest,
    status: list[Status] = Query([]),
    category: list[Id] = Query([]),
    organisation: Id | None = None,
    office: list[Id] = Query([]),
    neighbourhood: list[Id] = Query([]),
    municipality: list[Id] = Query([]),
    since: dt.date | None = None,
    until: dt.date | None = None,
    q: str = Query("", max_length=100),
    cursor: str | None = None,
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """List the reports the caller may open, newest first, filtered as the queue filters."""
    user = acting_user(request)
    filters = ReportFilters(
        statuses=tuple(status),
        category_ids=tuple(category),
        office_ids=tuple(office),
        neighbourhood_ids=tuple(neighbourhood),
        municipality_ids=tuple(municipality),
        created_from=since,
        created_to=until,
        text=q,
    )
    reports = with_staff_view(
        user,
        without_shapes(
            queue_reports(user, scope=QueueScope.ALL, filters=filters), "police_zone"
        ).select_related("office", "police_zone"),
    )
    if organisation is not None:
        reports = reports.filter(organisation_id=organisation)
    rows, next_cursor = page_of(reports, cursor=cursor, limit=limit)
    return {"items": [report_out(user, r) for r in rows], "next_cursor": next_cursor}


@router.get("/reports/{reference}", response={200: ReportOut, **ERRORS}, summary="One report")
def get_report(request: HttpRequest, reference: Reference) -> dict[str, Any]:
    """Return one report; one the caller may not open is "not found", like an absent one."""
    user = acting_user(request)
    return report_out(user, report_for(user, reference))


@router.post("/reports", response={201: ReportOut, **ERRORS}, summary="Make a report")
def create_report(request: HttpRequest, payload: ReportIn) -> Answer[dict[str, Any]]:
    """Make a report, located and routed as every other (channel "api")."""
    user = working_user(request)
    category = Category.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        raise LisaError("category_not_found", _("There is no such category."), field="category")
    reporter = None
    if payload.reporter is not None:
        given = payload.reporter
        reporter = ReporterDetails(
            name=given.name[:200], email=given.email, phone=given.phone, language=given.language
        )
    created = report_create(
        category=category,
        lat=payload.lat,
        lon=payload.lon,
        description=payload.description,
        address=payload.address[:300],
        attributes=payload.attributes,
        channel=Channel.API,
        by=user,
        reporter=reporter,
        language=get_language() or "fr",
    )
    return Answer(201, report_out(user, report_for(user, created.report.reference)))


def _handled(request: HttpRequest, reference: str) -> tuple[User, Report]:
    user = working_user(request)
    report = report_for(user, reference)
    if not can_handle(user, report):
        raise Forbidden(
            "not_handling",
            _(
                "Only the organisation handling this report, or the coordinator of its office, "
                "can do this."
            ),
        )
    return user, report


@router.post(
    "/reports/{reference}/status", response={200: ReportOut, **ERRORS}, summary="Change status"
)
def change_status(request: HttpRequest, reference: Reference, payload: StatusIn) -> dict[str, Any]:
    """Move the report along, transfer it or mark it a duplicate (`report_transition`)."""
    user, report = _handled(request, reference)
    if payload.status not in Status.values:
        raise LisaError("invalid_status", _("There is no such status."), field="status")
    reason = payload.reason.strip()
    organisation = master = None
    if payload.status == Status.REJECTED and not reason:
        raise LisaError(
            "rejection_reason_required", _("Say why the report is rejected."), field="reason"
        )
    if payload.status == Status.TRANSFERRED:
        organisation = Organisation.objects.filter(code=payload.organisation).first()
        if organisation is None:
            raise LisaError(
                "organisation_required", _("Choose the organisation."), field="organisation"
            )
        if not reason:
            raise LisaError("transfer_reason_required", _("Say why."), field="reason")
    if payload.status == Status.DUPLICATE:
        master = report_for(user, payload.duplicate_of.strip().upper())
    report_transition(
        report=report,
        to_status=payload.status,
        by=user,
        public_message=payload.public_message.strip(),
        reason=reason,
        to_organisation=organisation,
        duplicate_of=master,
    )
    # After a transfer the report may be out of the caller's sight: it is then "not found".
    return report_out(user, report_for(user, report.reference))


@router.post("/reports/{reference}/assign", response={200: ReportOut, **ERRORS}, summary="Assign")
def assign_report(request: HttpRequest, reference: Reference, payload: AssignIn) -> dict[str, Any]:
    """Give the report to a person or a team of the organisation handling it, or to no one."""
    user, report = _handled(request, reference)
    organisation = report.organisation
    to_user = to_team = None
    if (payload.user or payload.team) and organisation is None:
        raise LisaError(
            "no_handling_organisation",
            _("No organisation handles this report yet: transfer it first."),
        )
    if payload.user and organisation is not None:
        # Looked for among the organisation's people only: a name elsewhere is not confirmed.
        to_user = next(
            (p for p in members_of(organisation) if p.get_username() == payload.user), None
        )
        if to_user is None:
            raise LisaError(
                "assignee_not_in_organisation",
                _("No one of %(organisation)s signs in as %(user)s.")
                % {"organisation": organisation.name, "user": payload.user[:150]},
                field="user",
            )
    if payload.team and organisation is not None:
        name = payload.team.strip()
        to_team = (
            Team.objects.filter(organisation=organisation, is_active=True)
            .filter(Q(name_fr=name) | Q(name_nl=name) | Q(name_en=name))
            .first()
        )
        if to_team is None:
            raise LisaError(
                "team_not_in_organisation",
                _("%(organisation)s has no team named %(team)s.")
                % {"organisation": organisation.name, "team": name[:80]},
                field="team",
            )
    report_assign(report=report, by=user, to_user=to_user, to_team=to_team)
    return report_out(user, report_for(user, report.reference))


@router.post(
    "/reports/{reference}/links", response={200: ReportOut, **ERRORS}, summary="Relate reports"
)
def link_report(request: HttpRequest, reference: Reference, payload: LinkIn) -> dict[str, Any]:
    """Mark another report the caller may open as related to this one; each shows the other."""
    user, report = _handled(request, reference)
    related = named_report_for(user, payload.related, field="related")
    report_link(report=report, related=related, by=user)
    return report_out(user, report)


@router.post(
    "/reports/{reference}/messages",
    response={201: MessageOut, **ERRORS},
    summary="Write to the residents",
)
def send_message(request: HttpRequest, reference: Reference, payload: MessageIn) -> Answer[Any]:
    """Send a public message to the residents behind the report (e-mailed in their language
    and shown on their follow page), as its handler."""
    user, report = _handled(request, reference)
    message = message_send(report=report, body=payload.body, by=user)
    return Answer(
        201,
        {
            "id": message.pk,
            "body": message.body,
            "organisation": _named(message.organisation),
            "at": message.at,
        },
    )


def _question_out(request: InfoRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "question": request.question,
        "organisation": _named(request.organisation),
        "asked_at": request.asked_at,
        "expires_at": request.expires_at,
        "answer": request.answer if request.answered_at is not None else None,
        "answered_at": request.answered_at,
    }


@router.get(
    "/reports/{reference}/questions",
    response={200: list[QuestionOut], **ERRORS},
    summary="Questions to the residents",
)
def list_questions(request: HttpRequest, reference: Reference) -> list[Any]:
    """Return the questions asked to the residents and their answers, to who works on the
    report (as on its page; an analyst sees none)."""
    user = acting_user(request)
    report = report_for(user, reference)
    if not report_access(user, report).as_staff:
        return []
    asked = InfoRequest.objects.filter(report=report).select_related("organisation")
    return [_question_out(question) for question in asked.order_by("asked_at", "id")]


@router.post(
    "/reports/{reference}/questions",
    response={201: QuestionOut, **ERRORS},
    summary="Ask the residents",
)
def ask_question(request: HttpRequest, reference: Reference, payload: QuestionIn) -> Answer[Any]:
    """Ask the residents behind the report a question by e-mail, as its handler; they answer
    through a link valid a few days."""
    user, report = _handled(request, reference)
    created = info_request_create(report=report, question=payload.question, by=user)
    return Answer(201, _question_out(created.request))


@router.post(
    "/reports/{reference}/reopen-request",
    response={200: ReportOut, **ERRORS},
    summary="Answer a 'not solved'",
)
def answer_reopen_request(
    request: HttpRequest, reference: Reference, payload: ReopenIn
) -> dict[str, Any]:
    """Accept the resident's "not solved" (the report is reopened and taken up again) or
    decline it with the reason they are told, as the report's handler."""
    user, report = _handled(request, reference)
    pending = pending_reopen_request(report)
    if pending is None:
        raise LisaError("no_reopen_request", _("No request to reopen this report is waiting."))
    if payload.accept:
        reopen_accept(request=pending, by=user, public_message=payload.message)
    else:
        reopen_decline(request=pending, by=user, answer=payload.message)
    return report_out(user, report_for(user, report.reference))


@router.post(
    "/reports/{reference}/split",
    response={201: list[ReportOut], **ERRORS},
    summary="Split into other reports",
)
def split_report(request: HttpRequest, reference: Reference, payload: SplitIn) -> Answer[list[Any]]:
    """Make a child report for each other problem found at the place of this one; each is
    routed by the rules unless an organisation is named."""
    user, report = _handled(request, reference)
    parts = []
    for number, part in enumerate(payload.parts, start=1):
        category = Category.objects.filter(code=part.category, is_active=True).first()
        if category is None:
            raise LisaError(
                "category_required",
                _("Choose the category of problem %(number)s.") % {"number": number},
                field=f"parts.{number - 1}.category",
            )
        organisation = None
        if part.organisation:
            organisation = Organisation.objects.filter(
                code=part.organisation, is_active=True
            ).first()
            if organisation is None:
                raise LisaError(
                    "organisation_required",
                    _("Choose the organisation."),
                    field=f"parts.{number - 1}.organisation",
                )
        parts.append(
            SplitPart(category=category, description=part.description, organisation=organisation)
        )
    children = report_split(report=report, parts=parts, by=user)
    # A child handled by another organisation may be out of the caller's sight: left out.
    shown = []
    for child in children:
        try:
            shown.append(report_out(user, report_for(user, child.reference)))
        except NotFound:
            continue
    return Answer(201, shown)


@router.post(
    "/reports/{reference}/contact",
    response={200: list[ContactOut], **ERRORS},
    summary="Residents' contact details (logged)",
)
def open_contact(request: HttpRequest, reference: Reference, payload: ContactIn) -> list[Any]:
    """Return the residents' contact details to who may see them; each view is logged, with
    the reason given where the role must state one (as on the screens)."""
    user = acting_user(request)
    report = report_for(user, reference)
    if user is None:
        raise NotFound("contact_not_found", _("There is no such page."))
    opened = contact_details_open(report=report, by=user, reason=payload.reason, request=request)
    return [
        {
            "name": r.name,
            "email": r.email,
            "phone": r.phone,
            "language": r.language,
            "role": r.role,
        }
        for r in opened.reporters
    ]


def _note_out(note: Note) -> dict[str, Any]:
    author = note.author
    return {
        "id": note.pk,
        "body": note.body,
        "visibility": note.visibility,
        "organisation": _named(note.organisation),
        "author": author.get_full_name() or author.get_username(),
        "at": note.at,
    }


@router.get("/reports/{reference}/notes", response={200: list[NoteOut], **ERRORS}, summary="Notes")
def list_notes(request: HttpRequest, reference: Reference) -> list[Any]:
    """Return the internal notes of the report the caller may read (as on its page)."""
    user = acting_user(request)
    report = report_for(user, reference)
    if not report_access(user, report).as_staff:
        return []
    notes = (
        notes_visible_to(user)
        .filter(report=report)
        .select_related("author", "organisation")
        .order_by("at", "id")
    )
    return [_note_out(note) for note in notes]


@router.post("/reports/{reference}/notes", response={201: NoteOut, **ERRORS}, summary="Add a note")
def add_note(request: HttpRequest, reference: Reference, payload: NoteIn) -> Answer[Any]:
    """Add an internal note, of a visibility the caller may choose on the report's page."""
    user = working_user(request)
    report = report_for(user, reference)
    if payload.visibility not in note_visibilities_for(user, report):
        raise LisaError(
            "invalid_visibility", _("Choose who may read the note."), field="visibility"
        )
    allowed = note_organisation_ids_for(user, payload.visibility)
    candidates = [m.organisation for m in memberships_of(user) if m.organisation_id in allowed]
    organisation = next(
        (o for o in candidates if not payload.organisation or o.code == payload.organisation),
        None,
    )
    if organisation is None:
        raise LisaError(
            "invalid_note_organisation",
            _("You cannot write this kind of note for this organisation."),
            field="organisation",
        )
    note = note_add(
        report=report,
        by=user,
        body=payload.body,
        visibility=payload.visibility,
        organisation=organisation,
    )
    return Answer(201, _note_out(note))


def _attachment_out(attachment: Attachment, *, as_staff: bool) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        # Names of internal files are personal data too (ADR 0009).
        "name": attachment.original_name if as_staff else None,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "is_public": attachment.is_public,
        "uploaded_at": attachment.uploaded_at,
        "url": reverse("api:attachment_file", args=[attachment.pk]),
    }


@router.get(
    "/reports/{reference}/attachments",
    response={200: list[AttachmentOut], **ERRORS},
    summary="Files",
)
def list_attachments(request: HttpRequest, reference: Reference) -> list[Any]:
    """Return the report's files the caller may open (public ones only without a working role)."""
    user = acting_user(request)
    report = report_for(user, reference)
    as_staff = report_access(user, report).as_staff
    return [
        _attachment_out(a, as_staff=as_staff)
        for a in attachments_visible_to(user, report).order_by("uploaded_at", "id")
    ]


@router.post(
    "/reports/{reference}/attachments",
    response={201: AttachmentOut, **ERRORS},
    summary="Add a file",
)
def add_attachment(
    request: HttpRequest,
    reference: Reference,
    file: File[UploadedFile],
    is_public: Form[bool] = False,
) -> Answer[Any]:
    """Add a photo (cleaned of its metadata) or a PDF to the report, as its handler."""
    user, report = _handled(request, reference)
    if file.size and file.size > MAX_UPLOAD:
        raise LisaError(
            "file_too_large", _("A file is limited to %(max)s MB.") % {"max": 10}, field="file"
        )
    attachment = attachment_add(
        report=report, data=file.read(), filename=file.name or "", by=user, is_public=is_public
    )
    return Answer(201, _attachment_out(attachment, as_staff=True))


@router.get(
    "/attachments/{attachment_id}",
    response=ERRORS,
    summary="A file's content",
    url_name="attachment_file",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file: a photo (cleaned of its metadata) or a PDF.",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def attachment_content(request: HttpRequest, attachment_id: Id) -> HttpResponse:
    """Send a report's file to a caller who may open it (as the back office's file link)."""
    attachment = attachment_for(acting_user(request), attachment_id)
    # Read whole (photos are resized, files capped): the file is closed before the answer
    # leaves, whatever the server does with it.
    with attachment.file.open("rb") as file:
        response = HttpResponse(file.read(), content_type=attachment.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    if not attachment.is_image:
        response["Content-Disposition"] = "attachment"
    return response
