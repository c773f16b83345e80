from django import forms
from django.contrib import admin

from lisa.errors import LisaError
from lisa.offices.actions import office_set_catchment, refuse_if_rules_use
from lisa.offices.models import DeskVisit, Office, OpeningHours, PartnerHelp

# Six decimals of a degree are about 10 cm: the precision of an address point.
COORDINATE = forms.NumberInput(attrs={"step": "0.000001"})


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class PartnerHelpInline(admin.TabularInline):
    model = PartnerHelp
    extra = 0
    autocomplete_fields = ["organisation"]


class OfficeForm(forms.ModelForm):
    instance: Office

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lat", "lon"):
            if isinstance(self.initial.get(name), float):
                self.initial[name] = round(self.initial[name], 6)

    def clean(self):
        cleaned = super().clean()
        catchment = self.instance.catchment if self.instance.pk else None
        emptied = "neighbourhoods" in self.cleaned_data and not self.cleaned_data["neighbourhoods"]
        if catchment is not None and emptied:
            # Emptying the neighbourhoods removes the catchment area, unless rules use it.
            try:
                refuse_if_rules_use(catchment)
            except LisaError as error:
                self.add_error("neighbourhoods", str(error.message))
        return cleaned


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    form = OfficeForm
    list_display = ["name_fr", "name_nl", "municipality", "status", "coordinator", "is_demo"]
    list_filter = ["status", "is_demo", "municipality"]
    search_fields = ["name_fr", "name_nl", "name_en", "code"]
    filter_horizontal = ["partners", "neighbourhoods"]
    readonly_fields = ["catchment", "updated_at"]
    autocomplete_fields = ["coordinator", "municipality"]
    inlines = [OpeningHoursInline, PartnerHelpInline]
    list_select_related = ["municipality", "coordinator"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("lat", "lon"):
            kwargs["widget"] = COORDINATE
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The catchment area is derived from the neighbourhoods chosen in the form.
        office_set_catchment(
            office=form.instance, neighbourhoods=form.instance.neighbourhoods.all()
        )


@admin.register(DeskVisit)
class DeskVisitAdmin(admin.ModelAdmin):
    """Desk visits are counted at the desk; here they are only looked up."""

    list_display = ["at", "office", "channel", "topic", "language", "referred_to"]
    list_filter = ["office", "channel", "topic", "language"]
    list_select_related = ["office", "referred_to"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
