"""The intake forms: a report registered at the desk, on the phone or in the street.

They read what people typed and find what it names (a street, a category); `report_create`
then decides the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from lisa.geo.geocoder import (
    GeocoderUnavailable,
    StreetMatch,
    StreetResolution,
    normalize,
    resolve_street,
)
from lisa.lib.images import MAX_BYTES
from lisa.reports.models import Category, Channel
from lisa.reports.questions import label as question_label

SEPARATOR = " › "
RESIDENT_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES]


def page_language() -> str:
    return (get_language() or "fr")[:2]


# --- Categories -------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryChoice:
    """A category as offered in a list: "Category › Sub-category" in the page's language."""

    category: Category
    label: str
    # The label in every language, normalized, to recognise what was typed.
    known_as: tuple[str, ...]


def _label_in(category: Category, language: str) -> str:
    if category.parent is not None:
        return category.parent.name_in(language) + SEPARATOR + category.name_in(language)
    return category.name_in(language)


def category_choices() -> list[CategoryChoice]:
    """Return the active categories, each general category followed by its sub-categories."""
    categories = list(Category.objects.filter(is_active=True).select_related("parent"))
    top = [c for c in categories if c.parent_id is None]
    children: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id is not None:
            children.setdefault(category.parent_id, []).append(category)
    ordered: list[Category] = []
    for parent in top:
        ordered.append(parent)
        ordered.extend(children.pop(parent.pk, []))
    for orphans in children.values():  # sub-categories of a category no longer in use
        ordered.extend(orphans)
    language = page_language()
    return [
        CategoryChoice(
            category=category,
            label=_label_in(category, language),
            known_as=tuple(
                {normalize(_label_in(category, lang)) for lang in ("fr", "nl", "en")} - {""}
            ),
        )
        for category in ordered
    ]


def find_category(text: str, choices: list[CategoryChoice]) -> list[CategoryChoice]:
    """Return the categories the text names: one if it is clear, several if not, or none.

    A label picked from the list (in any of the three languages) is found at once; otherwise
    every word typed must appear in the label ("encombr" finds "Dépôt clandestin › Encombrants").
    """
    wanted = normalize(text)
    if not wanted:
        return []
    exact = [c for c in choices if wanted in c.known_as]
    if exact:
        return exact[:1]
    words = wanted.split()
    return [c for c in choices if any(all(w in known for w in words) for known in c.known_as)]


# --- Extra questions --------------------------------------------------------------------


@dataclass
class QuestionBlock:
    """One extra question, asked for the categories listed (shown when one is chosen)."""

    code: str
    kind: str
    label: str
    required: bool
    choices: list[tuple[str, str]]
    category_ids: list[int] = field(default_factory=list)
    category_names: list[str] = field(default_factory=list)

    @property
    def field_name(self) -> str:
        return f"q_{self.code}"

    @property
    def category_ids_text(self) -> str:
        return " ".join(str(pk) for pk in self.category_ids)


def question_blocks(choices: list[CategoryChoice]) -> list[QuestionBlock]:
    """Return the extra questions of the categories offered, each question once."""
    blocks: dict[str, QuestionBlock] = {}
    for choice in choices:
        for question in choice.category.all_questions():
            block = blocks.get(question["code"])
            if block is None:
                block = blocks[question["code"]] = QuestionBlock(
                    code=question["code"],
                    kind=question["kind"],
                    label=question_label(question),
                    required=bool(question.get("required")),
                    choices=[(c["code"], question_label(c)) for c in question.get("choices", [])],
                )
            block.category_ids.append(choice.category.pk)
            if choice.category.parent_id is None:
                block.category_names.append(choice.category.name)
    return list(blocks.values())


def answers_for(category: Category, data: Any) -> dict[str, str]:
    """Return the answers typed for the category's own questions (others are ignored)."""
    answers = {}
    for question in category.all_questions():
        value = str(data.get(f"q_{question['code']}", "")).strip()
        if value:
            answers[question["code"]] = value
    return answers


# --- Streets ----------------------------------------------------------------------------


def address_of(match: StreetMatch, number: str) -> str:
    """Return the address as it is stored: "Place de la Vaillance 12, Anderlecht"."""
    street = f"{match.name} {number}".strip()
    municipality = match.street.municipality_in(match.language)
    return f"{street}, {municipality}" if municipality else street


class StreetFieldMixin:
    """Find the street typed (or chosen among several) in the `street` field."""

    resolution: StreetResolution | None = None
    street_choices: tuple[StreetMatch, ...] = ()
    data: Any

    def resolve_street_field(self, text: str) -> str:
        chosen = str(self.data.get("street_choice", "")).strip()
        typed = chosen or text
        try:
            resolution = resolve_street(typed, language=page_language())
        except GeocoderUnavailable as error:
            raise forms.ValidationError(str(error.message), code=error.code) from None
        if resolution.match is None:
            if resolution.choices:
                self.street_choices = resolution.choices
                raise forms.ValidationError(
                    gettext("Several streets match “%(text)s”: choose one below.")
                    % {"text": resolution.text},
                    code="ambiguous_street",
                )
            raise forms.ValidationError(
                gettext(
                    "No street “%(text)s” in the Brussels street list. Check the spelling, or "
                    "type the start of the name and choose a street from the list."
                )
                % {"text": resolution.text or text},
                code="unknown_street",
            )
        self.resolution = resolution
        return typed


# --- The forms --------------------------------------------------------------------------


