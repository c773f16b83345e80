"""The report page: everything about one report, and what the person may do with it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisa.accounts.models import Organisation, Team, User
from lisa.accounts.selectors import members_of, memberships_of, scope_for, teams_of
from lisa.backoffice.access import AuthedRequest, active_membership, staff_view
from lisa.cases.selectors import cases_of_report
from lisa.errors import LisaError, NotFound
from lisa.forwarding.selectors import forwardings_of
from lisa.reports.actions import (
    TRANSITIONS,
    SplitPart,
    attachment_add,
    attachment_set_public,
    contact_details_open,
    info_request_create,
    message_send,
    note_add,
    render_template,
    reopen_accept,
    reopen_decline,
    report_assign,
    report_link,
    report_split,
    report_transition,
)
from lisa.reports.models import (
    ActivityKind,
    Category,
    NoteVisibility,
    Report,
    ResponseTemplate,
    Status,
)
from lisa.reports.questions import answers_in_words
from lisa.reports.routing import explain_reason
from lisa.reports.selectors import (
    VAGUE_RADIUS_M,
    ContactAccess,
    attachment_for,
    attachments_visible_to,
    can_handle,
    can_write_notes,
    contact_access,
    lateness,
    named_report_for,
    note_for,
    note_organisation_ids_for,
    note_visibilities_for,
    pending_reopen_request,
    report_access,
    report_family,
    report_for,
    report_timeline,
    reporters_of,
    reports_visible_to,
    response_templates_for,
    satisfaction_of,
    vague_point,
)

# The buttons of the status actions, in the order they are offered.
STATUS_ACTIONS = [
    (Status.ACKNOWLEDGED, "acknowledge"),
    (Status.IN_PROGRESS, "start"),
    (Status.WAITING, "wait"),
    (Status.RESOLVED, "resolve"),
    (Status.CLOSED, "close"),
    (Status.REJECTED, "reject"),
]
STATUS_BY_ACTION = {action: status for status, action in STATUS_ACTIONS}
# The step that usually comes next, offered first as the main button.
NEXT_STEP: dict[str, str] = {
    Status.NEW: Status.ACKNOWLEDGED,
    Status.ACKNOWLEDGED: Status.IN_PROGRESS,
    Status.IN_PROGRESS: Status.RESOLVED,
    Status.WAITING: Status.IN_PROGRESS,
    Status.RESOLVED: Status.CLOSED,
    Status.REOPENED: Status.IN_PROGRESS,
}
MAX_UPLOAD = 10 * 1024 * 1024


def _resident_language(report: Report) -> str:
    reporter = reporters_of(report).filter(role="reporter").only("language").first()
    return reporter.language if reporter else report.language


def _context(
    request: AuthedRequest,
    report: Report,
    *,
    error: LisaError | None = None,
    failed_action: str = "",
    contact: dict[str, Any] | None = None,
) -> dict[str, Any]:
    user = request.user
    assert isinstance(user, User)
    access = report_access(user, report)
    handles = access.handles
    allowed = TRANSITIONS.get(report.status, set())
    organisation = report.organisation
    point = (report.lat, report.lon) if access.show_private else vague_point(report.lat, report.lon)
    can_open_case = _can_open_case_with(user, report)
    return {
        "section": "queue",
        "report": report,
        "access": access,
        "point": point,
        "point_radius": 0 if access.show_private else VAGUE_RADIUS_M,
        "explanation": explain_reason(report.routing_reason, internal=access.as_staff),
        "answers": answers_in_words(report.category, report.attributes)
        if access.show_private
        else [],
        "lateness": lateness(report),
        "timeline": report_timeline(user, report),
        "satisfaction": satisfaction_of(user, report),
        "reopen_pending": pending_reopen_request(report),
        "attachments": attachments_visible_to(user, report),
        "family": report_family(user, report),
        "cases": cases_of_report(user, report),
        "forwardings": forwardings_of(user, report),
        "can_open_case": can_open_case,
        # The side column: the resident's card, the actions, a case to open; else one column.
        "has_side": access.contact != ContactAccess.NONE or handles or can_open_case,
        "show_private": access.show_private,
        "contact_access": access.contact.value,
        "contact": contact,
        "handles": handles,
        "status_actions": _status_actions(report.status, allowed),
        "can_transfer": Status.TRANSFERRED in allowed,
        "can_duplicate": Status.DUPLICATE in allowed,
        "can_note": access.can_note,
        "note_visibilities": [
            (value, NoteVisibility(value).label) for value in access.note_visibilities
        ],
        "note_organisations": _note_organisations(request) if access.can_note else [],
        "templates": response_templates_for(report) if handles else [],
        "resident_language": _resident_language(report) if handles else "",
        "people": members_of(organisation) if handles else [],
        "teams": teams_of(organisation) if handles else [],
        "organisations": Organisation.objects.filter(is_active=True).exclude(
            pk=organisation.pk if organisation else 0
        )
        if handles
        else [],
        "categories": Category.objects.filter(is_active=True).select_related("parent")
        if handles
        else [],
        "error": error,
        "failed_action": failed_action,
        "typed": request.POST if error else {},
        # What was typed in the status form comes back there only, not in another form's.
        "status_typed": failed_action in STATUS_BY_ACTION or failed_action == "status",
        "activity_kinds": ActivityKind,
        "tiles_url": settings.LISA_TILE_URL,
        "tiles_attribution": settings.LISA_TILE_ATTRIBUTION,
    }


def _status_actions(status: str, allowed: set[str]) -> list[tuple[str, str]]:
    """Return the status buttons the report offers, the usual next step first."""
    actions = [(action, str(Status(to).label)) for to, action in STATUS_ACTIONS if to in allowed]
    following = NEXT_STEP.get(status)
    actions.sort(key=lambda pair: STATUS_BY_ACTION[pair[0]] != following)
    return actions


def _can_open_case_with(user: User, report: Report) -> bool:
    from lisa.cases.selectors import can_open_case_with

    return can_open_case_with(user, report)


def _note_organisations(request: AuthedRequest) -> list[Organisation]:
    """Return the organisations the person writes notes for, the active one first."""
    allowed = scope_for(request.user).organisation_ids
    organisations: list[Organisation] = []
    for membership in memberships_of(request.user):
        if membership.organisation_id in allowed and membership.organisation not in organisations:
            organisations.append(membership.organisation)
    active = active_membership(request)
    if active is not None and active.organisation in organisations:
        organisations.remove(active.organisation)
        organisations.insert(0, active.organisation)
    return organisations


@staff_view
@require_GET
def report_page(request: AuthedRequest, reference: str) -> HttpResponse:
    """Show a report the person may see; any other reference is "not found"."""
    report = report_for(request.user, reference)
    return render(request, "backoffice/report.html", _context(request, report))


@staff_view
@require_http_methods(["GET", "POST"])
def report_contact(request: AuthedRequest, reference: str) -> HttpResponse:
    """Show the residents' contact details to who may see them; every view is logged."""
    user = request.user
    assert isinstance(user, User)
    report = report_for(user, reference)
    access = contact_access(user, report)
    if access == ContactAccess.NONE:
        raise NotFound("contact_not_found", _("There is no such page."))
    if access == ContactAccess.WITH_REASON and request.method != "POST":
        return render(request, "backoffice/report.html", _context(request, report))
    try:
        opened = contact_details_open(
            report=report, by=user, reason=request.POST.get("reason", ""), request=request
        )
    except LisaError as error:
        return render(
            request,
            "backoffice/report.html",
            _context(request, report, error=error, failed_action="contact"),
            status=400,
        )
    return render(
        request,
        "backoffice/report.html",
        _context(request, report, contact={"reporters": opened.reporters, "reason": opened.reason}),
    )


