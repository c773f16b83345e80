"""The resident's report form: what, where, a description, photos and, if they wish, who."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lisa.backoffice.intake import StreetFieldMixin
from lisa.errors import LisaError
from lisa.geo.geocoder import get_geocoder
from lisa.geo.locator import locate
from lisa.reports.actions import MAX_DESCRIPTION
from lisa.reports.models import Category

# One icon per general category of the Brussels tree; a category added later gets "other".
ICONS = frozenset(p.stem for p in (Path(__file__).parent / "static/lisa/icons").glob("*.svg"))


@dataclass(frozen=True)
class TopCategory:
    """A general category as the resident sees it: an icon, a name, its sub-categories."""

    category: Category
    children: list[Category]

    @property
    def icon(self) -> str:
        code = self.category.code if self.category.code in ICONS else "other"
        return f"lisa/icons/{code}.svg"


def top_categories() -> list[TopCategory]:
    """Return the active general categories in their order, each with its sub-categories."""
    categories = list(Category.objects.filter(is_active=True))
    children: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id is not None:
            children.setdefault(category.parent_id, []).append(category)
    return [
        TopCategory(category=c, children=children.get(c.pk, []))
        for c in categories
        if c.parent_id is None
    ]


def region_name() -> str:
    from lisa.geo.models import Area, AreaKind

    region = Area.objects.filter(kind=AreaKind.REGION).first()
    return region.name if region else gettext("region")


def outside_region_message() -> str:
    return gettext(
        "This place is outside the %(region)s. LISA handles problems in the 19 "
        "municipalities of the %(region)s only: move the pin or type an address there."
    ) % {"region": region_name()}


class ReportForm(StreetFieldMixin, forms.Form):
    """What a resident reports; the place comes from the map, their position, a photo or an
    address they type."""

    category = forms.TypedChoiceField(label=_("What is the problem?"), coerce=int, choices=[])
    subcategory = forms.TypedChoiceField(
        label=_("More precisely"), coerce=int, empty_value=None, required=False, choices=[]
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180)
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    number = forms.CharField(label=_("No."), max_length=12, required=False)
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=MAX_DESCRIPTION,
        error_messages={"required": _("Please describe the problem.")},
    )
    photo_token = forms.CharField(required=False, max_length=64)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("This e-mail address is not valid.")},
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that LISA keeps my name, e-mail address and phone number to follow up this "
            "report and to contact me about it. They are never shown to the public."
        ),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        categories: list[TopCategory],
        photo_position: tuple[float, float] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.categories = categories
        self.photo_position = photo_position
        self.position_source = ""
        self._point: tuple[float, float] | None = None
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            (top.category.pk, top.category.name) for top in categories
        ]
        self.fields["subcategory"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((child.pk, child.name) for top in categories for child in top.children),
        ]
        self.fields["category"].error_messages["required"] = gettext(
            "Choose what the problem is about."
        )

    @property
    def chosen_category(self) -> Category | None:
        """Return the sub-category chosen, else the general category."""
        data = getattr(self, "cleaned_data", {})
        top = next((t for t in self.categories if t.category.pk == data.get("category")), None)
        if top is None:
            return None
        sub = next((c for c in top.children if c.pk == data.get("subcategory")), None)
        return sub or top.category

    def clean_subcategory(self) -> int | None:
        # A sub-category of another general category (chosen before changing one's mind, on a
        # page without JavaScript) does not count.
        sub = self.cleaned_data.get("subcategory")
        top = self.cleaned_data.get("category")
        for candidate in self.categories:
            if candidate.category.pk == top and any(c.pk == sub for c in candidate.children):
                return sub
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        gives_contact = data.get("email") or data.get("phone") or (data.get("name") or "").strip()
        if gives_contact and not data.get("consent"):
            self.add_error(
                "consent",
                gettext(
                    "Tick the box to let LISA keep your contact details, or leave them empty "
                    "to stay anonymous."
                ),
            )
        if data.get("lat") is not None and data.get("lon") is not None:
            self.position_source = "map"
        if (data.get("street") or "").strip() and "street" not in self.errors:
            try:
                data["street"] = self.resolve_street_field(data["street"].strip())
            except forms.ValidationError as error:
                self.add_error("street", error)
                return data
            if not self.position_source:
                self.position_source = "street"
        if not self.position_source and self.photo_position is not None:
            data["lat"], data["lon"] = self.photo_position
            self.position_source = "photo"
        if not self.position_source:
            if "street" not in self.errors:
                self.add_error(
                    "street",
                    gettext(
                        "Where is the problem? Put a pin on the map, use your location, or "
                        "type the address."
                    ),
                )
            return data
        lat, lon = self.position()
        # A point the resident chose (pin, location, photo) is refused beside the map, not
        # under the address fields they left empty.
        field = "street" if self.position_source == "street" else "lat"
        try:
            locate(lat=lat, lon=lon)
        except LisaError as error:
            if error.code != "outside_region":
                self.add_error(field, str(error.message))
                return data
            self.add_error(field, outside_region_message())
        return data

    def position(self) -> tuple[float, float]:
        """Return the point of the report: the pin, the photo's position, or the street's."""
        if self._point is None:
            self._point = self._find_point()
        return self._point

    def _find_point(self) -> tuple[float, float]:
        data = self.cleaned_data
        if self.position_source in ("map", "photo"):
            return float(data["lat"]), float(data["lon"])
        assert self.resolution is not None
        assert self.resolution.match is not None
        street = self.resolution.match.street
        number = (data.get("number") or "").strip()
        if number and street.number != number:
            # A geocoder that knows houses (UrbIS) places the report at the house.
            # The service down, the street's point will do.
            with contextlib.suppress(LisaError):
                street = get_geocoder().house(street, number) or street
        return street.lat, street.lon
