"""Writes to offices."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import shapely
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, User
from lisa.accounts.selectors import scope_for
from lisa.audit.actions import audit_log
from lisa.audit.models import AuditAction
from lisa.errors import LisaError, NotFound
from lisa.geo.actions import areas_import
from lisa.geo.importers import AreaRecord
from lisa.geo.models import Area, AreaKind
from lisa.lib.geometry import parse_area_geometry
from lisa.offices.hours import Slot
from lisa.offices.models import (
    DeskVisit,
    Office,
    OpeningHours,
    PartnerHelp,
    VisitChannel,
    VisitTopic,
)

# The languages people come to the desk in; more than the three of the site.
VISIT_LANGUAGES = ("fr", "nl", "en", "ar", "tr", "es", "pt", "pl", "ro", "other")


def office_set_catchment(*, office: Office, neighbourhoods: Iterable[Area]) -> Area | None:
    """Make these neighbourhoods the office's catchment and rebuild its catchment area.

    The same neighbourhoods give the same area, which areas_import then leaves
    untouched: saving an office changes no geometry and rebuilds no locator.
    """
    # In a fixed order, so that the union comes out the same to the last digit.
    neighbourhoods = sorted(neighbourhoods, key=lambda neighbourhood: neighbourhood.id)
    with transaction.atomic():
        office.neighbourhoods.set(neighbourhoods)
        if not neighbourhoods:
            if office.catchment is not None:
                refuse_if_rules_use(office.catchment)
                office.catchment.delete()
            return None
        union = shapely.union_all([parse_area_geometry(n.geometry) for n in neighbourhoods])
        # Slivers between neighbourhoods would leave holes; a tiny buffer closes them.
        union = shapely.make_valid(union.buffer(0.00001).buffer(-0.00001))
        if union.geom_type == "Polygon":
            union = shapely.MultiPolygon([union])
        elif union.geom_type != "MultiPolygon":
            union = shapely.MultiPolygon(
                [g for g in shapely.get_parts(union) if g.geom_type == "Polygon"]
            )
        areas_import(
            kind=AreaKind.OFFICE_CATCHMENT,
            records=[
                AreaRecord(
                    code=office.code,
                    name_fr=office.name_fr,
                    name_nl=office.name_nl,
                    name_en=office.name_en or office.name_fr,
                    geometry=json.loads(shapely.to_geojson(union, indent=None)),
                    parent_code=office.municipality.code,
                )
            ],
            source="catchment neighbourhoods",
            parent_kind=AreaKind.MUNICIPALITY,
        )
        catchment = Area.objects.get(kind=AreaKind.OFFICE_CATCHMENT, code=office.code)
        if office.catchment_id != catchment.id:
            office.catchment = catchment
            office.save(update_fields=["catchment", "updated_at"])
    return catchment


def desk_visit_log(
    *,
    office: Office,
    channel: str,
    topic: str,
    language: str,
    by: User,
    referred_to: Organisation | None = None,
    referral_note: str = "",
    now: dt.datetime | None = None,
) -> DeskVisit:
    """Count a walk-in or a call that is not a report, anonymously, for the office's figures."""
    now = now or timezone.now()
    if channel not in VisitChannel.values:
        raise LisaError(
            "invalid_channel", _("Say whether the person came by or called."), field="channel"
        )
    if topic not in VisitTopic.values:
        raise LisaError("invalid_topic", _("Choose what the visit was about."), field="topic")
    if language not in VISIT_LANGUAGES:
        raise LisaError(
            "invalid_language", _("Choose the language of the visit."), field="language"
        )
    return DeskVisit.objects.create(
        office=office,
        channel=channel,
        topic=topic,
        language=language,
        referred_to=referred_to,
        referral_note=(referral_note or "").strip()[:200],
        registered_by=by,
        at=now,
    )


def refuse_if_rules_use(area: Area) -> None:
    """Raise LisaError naming the routing rules that restrict themselves to this area."""
    rules = list(area.routing_rules.order_by("position", "id"))
    if rules:
        raise LisaError(
            "area_in_use",
            _(
                "The area %(area)s is used by the routing rules %(rules)s: "
                "change or delete those rules first."
            )
            % {"area": area.name, "rules": "; ".join(str(rule) for rule in rules)},
            field="neighbourhoods",
        )


