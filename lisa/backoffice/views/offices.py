"""The office's public information, kept by its coordinator: contact, hours, partners."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lisa.accounts.models import Organisation
from lisa.backoffice.access import AuthedRequest, staff_view
from lisa.errors import LisaError
from lisa.offices.actions import (
    PartnerHelpText,
    clean_email,
    clean_phone,
    office_update_public_info,
)
from lisa.offices.hours import Slot, format_slots, parse_slots, weekday_name
from lisa.offices.models import Office
from lisa.offices.selectors import office_editable_by, offices_editable_by, partner_help_of


class OfficeInfoForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("Phone"), required=False, max_length=40)
    email = forms.CharField(label=gettext_lazy("E-mail"), required=False, max_length=254)
    description_fr = forms.CharField(
        label=gettext_lazy("Description in French"), required=False, widget=forms.Textarea
    )
    description_nl = forms.CharField(
        label=gettext_lazy("Description in Dutch"), required=False, widget=forms.Textarea
    )
    description_en = forms.CharField(
        label=gettext_lazy("Description in English"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args: object, partners: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.partners = partners
        for day in range(7):
            self.fields[f"hours_{day}"] = forms.CharField(
                label=weekday_name(day).capitalize(), required=False, max_length=200
            )
        for partner in partners:
            for language, name in (("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))):
                self.fields[f"help_{partner.pk}_{language}"] = forms.CharField(
                    label=name, required=False, max_length=300
                )
        self.hours: dict[int, list[Slot]] = {}

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        # The action checks these again; here they are reported together with the hours.
        for name, check in (("phone", clean_phone), ("email", clean_email)):
            try:
                check(str(data.get(name) or ""))
            except LisaError as error:
                self.add_error(name, str(error.message))
        for day in range(7):
            try:
                self.hours[day] = parse_slots(str(data.get(f"hours_{day}") or ""), weekday=day)
            except LisaError as error:
                self.add_error(f"hours_{day}", str(error.message))
        return data

    def hour_fields(self) -> list[forms.BoundField]:
        return [self[f"hours_{day}"] for day in range(7)]

    def partner_rows(self) -> list[tuple[Organisation, list[forms.BoundField]]]:
        return [
            (p, [self[f"help_{p.pk}_{language}"] for language in ("fr", "nl", "en")])
            for p in self.partners
        ]

    def partner_help(self) -> dict[int, PartnerHelpText]:
        data = self.cleaned_data
        return {
            p.pk: PartnerHelpText(
                fr=data.get(f"help_{p.pk}_fr", ""),
                nl=data.get(f"help_{p.pk}_nl", ""),
                en=data.get(f"help_{p.pk}_en", ""),
            )
            for p in self.partners
        }


def _initial(office: Office, partners: list[Organisation]) -> dict[str, str]:
    hours: dict[int, list[Slot]] = {}
    for slot in office.opening_hours.all():
        hours.setdefault(slot.weekday, []).append((slot.opens, slot.closes))
    helps = partner_help_of(office)
    initial = {
        "phone": office.phone,
        "email": office.email,
        "description_fr": office.description_fr,
        "description_nl": office.description_nl,
        "description_en": office.description_en,
        **{f"hours_{day}": format_slots(sorted(hours.get(day, []))) for day in range(7)},
    }
    for partner in partners:
        row = helps.get(partner.pk)
        for language in ("fr", "nl", "en"):
            initial[f"help_{partner.pk}_{language}"] = (
                getattr(row, f"help_{language}") if row else ""
            )
    return initial


@staff_view
@require_http_methods(["GET"])
def office_list(request: AuthedRequest) -> HttpResponse:
    """List the offices whose public information the person keeps; straight to the only one."""
    offices = list(offices_editable_by(request.user))
    if len(offices) == 1:
        return redirect("backoffice:office-edit", code=offices[0].code)
    return render(request, "backoffice/offices.html", {"section": "offices", "offices": offices})


@staff_view
@require_http_methods(["GET", "POST"])
def office_edit(request: AuthedRequest, code: str) -> HttpResponse:
    """Let the office's coordinator change what residents read about the office."""
    office = office_editable_by(request.user, code)
    partners = sorted(office.partners.filter(is_active=True), key=lambda o: o.name)
    status = 200
    if request.method == "POST":
        form = OfficeInfoForm(request.POST, partners=partners)
        if form.is_valid():
            data = form.cleaned_data
            try:
                office_update_public_info(
                    office=office,
                    by=request.user,
                    phone=data["phone"],
                    email=data["email"],
                    hours=form.hours,
                    partner_help=form.partner_help(),
                    description_fr=data["description_fr"],
                    description_nl=data["description_nl"],
                    description_en=data["description_en"],
                )
            except LisaError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            else:
                messages.success(
                    request,
                    _("The public page of %(office)s is up to date.") % {"office": office.name},
                )
                return redirect("backoffice:office-edit", code=office.code)
        status = 400
    else:
        form = OfficeInfoForm(initial=_initial(office, partners), partners=partners)
    return render(
        request,
        "backoffice/office_edit.html",
        {"section": "offices", "office": office, "form": form},
        status=status,
    )
