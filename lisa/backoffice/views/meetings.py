"""Meetings of the offices: the list, scheduling one, and the meeting page with its agenda,
minutes and action items."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisa.accounts.models import Organisation, User
from lisa.accounts.selectors import scope_for
from lisa.backoffice.access import AuthedRequest, staff_view
from lisa.backoffice.views.cases import _int
from lisa.errors import LisaError, NotFound
from lisa.events.models import Event
from lisa.meetings.actions import (
    action_item_add,
    action_item_done,
    meeting_cancel,
    meeting_prepare_agenda,
    meeting_record_minutes,
    meeting_schedule,
)
from lisa.meetings.models import ActionItem, Meeting, MeetingKind, MeetingStatus
from lisa.meetings.selectors import (
    action_items_of,
    agenda_of,
    can_mark_done,
    can_run_meeting,
    meeting_for,
    meeting_list,
    meeting_offices_for,
    organisations_of_office,
    overdue_count_of,
)
from lisa.offices.models import Office

BRUSSELS = ZoneInfo("Europe/Brussels")


class MeetingForm(forms.Form):
    office = forms.ModelChoiceField(label=gettext_lazy("Office"), queryset=Office.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    day = forms.DateField(
        label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts = forms.TimeField(
        label=gettext_lazy("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    ends = forms.TimeField(
        label=gettext_lazy("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    invited = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Invited organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    event = forms.ModelChoiceField(
        label=gettext_lazy("Public event (where residents register)"),
        queryset=Event.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, offices: list[Office], **kwargs: Any):
        super().__init__(*args, **kwargs)
        office_field = self.fields["office"]
        assert isinstance(office_field, forms.ModelChoiceField)
        office_field.queryset = Office.objects.filter(pk__in=[o.pk for o in offices])
        if len(offices) == 1:
            office_field.initial = offices[0].pk
        invited = self.fields["invited"]
        assert isinstance(invited, forms.ModelMultipleChoiceField)
        ids = {o.pk for office in offices for o in organisations_of_office(office)}
        invited.queryset = Organisation.objects.filter(pk__in=ids).order_by("name_fr")
        event = self.fields["event"]
        assert isinstance(event, forms.ModelChoiceField)
        event.queryset = Event.objects.filter(
            office__in=offices, cancelled_at__isnull=True, ends_at__gte=timezone.now()
        ).order_by("starts_at")


def _denied(request: AuthedRequest) -> HttpResponse:
    message = _("Meetings are held by the LISA offices with their partners.")
    return render(request, "backoffice/denied.html", {"message": message}, status=403)


@staff_view
@require_GET
def meetings(request: AuthedRequest) -> HttpResponse:
    """List the meetings the person sees: coming ones, then the past ones."""
    user = request.user
    if not scope_for(user).is_partner_staff:
        return _denied(request)
    now = timezone.now()
    rows = list(meeting_list(user)[:200])
    return render(
        request,
        "backoffice/meetings.html",
        {
            "section": "meetings",
            "coming": sorted((m for m in rows if m.ends_at >= now), key=lambda m: m.starts_at),
            "past": [m for m in rows if m.ends_at < now],
            "can_schedule": bool(meeting_offices_for(user)),
        },
    )


@staff_view
@require_http_methods(["GET", "POST"])
def meeting_new(request: AuthedRequest) -> HttpResponse:
    """Schedule a meeting; a partnership meeting's agenda is prepared at once."""
    offices = meeting_offices_for(request.user)
    if not offices:
        return _denied(request)
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST, offices=offices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = meeting_schedule(
                    office=data["office"],
                    kind=data["kind"],
                    title=data["title"],
                    starts_at=timezone.make_aware(dt.datetime.combine(data["day"], data["starts"])),
                    ends_at=timezone.make_aware(dt.datetime.combine(data["day"], data["ends"])),
                    place=data["place"],
                    invited=data["invited"],
                    event=data["event"],
                    by=request.user,
                )
            except LisaError as error:
                field = {"ends_at": "ends"}.get(error.field or "", error.field)
                form.add_error(field if field in form.fields else None, str(error.message))
            else:
                messages.success(request, _("The meeting is scheduled."))
                return redirect("backoffice:meeting", pk=meeting.pk)
        status = 400
    else:
        form = MeetingForm(
            offices=offices,
            initial={"kind": MeetingKind.PARTNERSHIP, "starts": "09:30", "ends": "11:00"},
        )
    return render(
        request,
        "backoffice/meeting_form.html",
        {"section": "meetings", "form": form},
        status=status,
    )