# "+32 2 555 01 23", "02/555.01.23", "0470 12 34 56": digits with the usual separators.
_PHONE = re.compile(r"^\+?[0-9][0-9 ./()-]{6,30}$")
MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class PartnerHelpText:
    fr: str = ""
    nl: str = ""
    en: str = ""


def clean_phone(phone: str) -> str:
    """Return the phone number with its spaces tidied; raise LisaError if it is not one."""
    phone = " ".join((phone or "").split())
    if phone and not _PHONE.match(phone):
        raise LisaError(
            "invalid_phone",
            _("“%(phone)s” is not a phone number; write it as +32 2 555 01 23.") % {"phone": phone},
            field="phone",
        )
    return phone


def clean_email(email: str) -> str:
    """Return the e-mail address without surrounding spaces; raise LisaError if it is not one."""
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise LisaError(
                "invalid_email",
                _("“%(email)s” is not an e-mail address.") % {"email": email},
                field="email",
            ) from None
    return email


def office_update_public_info(
    *,
    office: Office,
    by: User,
    phone: str,
    email: str,
    hours: Mapping[int, list[Slot]],
    partner_help: Mapping[int, PartnerHelpText],
    description_fr: str = "",
    description_nl: str = "",
    description_en: str = "",
) -> Office:
    """Change what the public reads about an office: contact, hours, partners, description.

    Only the office's coordinator or an administrator may; anyone else gets NotFound, as if
    the office did not exist for them. The change is audited with the fields it touched.
    """
    scope = scope_for(by)
    if not (scope.is_administrator or office.pk in scope.coordinator_office_ids):
        raise NotFound("office_not_found", _("There is no office here that you look after."))
    phone = clean_phone(phone)
    email = clean_email(email)
    descriptions = {
        "description_fr": (description_fr or "").strip(),
        "description_nl": (description_nl or "").strip(),
        "description_en": (description_en or "").strip(),
    }
    for field, text in descriptions.items():
        if len(text) > MAX_DESCRIPTION:
            raise LisaError(
                "description_too_long",
                _("The description is limited to %(max)s characters.") % {"max": MAX_DESCRIPTION},
                field=field,
            )
    for day, slots in hours.items():
        if day not in range(7) or any(closes <= opens for opens, closes in slots):
            raise LisaError("invalid_hours", _("An opening slot closes before it opens."))
    partner_ids = set(office.partners.values_list("id", flat=True))
    with transaction.atomic():
        office = Office.objects.select_for_update().get(pk=office.pk)
        values = {"phone": phone, "email": email, **descriptions}
        changed = [name for name, value in values.items() if getattr(office, name) != value]
        for name in changed:
            setattr(office, name, values[name])
        if changed:
            office.save(update_fields=[*changed, "updated_at"])
        before = sorted(office.opening_hours.values_list("weekday", "opens", "closes"))
        after = sorted((day, o, c) for day, slots in hours.items() for o, c in slots)
        if before != after:
            office.opening_hours.all().delete()
            OpeningHours.objects.bulk_create(
                OpeningHours(office=office, weekday=day, opens=o, closes=c) for day, o, c in after
            )
            changed.append("opening_hours")
        current = {h.organisation_id: h for h in office.partner_help.all()}
        helps_changed = False
        for organisation_id, help_text in partner_help.items():
            if organisation_id not in partner_ids:
                continue
            values = {
                "help_fr": help_text.fr.strip()[:300],
                "help_nl": help_text.nl.strip()[:300],
                "help_en": help_text.en.strip()[:300],
            }
            row = current.get(organisation_id)
            if row is None:
                if any(values.values()):
                    PartnerHelp.objects.create(
                        office=office, organisation_id=organisation_id, **values
                    )
                    helps_changed = True
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                row.save()
                helps_changed = True
        if helps_changed:
            changed.append("partner_help")
        if changed:
            audit_log(
                user=by,
                action=AuditAction.CHANGE_PUBLIC_INFORMATION,
                obj=office,
                changed_fields=changed,
            )
    return office
