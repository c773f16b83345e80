"""E-mails to the people who registered for an event, each in the language they used."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from lisa.events.dates import when
from lisa.events.models import Registration


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _details(registration: Registration) -> dict[str, str]:
    event = registration.event
    return {
        "name": registration.name,
        "title": event.title,
        "when": when(event),
        "place": event.place,
        "office": event.office.name,
        "link": _site(reverse("event", args=[event.pk])),
    }


def _load(registration_id: int) -> Registration:
    return Registration.objects.select_related("event", "event__office").get(id=registration_id)


@task()
def send_registration_confirmation(*, registration_id: int, token: str) -> None:
    """E-mail the person their seat, or their place on the waiting list, and the cancel link."""
    registration = _load(registration_id)
    with translation.override(registration.language):
        values = _details(registration) | {
            "cancel": _site(reverse("event-cancel", args=[token])),
        }
        if registration.status == "waiting":
            subject = _("Waiting list: %(title)s") % values
            body = (
                _(
                    "Hello %(name)s,\n\n“%(title)s” is full. You are on the waiting list: if a "
                    "seat becomes free, it is yours and we will tell you by e-mail.\n\n"
                    "When: %(when)s\nWhere: %(place)s\n%(link)s\n\n"
                    "To leave the waiting list:\n%(cancel)s\n\n%(office)s"
                )
                % values
            )
        else:
            subject = _("Your registration: %(title)s") % values
            body = (
                _(
                    "Hello %(name)s,\n\nYou are registered for “%(title)s”.\n\n"
                    "When: %(when)s\nWhere: %(place)s\n%(link)s\n\n"
                    "If you cannot come, please cancel, so that someone else can have your seat:\n"
                    "%(cancel)s\n\n%(office)s"
                )
                % values
            )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])


@task()
def send_registration_promoted(*, registration_id: int) -> None:
    """Tell a person on the waiting list that a seat became free and is now theirs."""
    registration = _load(registration_id)
    with translation.override(registration.language):
        values = _details(registration)
        subject = _("A seat for you: %(title)s") % values
        body = (
            _(
                "Hello %(name)s,\n\nA seat became free at “%(title)s”: you are no longer on the "
                "waiting list, you are registered.\n\n"
                "When: %(when)s\nWhere: %(place)s\n%(link)s\n\n"
                "If you cannot come, please cancel with the link in the e-mail we sent when you "
                "registered.\n\n%(office)s"
            )
            % values
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])


@task()
def send_event_cancelled(*, registration_id: int) -> None:
    """Tell a registered or waiting person that the event will not take place."""
    registration = _load(registration_id)
    event = registration.event
    with translation.override(registration.language):
        values = _details(registration)
        subject = _("Cancelled: %(title)s") % values
        body = (
            _("Hello %(name)s,\n\nWe are sorry: “%(title)s” (%(when)s, %(place)s) is cancelled.")
            % values
        )
        if event.cancel_reason:
            body += "\n\n" + event.cancel_reason
        body += "\n\n" + values["office"]
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
