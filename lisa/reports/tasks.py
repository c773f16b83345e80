"""Work done after a report changes, outside the request: the e-mails people receive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from lisa.accounts.models import Organisation, Role, User
from lisa.offices.models import Office
from lisa.reports.links import follow_path, follow_url, not_solved_url, rating_urls, site_url
from lisa.reports.models import (
    InfoRequest,
    Message,
    ReopenRequest,
    Report,
    Reporter,
    ReporterRole,
    Status,
    StatusChange,
)
from lisa.reports.selectors import digest_for


def _residents(report: Report) -> list[Reporter]:
    """Return the residents of a report who left an e-mail address, each address once."""
    seen: set[str] = set()
    residents = []
    for reporter in Reporter.objects.filter(report=report).exclude(email="").order_by("id"):
        if reporter.email.lower() not in seen:
            seen.add(reporter.email.lower())
            residents.append(reporter)
    return residents


@task()
def send_acknowledgement(*, reporter_id: int, token: str = "") -> None:
    """E-mail the resident the reference of the report they made or joined, and its follow
    link (`token` is the link's secret, given once: only its hash is stored)."""
    reporter = Reporter.objects.select_related("report", "report__category").get(id=reporter_id)
    if not reporter.email:
        return
    report = reporter.report
    with translation.override(reporter.language):
        values = {"category": report.category.name, "reference": report.reference}
        subject = _("Your report %(reference)s") % values
        if reporter.role == ReporterRole.SUPPORTER:
            body = (
                _(
                    "Hello,\n\nYou added your voice to the report %(reference)s about "
                    "“%(category)s”. We will keep you informed.\n\nYour LISA office"
                )
                % values
            )
        else:
            body = (
                _(
                    "Hello,\n\nWe have received your report about “%(category)s” and registered it "
                    "as %(reference)s. We will keep you informed.\n\nYour LISA office"
                )
                % values
            )
        if token:
            # The link the resident was shown after reporting, with the token itself.
            body += "\n\n" + _(
                "Follow it here (this link is yours alone, keep it private):\n%(url)s"
            ) % {"url": site_url(follow_path(token, reporter.language))}
        else:
            body += _follow_lines(reporter)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reporter.email])


def _send_news(report: Report, *, text_for: Callable[[Reporter], str], status: str = "") -> None:
    """E-mail each resident of the report a message, in their language."""
    for reporter in _residents(report):
        with translation.override(reporter.language):
            values = {
                "reference": report.reference,
                "category": report.category.name,
                "message": text_for(reporter),
                "status": Status(status).label if status else "",
            }
            if status:
                subject = _("Your report %(reference)s is now %(status)s") % values
                body = (
                    _(
                        "Hello,\n\nYour report %(reference)s (“%(category)s”) is now "
                        "%(status)s.\n\n%(message)s\n\nYour LISA office"
                    )
                    % values
                ).replace("\n\n\n\n", "\n\n")  # a resolution without a message
            else:
                subject = _("News about your report %(reference)s") % values
                body = (
                    _(
                        "Hello,\n\nAbout your report %(reference)s (“%(category)s”):\n\n"
                        "%(message)s\n\nYour LISA office"
                    )
                    % values
                )
            if status == Status.RESOLVED:
                body += _resolved_lines(reporter)
            body += _follow_lines(reporter)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reporter.email])


@task()
def send_public_message(*, message_id: int) -> None:
    """E-mail a public message to every resident behind the report, in their language.

    A message written from a template and left as the template wrote it reaches each
    resident in their own language; an edited one goes as it was written.
    """
    from lisa.reports.actions import render_template

    message = Message.objects.select_related("report", "report__category", "template").get(
        id=message_id
    )
    report = message.report
    template = message.template
    as_written = {
        language
        for language in ("fr", "nl", "en")
        if template is not None
        and render_template(template=template, report=report, language=language) == message.body
    }

    def text_for(reporter: Reporter) -> str:
        if template is not None and as_written and reporter.language not in as_written:
            return render_template(template=template, report=report, language=reporter.language)
        return message.body

    _send_news(report, text_for=text_for)


@task()
def send_status_update(*, change_id: int) -> None:
    """E-mail the residents the new status of their report and the message that goes with it.

    A resolution asks how satisfied they are (five one-click links) and offers "not solved".
    """
    change = StatusChange.objects.select_related("report", "report__category").get(id=change_id)
    if change.public_message or change.to_status == Status.RESOLVED:
        _send_news(
            change.report, text_for=lambda _reporter: change.public_message, status=change.to_status
        )


