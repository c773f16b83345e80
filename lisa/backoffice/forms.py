"""Forms of the back office: they read what people typed; actions decide what it means."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisa.accounts.models import Organisation, Team, User
from lisa.geo.models import Area, AreaKind
from lisa.offices.models import Office
from lisa.reports.models import Category, NoteVisibility, Status
from lisa.reports.selectors import SORTS, ReportFilters

SORT_CHOICES = [
    ("deadline", _("deadline, soonest first")),
    ("-deadline", _("deadline, latest first")),
    ("-created", _("newest first")),
    ("created", _("oldest first")),
    ("reference", _("reference")),
]
assert {code for code, _label in SORT_CHOICES} <= set(SORTS)


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the query string so that a filter is a link."""

    status = forms.MultipleChoiceField(label=_("Status"), required=False, choices=Status.choices)
    category = forms.TypedMultipleChoiceField(
        label=_("Category"), required=False, coerce=int, choices=[]
    )
    neighbourhood = forms.TypedMultipleChoiceField(
        label=_("Neighbourhood"), required=False, coerce=int, choices=[]
    )
    municipality = forms.TypedMultipleChoiceField(
        label=_("Municipality"), required=False, coerce=int, choices=[]
    )
    office = forms.TypedMultipleChoiceField(
        label=_("Office"), required=False, coerce=int, choices=[]
    )
    assignee = forms.MultipleChoiceField(label=_("Assigned to"), required=False, choices=[])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    reopen = forms.BooleanField(label=_("Reopening asked by the resident"), required=False)
    created_from = forms.DateField(
        label=_("Reported from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    created_to = forms.DateField(
        label=pgettext_lazy("dates", "to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = forms.CharField(
        label=_("Reference or words of the description"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, assignees: list[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.assignees = assignees
        categories = list(Category.objects.filter(is_active=True).select_related("parent"))
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            (c.pk, f"{c.parent.name} › {c.name}" if c.parent else c.name)
            for c in sorted(
                categories,
                key=lambda c: (c.parent.name if c.parent else c.name, c.parent is not None, c.name),
            )
        ]
        areas = list(
            Area.objects.filter(kind__in=[AreaKind.MUNICIPALITY, AreaKind.NEIGHBOURHOOD]).only(
                "id", "kind", "name_fr", "name_nl", "name_en"
            )
        )
        self.fields["municipality"].choices = sorted(  # type: ignore[attr-defined]
            ((a.pk, a.name) for a in areas if a.kind == AreaKind.MUNICIPALITY),
            key=lambda choice: choice[1],
        )
        self.fields["neighbourhood"].choices = sorted(  # type: ignore[attr-defined]
            ((a.pk, a.name) for a in areas if a.kind == AreaKind.NEIGHBOURHOOD),
            key=lambda choice: choice[1],
        )
        self.fields["office"].choices = [  # type: ignore[attr-defined]
            (o.pk, o.name) for o in Office.objects.only("id", "name_fr", "name_nl", "name_en")
        ]
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("none", _("nobody yet")),
            *((str(u.pk), str(u)) for u in assignees),
        ]

    def filters(self, *, default_open: bool) -> ReportFilters:
        """Return the filters asked for; an invalid field is ignored (and shown as an error)."""
        self.is_valid()  # cleaned_data then holds the fields that were valid
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        assignees = data.get("assignee") or []
        statuses = tuple(data.get("status") or ())
        reopen = bool(data.get("reopen"))
        return ReportFilters(
            statuses=statuses,
            # A resident asks to reopen a resolved report: it is not among the open ones.
            open_only=default_open and not statuses and not reopen,
            reopen_asked=reopen,
            category_ids=tuple(data.get("category") or ()),
            neighbourhood_ids=tuple(data.get("neighbourhood") or ()),
            municipality_ids=tuple(data.get("municipality") or ()),
            office_ids=tuple(data.get("office") or ()),
            assignee_ids=tuple(int(a) for a in assignees if a.isdigit()),
            unassigned="none" in assignees,
            overdue=bool(data.get("overdue")),
            created_from=data.get("created_from"),
            created_to=data.get("created_to"),
            text=data.get("q") or "",
            sort=data.get("sort") or "deadline",
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the resident's contact details?"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatusForm(forms.Form):
    public_message = forms.CharField(
        label=_("Message to the resident (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Internal reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TransferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Transfer to"), queryset=Organisation.objects.filter(is_active=True)
    )
    reason = forms.CharField(
        label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=NoteVisibility.choices)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"), choices=[])

    def __init__(self, *args: Any, people: list[User], teams: list[Team], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("nobody")),
            *((f"user:{u.pk}", str(u)) for u in people),
            *((f"team:{t.pk}", _("team %(name)s") % {"name": t.name}) for t in teams),
        ]
