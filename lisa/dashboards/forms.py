"""The dashboards' filters, read from the query string so that a filtered page is a link."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpResponse, QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisa.dashboards.selectors import Period, filter_categories, last_months
from lisa.reports.models import Category

MONTH_FORMATS = ["%Y-%m"]
# Enough for any use of the figures; beyond that one request would read every report ever.
MAX_MONTHS = 60


def bad_filters(form: forms.Form) -> HttpResponse:
    """Return a 400 answer saying what is wrong with the filters of a download."""
    errors = [str(error) for errors in form.errors.values() for error in errors]
    return HttpResponse(
        " ".join(errors) or _("Check the filters."),
        status=400,
        content_type="text/plain; charset=utf-8",
    )


class MonthField(forms.DateField):
    input_formats = MONTH_FORMATS
    widget = forms.DateInput(attrs={"type": "month", "placeholder": "2026-01"}, format="%Y-%m")
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2026-01.")}


class DashboardFilterForm(forms.Form):
    start = MonthField(label=_("From (month)"), required=False)
    end = MonthField(label=pgettext_lazy("months", "to"), required=False)
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, data: QueryDict, **kwargs: object) -> None:
        # Without a month chosen, the last twelve: the fields show them.
        data = data.copy()
        default = last_months()
        for name, month in (("start", default.first), ("end", default.last)):
            if not data.get(name):
                data[name] = f"{month:%Y-%m}"
        super().__init__(data, **kwargs)  # type: ignore[arg-type]
        self.categories = {category.pk: category for category in filter_categories()}
        self.fields["category"].choices = [("", _("All categories"))] + [  # type: ignore[attr-defined]
            (pk, category.name) for pk, category in self.categories.items()
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start: dt.date | None = data.get("start")
        end: dt.date | None = data.get("end")
        if start is None or end is None:
            return data  # the field says what is wrong
        if start > end:
            raise forms.ValidationError(_("The first month comes after the last one."))
        if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            raise forms.ValidationError(
                _("Choose at most %(months)d months.") % {"months": MAX_MONTHS}
            )
        data["period"] = Period(first=start.replace(day=1), last=end.replace(day=1))
        return data

    @property
    def chosen_period(self) -> Period:
        return self.cleaned_data["period"]

    @property
    def chosen_category(self) -> Category | None:
        pk = self.cleaned_data.get("category")
        return self.categories.get(pk) if pk is not None else None