@task()
def send_merged_notice(*, report_id: int) -> None:
    """Tell the residents of a duplicate that they now follow the report it repeats."""
    report = Report.objects.select_related("category", "duplicate_of").get(id=report_id)
    master = report.duplicate_of
    if master is None:
        return
    for reporter in _residents(report):
        with translation.override(reporter.language):
            values = {
                "reference": report.reference,
                "category": report.category.name,
                "master": master.reference,
            }
            subject = _("Your report %(reference)s joins %(master)s") % values
            body = (
                _(
                    "Hello,\n\nThe problem you reported as %(reference)s (“%(category)s”) had "
                    "already been reported as %(master)s. We have joined your report to it: you "
                    "will hear how %(master)s goes.\n\nThank you for your report.\n\n"
                    "Your LISA office"
                )
                % values
            )
            body += _follow_lines(reporter)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reporter.email])


@task()
def send_info_request(*, request_id: int, token: str) -> None:
    """E-mail the resident the question and the link to answer it."""
    request = InfoRequest.objects.select_related("report", "report__category").get(id=request_id)
    report = request.report
    for reporter in _residents(report):
        if reporter.role != "reporter":
            continue
        with translation.override(reporter.language):
            link = site_url(reverse("answer-info-request", args=[token]))
            subject = _("A question about your report %(reference)s") % {
                "reference": report.reference
            }
            body = _(
                "Hello,\n\nTo deal with your report %(reference)s (“%(category)s”), we need "
                "some more information:\n\n%(question)s\n\nPlease answer through this link "
                "before %(expires)s:\n%(link)s\n\nYour LISA office"
            ) % {
                "reference": report.reference,
                "category": report.category.name,
                "question": request.question,
                "expires": formats.date_format(request.expires_at, "DATETIME_FORMAT"),
                "link": link,
            }
            body += _follow_lines(reporter)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reporter.email])


@task()
def send_assignment_notice(*, report_id: int, user_id: int, by_id: int) -> None:
    """Tell a member of staff that a report was given to them."""
    report = Report.objects.select_related("category").get(id=report_id)
    user = User.objects.get(id=user_id)
    by = User.objects.get(id=by_id)
    if not user.email:
        return
    link = site_url(reverse("backoffice:report", args=[report.reference]))
    with translation.override(user.language):
        subject = _("%(reference)s is assigned to you") % {"reference": report.reference}
        body = _(
            "Hello %(name)s,\n\n%(by)s assigned you the report %(reference)s "
            "(“%(category)s”, %(address)s), due on %(deadline)s.\n\n%(link)s\n\nLISA"
        ) % {
            "name": user.first_name or user.username,
            "by": by,
            "reference": report.reference,
            "category": report.category.name,
            "address": report.address or "—",
            "deadline": formats.date_format(report.deadline) if report.deadline else "—",
            "link": link,
        }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@task()
def send_digest(*, organisation_id: int, since: str) -> int:
    """E-mail an organisation's staff its new and overdue reports; return how many were sent."""
    organisation = Organisation.objects.get(id=organisation_id)
    digest = digest_for(
        organisation_id, since=dt.datetime.fromisoformat(since), today=timezone.localdate()
    )
    if digest.is_empty:
        return 0
    people = (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__is_active=True,
            memberships__role__in=[
                Role.PARTNER_AGENT,
                Role.PARTNER_MANAGER,
                Role.POLICE_OFFICER,
                Role.OFFICE_COORDINATOR,
                Role.FRONT_DESK_AGENT,
            ],
            is_active=True,
        )
        .exclude(email="")
        .distinct()
    )
    queue = site_url(reverse("backoffice:queue")) + f"?in=organisation-{organisation.pk}"
    sent = 0
    for person in people:
        with translation.override(person.language):
            lines = [
                _("Hello %(name)s,") % {"name": person.first_name or person.username},
                "",
                ngettext(
                    "%(organisation)s today: %(new)s new report, %(overdue)s overdue.",
                    "%(organisation)s today: %(new)s new reports, %(overdue)s overdue.",
                    digest.new_count,
                )
                % {
                    "organisation": organisation.name,
                    "new": digest.new_count,
                    "overdue": digest.overdue_count,
                },
            ]
            for title, reports, count in (
                (_("New reports:"), digest.new, digest.new_count),
                (_("Overdue reports:"), digest.overdue, digest.overdue_count),
            ):
                if not reports:
                    continue
                lines += ["", title]
                lines += [
                    f"- {r.reference} · {r.category.name} · "
                    f"{(r.neighbourhood or r.municipality).name} · "
                    + (
                        _("due on %(date)s") % {"date": formats.date_format(r.deadline)}
                        if r.deadline
                        else ""
                    )
                    for r in reports
                ]
                if count > len(reports):
                    lines.append(_("… and %(more)s more.") % {"more": count - len(reports)})
            lines += ["", _("Your queue: %(link)s") % {"link": queue}, "", "LISA"]
            subject = ngettext(
                "LISA: %(new)s new report and %(overdue)s overdue for %(organisation)s",
                "LISA: %(new)s new reports and %(overdue)s overdue for %(organisation)s",
                digest.new_count,
            ) % {
                "new": digest.new_count,
                "overdue": digest.overdue_count,
                "organisation": organisation.name,
            }
        send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [person.email])
        sent += 1
    return sent


