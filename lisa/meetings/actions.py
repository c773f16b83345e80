"""Writes to meetings: schedule, prepare the agenda, record minutes and action items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, User
from lisa.accounts.selectors import scope_for
from lisa.errors import LisaError
from lisa.events.models import Event
from lisa.meetings.models import (
    ActionItem,
    AgendaItem,
    AgendaKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from lisa.meetings.selectors import (
    can_mark_done,
    hot_spots_of,
    open_action_items_of,
    open_cases_of,
    organisations_of_office,
    overdue_reports_of,
)
from lisa.offices.models import Office

MAX_TITLE = 200
MAX_TEXT = 20000


def _check_runs(by: User, office_id: int) -> None:
    """Refuse anyone but the coordinators and desk agents of the office: they run its meetings."""
    if office_id not in scope_for(by).catchment_office_ids:
        raise LisaError(
            "not_office_staff",
            _("Only the coordinators and desk agents of the office run its meetings."),
        )


def _check_planned(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.PLANNED:
        raise LisaError(
            "meeting_not_planned", _("The meeting was held or cancelled: it stays as it was.")
        )


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise LisaError("title_required", _("Give the meeting a title."), field="title")
    if len(title) > MAX_TITLE:
        raise LisaError(
            "title_too_long",
            _("A title is limited to %(max)s characters.") % {"max": MAX_TITLE},
            field="title",
        )
    return title


def _check_organisations(
    office: Office, organisations: Iterable[Organisation]
) -> list[Organisation]:
    allowed = {o.pk for o in organisations_of_office(office)}
    chosen = list(organisations)
    if any(o.pk not in allowed for o in chosen):
        raise LisaError(
            "not_office_partner",
            _("Choose among the organisations of the office."),
            field="invited",
        )
    return chosen


@transaction.atomic
def meeting_schedule(
    *,
    office: Office,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    by: User,
    invited: Iterable[Organisation] = (),
    event: Event | None = None,
    prepare_agenda: bool = True,
    now: dt.datetime | None = None,
) -> Meeting:
    """Put a meeting on the office's calendar; a partnership meeting gets its agenda prepared.

    `prepare_agenda=False` records a meeting of the past, whose agenda was not kept.
    """
    now = now or timezone.now()
    _check_runs(by, office.pk)
    if kind not in MeetingKind.values:
        raise LisaError("kind_unknown", _("Choose the kind of meeting."), field="kind")
    title = _clean_title(title)
    place = (place or "").strip()[:200]
    if not place:
        raise LisaError("place_required", _("Say where the meeting takes place."), field="place")
    if ends_at <= starts_at:
        raise LisaError(
            "ends_before_start", _("The meeting ends after it starts."), field="ends_at"
        )
    if event is not None and event.office_id != office.pk:
        raise LisaError(
            "event_other_office", _("Choose an event of the same office."), field="event"
        )
    organisations = _check_organisations(office, invited)
    meeting = Meeting.objects.create(
        office=office,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        event=event,
        created_by=by,
        created_at=now,
        updated_by=by,
        updated_at=now,
    )
    meeting.invited.set(organisations)
    if kind == MeetingKind.PARTNERSHIP and prepare_agenda:
        meeting_prepare_agenda(meeting=meeting, by=by, now=now)
    return meeting


@transaction.atomic
def meeting_prepare_agenda(
    *, meeting: Meeting, by: User, now: dt.datetime | None = None
) -> list[AgendaItem]:
    """Build the agenda from what is open now at the office, as the person sees it.

    Open action items of earlier meetings first (they are carried until done), then the
    open multi-agency cases, the overdue reports and the hot spots. Prepared again, the
    agenda is replaced: it says what stood when the meeting was prepared last.
    """
    now = now or timezone.now()
    _check_runs(by, meeting.office_id)
    _check_planned(meeting)
    office = meeting.office
    AgendaItem.objects.filter(meeting=meeting).delete()
    rows: list[AgendaItem] = []

    def add(kind: str, **fields: object) -> None:
        rows.append(AgendaItem(meeting=meeting, position=len(rows) + 1, kind=kind, **fields))

    for item in open_action_items_of(by, office, before=meeting.starts_at):
        add(AgendaKind.ACTION_ITEM, action_item=item)
    for case in open_cases_of(by, office):
        add(AgendaKind.CASE, case=case)
    for report in overdue_reports_of(by, office):
        add(AgendaKind.OVERDUE_REPORT, report=report)
    for spot in hot_spots_of(by, office, now=now):
        add(AgendaKind.HOT_SPOT, category=spot.category, place=spot.place, count=spot.count)
    AgendaItem.objects.bulk_create(rows)
    meeting.agenda_prepared_at = now
    meeting.updated_by = by
    meeting.updated_at = now
    meeting.save(update_fields=["agenda_prepared_at", "updated_by", "updated_at"])
    return rows


@transaction.atomic
def meeting_record_minutes(
    *,
    meeting: Meeting,
    minutes: str,
    by: User,
    present: Iterable[Organisation] = (),
    residents_present: int | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """Write the minutes and who came; the meeting is then held (minutes can be corrected)."""
    now = now or timezone.now()
    _check_runs(by, meeting.office_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise LisaError("meeting_cancelled", _("A cancelled meeting has no minutes."))
    if meeting.starts_at > now:
        raise LisaError(
            "meeting_not_started", _("Minutes are written once the meeting has started.")
        )
    minutes = (minutes or "").strip()
    if len(minutes) > MAX_TEXT:
        raise LisaError(
            "minutes_too_long",
            _("Minutes are limited to %(max)s characters.") % {"max": MAX_TEXT},
            field="minutes",
        )
    if residents_present is not None and residents_present < 0:
        raise LisaError(
            "count_negative", _("Count the residents present (0 or more)."), field="residents"
        )
    organisations = _check_organisations(meeting.office, present)
    meeting.minutes = minutes
    meeting.residents_present = residents_present
    meeting.status = MeetingStatus.HELD
    meeting.updated_by = by
    meeting.updated_at = now
    meeting.save(
        update_fields=["minutes", "residents_present", "status", "updated_by", "updated_at"]
    )
    meeting.present.set(organisations)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, now: dt.datetime | None = None) -> Meeting:
    """Cancel a planned meeting; its agenda's open items go on the next one."""
    now = now or timezone.now()
    _check_runs(by, meeting.office_id)
    _check_planned(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.updated_by = by
    meeting.updated_at = now
    meeting.save(update_fields=["status", "updated_by", "updated_at"])
    return meeting


@transaction.atomic
def action_item_add(
    *,
    meeting: Meeting,
    text: str,
    organisation: Organisation,
    due_on: dt.date,
    by: User,
    now: dt.datetime | None = None,
) -> ActionItem:
    """Record a decision of the meeting: what an organisation does, by when."""
    now = now or timezone.now()
    _check_runs(by, meeting.office_id)
    if meeting.status == MeetingStatus.CANCELLED:
        raise LisaError("meeting_cancelled", _("A cancelled meeting decides nothing."))
    text = (text or "").strip()
    if not text:
        raise LisaError("text_required", _("Say what is to be done."), field="text")
    if len(text) > MAX_TEXT:
        raise LisaError(
            "text_too_long",
            _("The text is limited to %(max)s characters.") % {"max": MAX_TEXT},
            field="text",
        )
    _check_organisations(meeting.office, [organisation])
    if due_on < timezone.localdate(meeting.starts_at):
        raise LisaError(
            "due_before_meeting", _("The due date comes after the meeting."), field="due_on"
        )
    return ActionItem.objects.create(
        meeting=meeting,
        office_id=meeting.office_id,
        text=text,
        organisation=organisation,
        due_on=due_on,
        created_by=by,
        created_at=now,
    )


@transaction.atomic
def action_item_done(
    *, item: ActionItem, by: User, note: str = "", now: dt.datetime | None = None
) -> ActionItem:
    """Mark the action item done; it leaves the next agendas."""
    now = now or timezone.now()
    if not can_mark_done(by, item):
        raise LisaError(
            "not_item_organisation",
            _("The organisation in charge, or the office, marks this item done."),
        )
    if item.is_done:
        raise LisaError("already_done", _("This action item is already done."))
    item.done_at = now
    item.done_by = by
    item.done_note = (note or "").strip()[:MAX_TEXT]
    item.save(update_fields=["done_at", "done_by", "done_note"])
    return item
