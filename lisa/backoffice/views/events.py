"""The office's events: the staff put them on the calendar, change or cancel them, and see
who registered (registrations are for the organising office's eyes only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lisa.audit.actions import audit_log
from lisa.audit.models import AuditAction
from lisa.backoffice.access import AuthedRequest, staff_view
from lisa.errors import LisaError, NotFound
from lisa.events.actions import (
    EventDetails,
    event_cancel,
    event_create,
    event_update,
    registration_withdraw,
)
from lisa.events.models import EVENT_LANGUAGES, Event, EventKind
from lisa.events.selectors import (
    event_for_staff,
    event_office_ids,
    events_managed_by,
    registrations_of,
    seats_of,
)
from lisa.offices.models import Office

LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}


class EventForm(forms.Form):
    office = forms.ModelChoiceField(label=gettext_lazy("Office"), queryset=Office.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    place = forms.CharField(
        label=gettext_lazy("Place"),
        max_length=200,
        help_text=gettext_lazy("The room and the address, as residents will look for it."),
    )
    lat = forms.FloatField(label=gettext_lazy("Latitude"), required=False)
    lon = forms.FloatField(label=gettext_lazy("Longitude"), required=False)
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
    capacity = forms.IntegerField(
        label=gettext_lazy("Places"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Leave empty when anyone can come."),
    )
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Language(s) of the event"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in EVENT_LANGUAGES],
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.BooleanField(
        label=gettext_lazy("On the public calendar, open to registration"), required=False
    )

    def __init__(self, *args: Any, offices: list[Office], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["office"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Office.objects.filter(pk__in=[o.pk for o in offices])
        if len(offices) == 1:
            field.initial = offices[0].pk

    def details(self) -> EventDetails:
        data = self.cleaned_data
        starts = timezone.make_aware(dt.datetime.combine(data["day"], data["starts"]))
        ends = timezone.make_aware(dt.datetime.combine(data["day"], data["ends"]))
        return EventDetails(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            place=data["place"],
            lat=data["lat"],
            lon=data["lon"],
            starts_at=starts,
            ends_at=ends,
            capacity=data["capacity"],
            languages=data["languages"],
            is_public=data["is_public"],
        )


def initial_of(event: Event) -> dict[str, Any]:
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    return {
        "office": event.office_id,
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "place": event.place,
        "lat": event.lat,
        "lon": event.lon,
        "day": starts.date(),
        "starts": starts.time().replace(second=0, microsecond=0),
        "ends": ends.time().replace(second=0, microsecond=0),
        "capacity": event.capacity,
        "languages": event.languages,
        "is_public": event.is_public,
    }


def _offices(request: AuthedRequest) -> list[Office]:
    return list(Office.objects.filter(pk__in=event_office_ids(request.user)).order_by("name_fr"))


def _denied(request: AuthedRequest) -> HttpResponse:
    message = _("Events are made by the staff of a LISA office.")
    return render(request, "backoffice/denied.html", {"message": message}, status=403)


@staff_view
@require_http_methods(["GET"])
def events(request: AuthedRequest) -> HttpResponse:
    """List the events of the person's offices: coming ones first, then the past month's."""
    if not event_office_ids(request.user):
        return _denied(request)
    since = timezone.now() - dt.timedelta(days=30)
    rows = list(events_managed_by(request.user).filter(ends_at__gte=since).order_by("starts_at"))
    return render(
        request,
        "backoffice/events.html",
        {
            "section": "events",
            "rows": [(event, seats_of(event)) for event in rows],
            "now": timezone.now(),
        },
    )


def _apply_error(form: EventForm, error: LisaError) -> None:
    field = {"starts_at": "starts", "ends_at": "ends"}.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, str(error.message))


@staff_view
@require_http_methods(["GET", "POST"])
def event_new(request: AuthedRequest) -> HttpResponse:
    offices = _offices(request)
    if not offices:
        return _denied(request)
    if request.method == "POST":
        form = EventForm(request.POST, offices=offices)
        if form.is_valid():
            try:
                event = event_create(
                    office=form.cleaned_data["office"], details=form.details(), by=request.user
                )
            except LisaError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("The event is on the calendar."))
                return redirect("backoffice:event", pk=event.pk)
        status = 400
    else:
        form = EventForm(
            offices=offices,
            initial={"kind": EventKind.EVENT, "languages": ["fr", "nl"], "is_public": True},
        )
        status = 200
    return render(
        request,
        "backoffice/event_form.html",
        {"section": "events", "form": form, "event": None},
        status=status,
    )


@staff_view
@require_http_methods(["GET", "POST"])
def event_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change an event, and see who registered and who waits."""
    event = event_for_staff(request.user, pk)
    offices = _offices(request)
    status = 200
    if request.method == "POST":
        form = EventForm(request.POST, offices=offices)
        if form.is_valid():
            if form.cleaned_data["office"].pk != event.office_id:
                form.add_error("office", _("An event stays at the office that organises it."))
            else:
                try:
                    event_update(event=event, details=form.details(), by=request.user)
                except LisaError as error:
                    _apply_error(form, error)
                else:
                    messages.success(request, _("The event is saved."))
                    return redirect("backoffice:event", pk=event.pk)
        status = 400
    else:
        form = EventForm(offices=offices, initial=initial_of(event))
    registrations = registrations_of(request.user, event)
    if registrations:
        # Names and addresses of residents: the log says who read them (one row per page).
        audit_log(
            user=request.user,
            action=AuditAction.VIEW_PERSONAL_DATA,
            obj=event,
            reason=_("organising the event"),
            request=request,
        )
    return render(
        request,
        "backoffice/event_form.html",
        {
            "section": "events",
            "form": form,
            "event": event,
            "seats": seats_of(event),
            "registrations": registrations,
        },
        status=status,
    )


@staff_view
@require_POST
def event_cancel_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """Cancel the event; the registered and waiting people are told by e-mail."""
    event = event_for_staff(request.user, pk)
    try:
        event_cancel(event=event, by=request.user, reason=request.POST.get("reason", ""))
    except LisaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The event is cancelled; the people registered are told."))
    return redirect("backoffice:event", pk=event.pk)


@staff_view
@require_POST
def registration_withdraw_view(request: AuthedRequest, pk: int, registration: int) -> HttpResponse:
    """Cancel a resident's registration for them; the first person waiting moves up."""
    event = event_for_staff(request.user, pk)
    found = next((r for r in registrations_of(request.user, event) if r.pk == registration), None)
    if found is None:
        raise NotFound("registration_not_found", _("There is no such registration."))
    try:
        registration_withdraw(registration=found, by=request.user)
    except LisaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("The registration of %(name)s is cancelled.") % {"name": found.name},
        )
    return redirect("backoffice:event", pk=event.pk)