@task()
def send_receipt(*, report_id: int) -> None:
    """E-mail the resident the receipt of the report registered for them, in their language."""
    from lisa.reports.routing import explain_reason

    report = Report.objects.select_related(
        "category", "category__parent", "organisation", "registered_at_office"
    ).get(id=report_id)
    office = report.registered_at_office
    for reporter in _residents(report):
        if reporter.role != "reporter":
            continue
        with translation.override(reporter.language):
            subject = _("Receipt for your report %(reference)s") % {"reference": report.reference}
            body = _(
                "Hello,\n\nYour report has been registered.\n\n"
                "Reference: %(reference)s\nRegistered on: %(date)s\nProblem: %(category)s\n"
                "Place: %(address)s\nHandled by: %(organisation)s\nExpected by: %(deadline)s\n\n"
                "%(explanation)s\n\n"
                "Keep this reference: with it, your LISA office can tell you where your report "
                "stands.\n\n%(office)s"
            ) % {
                "reference": report.reference,
                "date": formats.date_format(
                    timezone.localtime(report.created_at), "DATETIME_FORMAT"
                ),
                "category": _category_label(report),
                "address": report.address or "—",
                "organisation": report.organisation.name if report.organisation else "—",
                "deadline": formats.date_format(report.deadline) if report.deadline else "—",
                "explanation": explain_reason(report.routing_reason, internal=False),
                "office": _office_signature(office),
            }
            body += _follow_lines(reporter)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reporter.email])


def _category_label(report: Report) -> str:
    category = report.category
    if category.parent is not None:
        return f"{category.parent.name} › {category.name}"
    return category.name


def _office_signature(office: Office | None) -> str:
    if office is None:
        return _("Your LISA office")
    lines = [office.name, office.address, office.phone, office.email]
    return "\n".join(line for line in lines if line)


def _follow_lines(reporter: Reporter) -> str:
    """Return the e-mail's closing lines with the resident's follow link (signed), if any."""
    link = follow_url(reporter)
    if not link:
        return ""
    return "\n\n" + _("Follow your report: %(link)s") % {"link": link}


def _resolved_lines(reporter: Reporter) -> str:
    """Return "how satisfied are you?" with its five one-click links, and "not solved"."""
    links = rating_urls(reporter)
    if not links:
        return ""
    from lisa.reports.actions import REOPEN_DAYS

    labels = {
        1: _("1 – not at all satisfied"),
        2: _("2 – not very satisfied"),
        3: _("3 – fairly satisfied"),
        4: _("4 – satisfied"),
        5: _("5 – very satisfied"),
    }
    lines = ["", "", _("How satisfied are you with how your report was handled? One click:")]
    lines += [f"{labels[score]}: {link}" for score, link in links]
    lines += [
        "",
        _("Not solved? Within %(days)s days, ask us to reopen your report: %(link)s")
        % {"days": REOPEN_DAYS, "link": not_solved_url(reporter)},
    ]
    return "\n".join(lines)


@task()
def send_reopen_declined(*, request_id: int) -> None:
    """Tell the residents why their report is not reopened, in their language."""
    request = ReopenRequest.objects.select_related("report", "report__category").get(id=request_id)
    report = request.report
    for reporter in _residents(report):
        with translation.override(reporter.language):
            values = {
                "reference": report.reference,
                "category": report.category.name,
                "answer": request.answer,
            }
            subject = _("Your report %(reference)s is not reopened") % values
            body = (
                _(
                    "Hello,\n\nYou told us that the problem you reported as %(reference)s "
                    "(“%(category)s”) is not solved. We have looked at it again and will not "
                    "reopen the report:\n\n%(answer)s\n\nIf you think the problem is still "
                    "there, call or visit your LISA office, or report it again.\n\n"
                    "Your LISA office"
                )
                % values
            )
            body += _follow_lines(reporter)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reporter.email])
