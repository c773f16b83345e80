"""The public calendar: the region's and each office's events, registering and cancelling."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from lisa.errors import LisaError
from lisa.events.actions import registration_cancel, registration_create, registration_for_token
from lisa.events.models import Event, Registration, RegistrationStatus
from lisa.events.selectors import (
    Seats,
    offices_with_public_events,
    public_event,
    public_events,
    seats_of,
)
from lisa.front.limits import over_limit, too_many
from lisa.offices.models import Office, OfficeStatus


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send the confirmation and a link to cancel to this address."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


# The session key of the registrations made from this browser: {event id: registration id}.
REGISTERED = "event_registrations"


def _by_day(events: list[Event]) -> list[tuple[dt.date, list[tuple[Event, Seats]]]]:
    """Group the events by their day in Brussels, each with its places."""
    days: dict[dt.date, list[tuple[Event, Seats]]] = {}
    for event in events:
        days.setdefault(timezone.localdate(event.starts_at), []).append((event, seats_of(event)))
    return list(days.items())


def events(request: HttpRequest) -> HttpResponse:
    """List the region's upcoming public events, of one office when the visitor chooses one."""
    offices = offices_with_public_events()
    code = request.GET.get("office") or ""
    chosen = (
        Office.objects.exclude(status=OfficeStatus.CLOSED).filter(code=code).first()
        if code
        else None
    )
    if chosen is not None and chosen not in offices:
        offices.append(chosen)  # chosen from a link: it stays chosen, with no event to show
    return render(
        request,
        "front/events.html",
        {
            "section": "events",
            "days": _by_day(list(public_events(office=chosen))),
            "offices": offices,
            "chosen": chosen,
        },
    )


def office_events(request: HttpRequest, code: str) -> HttpResponse:
    """List an office's upcoming public events."""
    office = get_object_or_404(Office.objects.exclude(status=OfficeStatus.CLOSED), code=code)
    return render(
        request,
        "front/events.html",
        {
            "section": "events",
            "days": _by_day(list(public_events(office=office))),
            "office": office,
        },
    )


@require_http_methods(["GET", "POST"])
def event_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an event and let a resident register (or join the waiting list when it is full)."""
    event = public_event(pk)
    status = 200
    if request.method == "POST":
        if over_limit(request, form="registration"):
            return too_many(request)
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                created = registration_create(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    language=translation.get_language() or "fr",
                )
            except LisaError as error:
                if isinstance(error, Http404):
                    raise
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            else:
                # Post/Redirect/Get: reloading the confirmation does not register again.
                registered = request.session.get(REGISTERED, {})
                registered[str(event.pk)] = created.registration.pk
                request.session[REGISTERED] = registered
                return redirect("event-registered", pk=event.pk)
        status = 400
        event = public_event(pk)  # seats as they are now
    else:
        form = RegistrationForm()
    now = timezone.now()
    return render(
        request,
        "front/event.html",
        {
            "section": "events",
            "event": event,
            "seats": seats_of(event),
            "form": form,
            "open": not event.is_cancelled and event.starts_at > now,
            "past": event.ends_at <= now,
        },
        status=status,
    )


@require_safe
def event_registered(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a registration made from this browser, in any language; else show the event.

    The session holds only the registration's id: the cancel link's token is never stored, it
    is in the e-mail. The URL itself reveals nothing.
    """
    event = public_event(pk)
    registration = (
        Registration.objects.filter(
            pk=request.session.get(REGISTERED, {}).get(str(event.pk)), event=event
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        return redirect("event", pk=event.pk)
    return render(
        request,
        "front/event_registered.html",
        {
            "section": "events",
            "event": event,
            "registration": registration,
            "waiting": registration.status == RegistrationStatus.WAITING,
        },
    )


@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel a registration from the link in its e-mail, after a click on a button.

    Opening the link changes nothing: mail scanners open links too.
    """
    registration = registration_for_token(token)
    error = None
    done = False
    if request.method == "POST":
        try:
            registration = registration_cancel(token=token)
        except LisaError as refused:
            error = refused.message
        else:
            done = True
    return render(
        request,
        "front/event_cancel.html",
        {
            "section": "events",
            "registration": registration,
            "event": registration.event,
            "done": done,
            "error": error,
        },
        status=400 if error else 200,
    )