def _context(
    request: AuthedRequest,
    meeting: Meeting,
    *,
    error: LisaError | None = None,
    failed_action: str = "",
) -> dict[str, Any]:
    user = request.user
    runs = can_run_meeting(user, meeting)
    items = action_items_of(meeting)
    now = timezone.now()
    return {
        "section": "meetings",
        "meeting": meeting,
        "agenda": agenda_of(user, meeting),
        "overdue_now": (
            overdue_count_of(user, meeting.office)
            if runs and meeting.status == MeetingStatus.PLANNED
            else 0
        ),
        "items": [(item, not item.is_done and can_mark_done(user, item)) for item in items],
        "invited": list(meeting.invited.order_by("name_fr")),
        "present": list(meeting.present.order_by("name_fr")),
        "organisations": organisations_of_office(meeting.office) if runs else [],
        "runs": runs,
        "is_planned": meeting.status == MeetingStatus.PLANNED,
        "has_started": meeting.starts_at <= now,
        "today": timezone.localdate(),
        "meeting_day": timezone.localdate(meeting.starts_at),
        "error": error,
        "failed_action": failed_action,
        "typed": request.POST if error else {},
    }


@staff_view
@require_GET
def meeting_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """Show a meeting the person may see; another's is "not found"."""
    meeting = meeting_for(request.user, pk)
    return render(request, "backoffice/meeting.html", _context(request, meeting))


@staff_view
@require_GET
def meeting_calendar(request: AuthedRequest, pk: int) -> HttpResponse:
    """Return the meeting as an iCalendar file, for the participants' calendars."""
    meeting = meeting_for(request.user, pk)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//LISA//meetings//FR")
    calendar.add("version", "2.0")
    site = settings.SITE_URL.rstrip("/")
    item = icalendar.Event()
    item.add("uid", f"meeting-{meeting.pk}@{site.split('://', 1)[-1]}")
    item.add("dtstamp", meeting.updated_at.astimezone(dt.UTC))
    item.add("dtstart", meeting.starts_at.astimezone(BRUSSELS))
    item.add("dtend", meeting.ends_at.astimezone(BRUSSELS))
    item.add("summary", meeting.title)
    item.add("location", meeting.place)
    item.add("url", site + reverse("backoffice:meeting", args=[meeting.pk]))
    item.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    calendar.add_component(item)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@staff_view
@require_POST
def meeting_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Do one thing to a meeting, through its action; a refusal keeps what was typed."""
    user = request.user
    meeting = meeting_for(user, pk)
    try:
        done = _act(request, meeting, action, user)
    except LisaError as error:
        meeting.refresh_from_db()
        return render(
            request,
            "backoffice/meeting.html",
            _context(request, meeting, error=error, failed_action=action),
            status=error.status if error.status != 404 else 400,
        )
    messages.success(request, done)
    return redirect("backoffice:meeting", pk=meeting.pk)


def _act(request: AuthedRequest, meeting: Meeting, action: str, user: User) -> str:
    post = request.POST
    if action == "done":
        item = (
            ActionItem.objects.filter(meeting=meeting, pk=_int(post.get("item")))
            .select_related("organisation")
            .first()
        )
        if item is None:
            raise NotFound("action_item_not_found", _("There is no such action item."))
        action_item_done(item=item, by=user, note=post.get("note", ""))
        return _("Action item done: it leaves the next agendas.")
    if action == "prepare":
        meeting_prepare_agenda(meeting=meeting, by=user)
        return _("The agenda is prepared from what is open at the office now.")
    if action == "cancel":
        meeting_cancel(meeting=meeting, by=user)
        return _("The meeting is cancelled.")
    organisations = {o.pk: o for o in organisations_of_office(meeting.office)}
    if action == "minutes":
        residents = post.get("residents", "").strip()
        try:
            count = int(residents) if residents else None
        except ValueError:
            raise LisaError(
                "count_invalid", _("Count the residents present (0 or more)."), field="residents"
            ) from None
        meeting_record_minutes(
            meeting=meeting,
            minutes=post.get("minutes", ""),
            present=[
                organisations[i] for i in map(_int, post.getlist("present")) if i in organisations
            ],
            residents_present=count,
            by=user,
        )
        return _("The minutes are saved.")
    if action == "add-item":
        organisation = organisations.get(_int(post.get("organisation")))
        if organisation is None:
            raise LisaError(
                "organisation_required",
                _("Choose the organisation that should do it."),
                field="organisation",
            )
        try:
            due_on = dt.date.fromisoformat(post.get("due_on", "").strip())
        except ValueError:
            raise LisaError("invalid_date", _("Give the due date."), field="due_on") from None
        action_item_add(
            meeting=meeting,
            text=post.get("text", ""),
            organisation=organisation,
            due_on=due_on,
            by=user,
        )
        return _("Action item recorded for %(organisation)s.") % {"organisation": organisation.name}
    raise NotFound("action_not_found", _("There is no such action."))