class DeskReportForm(StreetFieldMixin, forms.Form):
    """A report a front-desk agent registers for a resident who came by or called."""

    channel = forms.ChoiceField(
        label=_("How did the resident reach you?"),
        choices=[(Channel.DESK, _("Walk-in")), (Channel.PHONE, _("Phone call"))],
        initial=Channel.DESK,
    )
    street = forms.CharField(label=_("Street"), max_length=200)
    number = forms.CharField(label=_("Number"), max_length=12, required=False)
    category = forms.CharField(label=_("Category"), max_length=300)
    description = forms.CharField(label=_("What is the problem?"), max_length=5000)
    language = forms.ChoiceField(label=_("Resident's language"), choices=RESIDENT_LANGUAGES)
    consent = forms.BooleanField(
        label=_(
            "The resident agrees that LISA keeps their contact details to follow up the report"
        ),
        required=False,
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args: Any, categories: list[CategoryChoice], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.categories = categories
        self.category_matches: list[CategoryChoice] = []
        self.chosen_category: Category | None = None
        self.fields["language"].initial = page_language()

    def clean_street(self) -> str:
        return self.resolve_street_field(self.cleaned_data["street"])

    def clean_category(self) -> str:
        text = str(self.data.get("category_choice", "")).strip() or self.cleaned_data["category"]
        found = find_category(text, self.categories)
        if len(found) == 1:
            self.chosen_category = found[0].category
            return found[0].label
        if found:
            self.category_matches = found[:8]
            raise forms.ValidationError(
                gettext("Several categories match “%(text)s”: choose one below.") % {"text": text},
                code="ambiguous_category",
            )
        raise forms.ValidationError(
            gettext("No category “%(text)s”. Type part of its name and choose from the list.")
            % {"text": text},
            code="unknown_category",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent") and not any(data.get(k) for k in ("name", "email", "phone")):
            self.add_error(
                "name",
                gettext("Fill in how to reach the resident, or untick their agreement."),
            )
        return data


class FieldReportForm(StreetFieldMixin, forms.Form):
    """A report made in the street by a member of staff, with their position and a photo."""

    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180)
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    number = forms.CharField(label=_("Number"), max_length=12, required=False)
    photo = forms.FileField(label=_("Photo"), required=False)
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, choices=[])
    description = forms.CharField(label=_("What is the problem?"), max_length=5000)

    def __init__(self, *args: Any, categories: list[CategoryChoice], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.categories = categories
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((c.category.pk, c.label) for c in categories),
        ]

    @property
    def chosen_category(self) -> Category | None:
        wanted = self.cleaned_data.get("category") if hasattr(self, "cleaned_data") else None
        return next((c.category for c in self.categories if c.category.pk == wanted), None)

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo is not None and photo.size and photo.size > MAX_BYTES:
            raise forms.ValidationError(
                gettext("A photo is limited to %(max)s MB.") % {"max": MAX_BYTES // (1024 * 1024)},
                code="file_too_large",
            )
        return photo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_position = data.get("lat") is not None and data.get("lon") is not None
        street = (data.get("street") or "").strip()
        if street and "street" not in self.errors:
            try:
                data["street"] = self.resolve_street_field(street)
            except forms.ValidationError as error:
                self.add_error("street", error)
        elif not has_position and "street" not in self.errors:
            self.add_error("street", gettext("Use your position or type the street."))
        return data

    @property
    def has_position(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("lat") is not None and data.get("lon") is not None


# --- Desk visits ------------------------------------------------------------------------


def visit_language_choices() -> list[tuple[str, str]]:
    """Return the languages of desk visits in words, in the page's language."""
    from django.utils.text import capfirst
    from django.utils.translation import get_language_info

    from lisa.offices.actions import VISIT_LANGUAGES

    choices = []
    for code in VISIT_LANGUAGES:
        if code == "other":
            choices.append((code, gettext("Another language")))
        else:
            choices.append((code, capfirst(str(get_language_info(code)["name_translated"]))))
    return choices


class DeskVisitForm(forms.Form):
    """A walk-in or a call that is not a report, counted without anything about the person."""

    channel = forms.ChoiceField(label=_("How"), choices=[])
    topic = forms.ChoiceField(label=_("Topic"), choices=[])
    language = forms.ChoiceField(label=_("Language of the visit"), choices=[])
    referred_to = forms.TypedChoiceField(
        label=_("Referred to (optional)"), coerce=int, empty_value=None, required=False
    )
    referral_note = forms.CharField(
        label=_("Referral note (optional)"),
        help_text=_("Where you sent the person, in a few words. No names, no contact details."),
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, office: Any, **kwargs: Any):
        from lisa.accounts.models import Organisation
        from lisa.offices.models import VisitChannel, VisitTopic

        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = VisitChannel.choices  # type: ignore[attr-defined]
        self.fields["channel"].initial = VisitChannel.WALK_IN
        self.fields["topic"].choices = [("", "—"), *VisitTopic.choices]  # type: ignore[attr-defined]
        self.fields["language"].choices = visit_language_choices()  # type: ignore[attr-defined]
        self.fields["language"].initial = page_language()
        organisations = sorted(
            Organisation.objects.filter(is_active=True), key=lambda o: o.name.casefold()
        )
        partner_ids = set(office.partners.values_list("id", flat=True)) | {office.coordinator_id}
        self.organisations = {o.pk: o for o in organisations}
        self.fields["referred_to"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            (
                gettext("Partners of the office"),
                [(o.pk, o.name) for o in organisations if o.pk in partner_ids],
            ),
            (
                gettext("Other organisations"),
                [(o.pk, o.name) for o in organisations if o.pk not in partner_ids],
            ),
        ]

    def referred_organisation(self) -> Any:
        return self.organisations.get(self.cleaned_data.get("referred_to") or 0)