@staff_view
@require_GET
def template_preview(request: AuthedRequest, reference: str, pk: int) -> JsonResponse:
    """Return a response template filled in for the report, in the resident's language."""
    report = report_for(request.user, reference)
    if not can_handle(request.user, report):
        raise NotFound("template_not_found", _("There is no such template."))
    template = next((t for t in response_templates_for(report) if t.pk == pk), None)
    if template is None:
        raise NotFound("template_not_found", _("There is no such template."))
    language = _resident_language(report)
    return JsonResponse(
        {
            "language": language,
            "text": render_template(template=template, report=report, language=language),
        }
    )


@staff_view
@require_POST
def report_act(request: AuthedRequest, reference: str, action: str) -> HttpResponse:
    """Do one thing to a report, through its action; a refusal keeps what was typed."""
    user = request.user
    assert isinstance(user, User)
    report = report_for(user, reference)
    try:
        done = _act(request, report, action, user)
    except LisaError as error:
        return render(
            request,
            "backoffice/report.html",
            _context(request, report, error=error, failed_action=action),
            status=error.status if error.status != 404 else 400,
        )
    if isinstance(done, HttpResponse):
        return done
    messages.success(request, done)
    return redirect("backoffice:report", reference=report.reference)


def _act(request: AuthedRequest, report: Report, action: str, user: User) -> str | HttpResponse:
    post = request.POST
    if action == "note":
        visibility = post.get("visibility", "")
        if not can_write_notes(user, report):
            raise LisaError("cannot_note", _("You cannot write notes."))
        if visibility not in note_visibilities_for(user, report):
            raise LisaError(
                "invalid_visibility", _("Choose who may read the note."), field="visibility"
            )
        # In whose name: the one chosen, else the first that may write this kind of note.
        allowed = note_organisation_ids_for(user, visibility)
        candidates = [o for o in _note_organisations(request) if o.pk in allowed]
        chosen = post.get("organisation", "")
        organisation = (
            next((o for o in candidates if str(o.pk) == chosen), None)
            if chosen
            else next(iter(candidates), None)
        )
        if organisation is None:
            raise LisaError(
                "invalid_note_organisation",
                _("You cannot write this kind of note for this organisation."),
                field="visibility",
            )
        note_add(
            report=report,
            by=user,
            body=post.get("body", ""),
            visibility=visibility,
            organisation=organisation,
        )
        return _("Note added.")
    if not can_handle(user, report):
        raise LisaError(
            "not_handling",
            _(
                "Only the organisation handling this report, or the coordinator of its office, "
                "can do this."
            ),
        )
    if action == "fill":
        return _filled(request, report)
    if action in ("reopen-accept", "reopen-decline"):
        pending = pending_reopen_request(report)
        if pending is None:
            raise LisaError("no_reopen_request", _("No request to reopen this report is waiting."))
        if action == "reopen-accept":
            reopen_accept(request=pending, by=user, public_message=post.get("public_message", ""))
            return _("The report is reopened and back in progress; the resident is told.")
        reopen_decline(request=pending, by=user, answer=post.get("answer", ""))
        return _("The report stays resolved; the resident is told why.")
    if action in STATUS_BY_ACTION:
        to_status = STATUS_BY_ACTION[action]
        if to_status == Status.REJECTED and not post.get("reason", "").strip():
            raise LisaError(
                "rejection_reason_required", _("Say why the report is rejected."), field="reason"
            )
        report_transition(
            report=report,
            to_status=to_status,
            by=user,
            public_message=post.get("public_message", "").strip(),
            reason=post.get("reason", "").strip(),
        )
        return _("The report is now %(status)s.") % {"status": Status(to_status).label}
    if action == "transfer":
        organisation = Organisation.objects.filter(pk=_int(post.get("organisation"))).first()
        reason = post.get("reason", "").strip()
        if organisation is None:
            raise LisaError(
                "organisation_required", _("Choose the organisation."), field="organisation"
            )
        if not reason:
            raise LisaError("transfer_reason_required", _("Say why."), field="reason")
        report_transition(
            report=report,
            to_status=Status.TRANSFERRED,
            by=user,
            to_organisation=organisation,
            reason=reason,
            public_message=post.get("public_message", "").strip(),
        )
        messages.success(
            request,
            _("Transferred to %(organisation)s.") % {"organisation": organisation.name},
        )
        # After a transfer the report may be out of the person's sight: back to the queue.
        if not reports_visible_to(user).filter(pk=report.pk).exists():
            return redirect("backoffice:queue")
        return redirect("backoffice:report", reference=report.reference)
    if action == "duplicate":
        master = named_report_for(user, post.get("master", ""), field="master")
        report_transition(
            report=report,
            to_status=Status.DUPLICATE,
            by=user,
            duplicate_of=master,
            reason=post.get("reason", "").strip(),
            public_message=post.get("public_message", "").strip(),
        )
        return _("Marked as a duplicate of %(reference)s.") % {"reference": master.reference}
    if action == "link":
        related = named_report_for(user, post.get("related", ""), field="related")
        report_link(report=report, related=related, by=user)
        return _("Linked to %(reference)s.") % {"reference": related.reference}
    if action == "assign":
        target = post.get("assignee", "")
        to_user = to_team = None
        if target.startswith("user:"):
            to_user = User.objects.filter(pk=_int(target[5:])).first()
        elif target.startswith("team:"):
            to_team = Team.objects.filter(pk=_int(target[5:])).first()
        report_assign(report=report, by=user, to_user=to_user, to_team=to_team)
        return _("Assignment saved.")
    if action == "split":
        parts = _split_parts(post)
        children = report_split(report=report, parts=parts, by=user)
        return _("Split into %(references)s.") % {
            "references": ", ".join(c.reference for c in children)
        }
    if action == "message":
        template = ResponseTemplate.objects.filter(
            pk=_int(post.get("template")), is_active=True
        ).first()
        message_send(report=report, body=post.get("body", ""), by=user, template=template)
        return _("Message sent to the resident.")
    if action == "ask":
        info_request_create(report=report, question=post.get("question", ""), by=user)
        return _("Question sent to the resident by e-mail.")
    if action == "attach":
        upload = request.FILES.get("file")
        if upload is None:
            raise LisaError("file_required", _("Choose a file."), field="file")
        if upload.size and upload.size > MAX_UPLOAD:
            raise LisaError(
                "file_too_large", _("A file is limited to %(max)s MB.") % {"max": 10}, field="file"
            )
        attachment_add(
            report=report,
            data=upload.read(),
            filename=upload.name or "",
            by=user,
            is_public=post.get("is_public") == "on",
        )
        return _("File added.")
    if action in ("publish", "unpublish"):
        attachment = attachment_for(user, _int(post.get("attachment")))
        if attachment.report_id != report.pk:
            raise NotFound("attachment_not_found", _("There is no such attachment."))
        attachment_set_public(attachment=attachment, is_public=action == "publish", by=user)
        return (
            _("Residents now see this file.")
            if action == "publish"
            else _("Residents no longer see this file.")
        )
    raise NotFound("action_not_found", _("There is no such action."))


