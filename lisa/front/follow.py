"""Following a report: the resident's page, their satisfaction and their "not solved".

Every page is reached through the resident's follow link (the token given once, or the
signed stand-in of later e-mails, see docs/adr/0011-follow-links.md) and reads through the
public selectors: what a resident may see of their own report, and nothing of anyone else.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lisa.errors import LisaError, NotFound
from lisa.front.limits import over_limit, too_many
from lisa.geo.geocoder import get_geocoder
from lisa.reports.actions import (
    MAX_COMMENT,
    RATED_STATUSES,
    REOPEN_DAYS,
    info_request_answer,
    reopen_request,
    satisfaction_record,
)
from lisa.reports.models import InfoRequest, Report, Reporter, Status
from lisa.reports.public import (
    follower_for,
    latest_satisfaction,
    open_questions,
    public_attachments,
    public_timeline,
    reopening_for,
)

SCORES = (1, 2, 3, 4, 5)


def _place(report: Report) -> str:
    """Return where the problem is, at street level: the street and the municipality."""
    language = get_language() or "fr"
    municipality = report.municipality.name
    try:
        street = get_geocoder().reverse(report.lat, report.lon)
    except LisaError:
        street = None
    if street is None:
        return municipality
    return f"{street.name_in(language)}, {street.municipality_in(language) or municipality}"


def _status_in_words(report: Report) -> str:
    organisation = report.organisation.name if report.organisation else _("the LISA partners")
    words = {
        Status.NEW: _("Your report has been received. It is waiting to be looked at by %(org)s."),
        Status.TRANSFERRED: _(
            "Your report has been received. It is waiting to be looked at by %(org)s."
        ),
        Status.ACKNOWLEDGED: _("%(org)s has taken note of your report and will deal with it."),
        Status.IN_PROGRESS: _("%(org)s is working on it."),
        Status.WAITING: _(
            "%(org)s is waiting for another service or a company before it can go on."
        ),
        Status.RESOLVED: _("%(org)s considers the problem solved."),
        Status.CLOSED: _("The problem is solved and your report is closed."),
        Status.REOPENED: _("Your report has been reopened: %(org)s is looking at it again."),
        Status.REJECTED: _("Your report has not been taken up. The history below says why."),
        Status.DUPLICATE: _("This problem had already been reported: your report joined it."),
    }
    return words[Status(report.status)] % {"org": organisation}


def _follow_context(token: str, reporter: Reporter) -> dict[str, Any]:
    report = reporter.report
    master = report.duplicate_of if report.status == Status.DUPLICATE else None
    return {
        "section": "follow",
        "token": token,
        "report": report,
        "master": master,
        "master_status": _status_in_words(master) if master is not None else "",
        "place": _place(report),
        "status_words": _status_in_words(report),
        "timeline": [
            (entry, Status(entry.status).label if entry.status else "")
            for entry in public_timeline(report)
        ],
        "photos": public_attachments(report),
        "questions": open_questions(report),
        "office": report.office,
        "organisation": report.organisation,
        "can_rate": report.status in RATED_STATUSES,
        "satisfaction": latest_satisfaction(reporter),
        "reopening": reopening_for(report),
        "reopen_days": REOPEN_DAYS,
        "scores": SCORES,
        "max_comment": MAX_COMMENT,
    }


def _follower(token: str) -> Reporter:
    follower = follower_for(token)
    # Reporter.report is loaded by the selector; the page needs the names around it too.
    follower.report = (
        Report.objects.select_related(
            "category",
            "category__parent",
            "municipality",
            "office",
            "organisation",
            "duplicate_of",
            "duplicate_of__organisation",
        )
        .filter(pk=follower.report_id)
        .get()
    )
    return follower


def _is_follow_token(token: str) -> bool:
    try:
        follower_for(token)
    except NotFound:
        return False
    return True


def _token_from(text: str) -> str:
    """Return the token of a pasted follow link (or of a token pasted alone)."""
    text = (text or "").strip()
    path = urlsplit(text).path if "/" in text else text
    parts = [part for part in path.split("/") if part]
    if "follow" in parts:
        after = parts[parts.index("follow") + 1 :]
        return after[0] if after else ""
    return parts[-1] if parts else ""


@never_cache
@require_http_methods(["GET", "POST"])
def follow_start(request: HttpRequest) -> HttpResponse:
    """Explain how to follow a report, and open the report of a pasted follow link."""
    context: dict[str, Any] = {"section": "follow"}
    if request.method == "POST":
        typed = request.POST.get("link", "")
        token = _token_from(typed)
        if token and _is_follow_token(token):
            return redirect("follow-report", token=token)
        context |= {
            "typed": typed,
            "error": _(
                "We do not recognise this follow link. Copy the whole link from the e-mail "
                "about your report, or from the page shown after you reported."
            ),
        }
        return render(request, "front/follow_start.html", context, status=400)
    return render(request, "front/follow_start.html", context)


@never_cache
@require_http_methods(["GET"])
def follow_report(request: HttpRequest, token: str) -> HttpResponse:
    """Show a resident where their report stands; a wrong link is "not found"."""
    reporter = _follower(token)
    return render(request, "front/follow.html", _follow_context(token, reporter))


@never_cache
@require_http_methods(["GET", "POST"])
def follow_rate(request: HttpRequest, token: str, score: int | None = None) -> HttpResponse:
    """Record how satisfied the resident is: one click from the e-mail, or the page's form.

    A link of the e-mail (GET, score in the address) records its score at once; recording
    the same score again adds nothing, so a second click, a reload or a mail client opening
    the link again leaves one answer. The page then offers a comment and another score
    (POST). HEAD is refused: a link preview records nothing.
    """
    reporter = _follower(token)
    context = _follow_context(token, reporter)
    records = request.method == "POST" or score is not None
    if records and over_limit(request, form="satisfaction"):
        return too_many(request)
    try:
        if request.method == "POST":
            chosen = _int(request.POST.get("score"))
            context |= {"chosen": chosen, "typed_comment": request.POST.get("comment", "")}
            answer = satisfaction_record(
                reporter=reporter,
                score=chosen,
                comment=request.POST.get("comment", ""),
                via="page",
            )
            context |= {"recorded": answer, "thanks": True, "satisfaction": answer}
        elif score is not None:
            context["chosen"] = score
            answer = satisfaction_record(reporter=reporter, score=score, via="link")
            context |= {"recorded": answer, "chosen": answer.score, "satisfaction": answer}
            context["typed_comment"] = answer.comment
        else:
            return redirect("follow-report", token=token)
    except LisaError as error:
        context["error"] = error
        return render(request, "front/rate.html", context, status=400)
    return render(request, "front/rate.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_not_solved(request: HttpRequest, token: str) -> HttpResponse:
    """Let the resident ask to reopen a report resolved less than 30 days ago."""
    reporter = _follower(token)
    context = _follow_context(token, reporter)
    if request.method == "POST":
        if over_limit(request, form="satisfaction"):
            return too_many(request)
        try:
            reopen_request(reporter=reporter, reason=request.POST.get("reason", ""))
        except LisaError as error:
            context |= {"error": error, "typed": request.POST.get("reason", "")}
            return render(request, "front/not_solved.html", context, status=400)
        context |= {"thanks": True, "reopening": reopening_for(reporter.report)}
    return render(request, "front/not_solved.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_answer(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """Show a question staff asked about the report and take the answer, once."""
    reporter = _follower(token)
    info_request = InfoRequest.objects.filter(report=reporter.report, pk=pk).first()
    if info_request is None:
        raise NotFound("info_request_not_found", _("This link is not valid."))
    context = {
        "section": "follow",
        "info_request": info_request,
        "report": reporter.report,
        "follow_token": token,
        "expired": info_request.answered_at is None and timezone.now() > info_request.expires_at,
    }
    if request.method == "POST":
        try:
            info_request_answer(request=info_request, answer=request.POST.get("answer", ""))
        except LisaError as error:
            context |= {"error": error, "typed": request.POST.get("answer", "")}
            return render(request, "front/answer.html", context, status=400)
        context["thanks"] = True
    return render(request, "front/answer.html", context)


@never_cache
@require_http_methods(["GET"])
def follow_photo(request: HttpRequest, token: str, pk: int, size: str = "full") -> FileResponse:
    """Send a photo staff made public on the follower's report (never another's)."""
    report = follower_for(token).report
    attachment = public_attachments(report).filter(pk=pk).first()
    if attachment is None or not attachment.is_image:
        raise NotFound("photo_not_found", _("There is no such photo."))
    stored = attachment.thumbnail if size == "thumb" and attachment.thumbnail else attachment.file
    response = FileResponse(stored.open("rb"), content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
