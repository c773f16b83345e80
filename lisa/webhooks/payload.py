"""What an organisation's webhook is told of an event: only what its staff may see.

The report is read through `reports_seen_by_organisation`, the selectors' rule for partner
staff, and nothing of the residents behind it (name, e-mail, phone: opening them is an
audited act) ever enters a body.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from lisa.reports.links import site_url
from lisa.reports.models import Message, Report, StatusChange
from lisa.reports.outbound import Announcement, Event
from lisa.reports.selectors import reports_seen_by_organisation


@dataclass(frozen=True)
class Occurrence:
    """An announced event, with the organisation that handled the report when it happened."""

    announcement: Announcement
    organisation_id: int | None
    change: StatusChange | None = None
    message: Message | None = None


def occurrence_of(announcement: Announcement) -> Occurrence:
    """Return the event with its history row or message and the organisation it concerns.

    A report created goes to the organisation it was first routed to; a report routed, to
    the organisation it now goes to; a status change or a public message, to the
    organisation that handled the report at that moment (on a transfer, the previous one
    hears "transferred", the next one "new").
    """
    event = announcement.event
    if event == Event.ROUTED:
        return Occurrence(announcement, announcement.organisation_id)
    if event == Event.STATUS_CHANGED:
        change = StatusChange.objects.filter(id=announcement.change_id or 0).first()
        return Occurrence(announcement, change.organisation_id if change else None, change=change)
    if event == Event.PUBLIC_MESSAGE:
        message = Message.objects.filter(id=announcement.message_id or 0).first()
        return Occurrence(
            announcement, message.organisation_id if message else None, message=message
        )
    if announcement.organisation_id is not None:  # told by report_create: no need to look
        return Occurrence(announcement, announcement.organisation_id)
    first = (
        StatusChange.objects.filter(report_id=announcement.report_id, from_status="")
        .order_by("id")
        .first()
    )
    return Occurrence(announcement, first.organisation_id if first else None)


def report_for_organisation(organisation_id: int, report_id: int) -> Report | None:
    """Return the report if the organisation's staff may see it, else None."""
    return (
        reports_seen_by_organisation(organisation_id)
        .select_related("category", "organisation", "municipality")
        .defer("municipality__geometry", "municipality__outline")
        .filter(pk=report_id)
        .first()
    )


def body_of(*, occurrence: Occurrence, report: Report, event_id: uuid.UUID, at: dt.datetime) -> str:
    """Return the JSON sent for the event, as text (it is stored and signed as is)."""
    content: dict[str, Any] = {
        "id": str(event_id),
        "event": str(occurrence.announcement.event),
        "created_at": at.isoformat(),
        "report": _report(report),
    }
    if occurrence.change is not None:
        content["change"] = _change(occurrence.change)
    if occurrence.message is not None:
        content["message"] = _message(occurrence.message)
    return json.dumps(content, ensure_ascii=False, sort_keys=True)


def _names(obj: Any) -> dict[str, str]:
    return {"fr": obj.name_fr, "nl": obj.name_nl, "en": obj.name_en}


def _organisation(organisation: Any) -> dict[str, Any] | None:
    if organisation is None:
        return None
    return {"code": organisation.code, "name": _names(organisation)}


def _report(report: Report) -> dict[str, Any]:
    return {
        "reference": report.reference,
        "url": site_url(reverse("backoffice:report", args=[report.reference])),
        "category": {"code": report.category.code, "name": _names(report.category)},
        "status": report.status,
        "organisation": _organisation(report.organisation),
        "description": report.description,
        "lat": report.lat,
        "lon": report.lon,
        "address": report.address,
        "municipality": report.municipality.code if report.municipality else None,
        "channel": report.channel,
        "deadline": report.deadline.isoformat() if report.deadline else None,
        "created_at": report.created_at.isoformat(),
        "status_changed_at": report.status_changed_at.isoformat(),
    }


def _change(change: StatusChange) -> dict[str, Any]:
    return {
        "from_status": change.from_status,
        "to_status": change.to_status,
        "organisation": _organisation(change.organisation),
        "at": change.at.isoformat(),
        "public_message": change.public_message,
        "reason": change.reason,
    }


def _message(message: Message) -> dict[str, Any]:
    return {
        "body": message.body,
        "organisation": _organisation(message.organisation),
        "at": message.at.isoformat(),
    }