def _filled(request: AuthedRequest, report: Report) -> HttpResponse:
    """Show the page again with a template's text in the message to edit ("Preview").

    Without JavaScript the picker's button posts its form here: what was typed stays, and
    the CSRF token never lands in an address, as it would with a GET form.
    """
    context = _context(request, report)
    typed = request.POST.dict()
    typed.pop("csrfmiddlewaretoken", None)
    template = next((t for t in context["templates"] if str(t.pk) == typed.get("template")), None)
    in_message = typed.get("fill") == "message-body"
    if template is not None:
        text = render_template(
            template=template, report=report, language=context["resident_language"]
        )
        typed["body" if in_message else "public_message"] = text
    context["typed"] = typed
    context["failed_action"] = "message" if in_message else "status"
    context["status_typed"] = not in_message
    return render(request, "backoffice/report.html", context)


def _split_parts(post: Any) -> list[SplitPart]:
    parts = []
    for index in range(1, 4):
        category_id = _int(post.get(f"category_{index}"))
        description = post.get(f"description_{index}", "").strip()
        if not category_id and not description:
            continue
        category = Category.objects.filter(pk=category_id, is_active=True).first()
        if category is None:
            raise LisaError(
                "category_required",
                _("Choose the category of problem %(number)s.") % {"number": index},
                field=f"category_{index}",
            )
        organisation = Organisation.objects.filter(
            pk=_int(post.get(f"organisation_{index}")), is_active=True
        ).first()
        parts.append(
            SplitPart(category=category, description=description, organisation=organisation)
        )
    return parts


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@staff_view
@require_GET
def attachment_file(request: AuthedRequest, pk: int, size: str = "full") -> FileResponse:
    """Send a report's file to a person who may open the report (never a public URL)."""
    attachment = attachment_for(request.user, pk)
    stored = attachment.thumbnail if size == "thumb" and attachment.thumbnail else attachment.file
    # A thumbnail is encoded like its photo.
    response = FileResponse(stored.open("rb"), content_type=attachment.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    if not attachment.is_image:
        response["Content-Disposition"] = "attachment"
    return response


@staff_view
@require_GET
def note_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show one note to a person who may read it; anyone else gets "not found"."""
    note = note_for(request.user, pk)
    return render(request, "backoffice/note.html", {"note": note})


def report_url(report: Report) -> str:
    return reverse("backoffice:report", args=[report.reference])
