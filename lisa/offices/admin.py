from django.contrib import admin

from lisa.offices.actions import office_set_catchment
from lisa.offices.models import Office, OpeningHours


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_nl", "municipality", "status", "coordinator", "is_demo"]
    list_filter = ["status", "is_demo", "municipality"]
    search_fields = ["name_fr", "name_nl", "name_en", "code"]
    filter_horizontal = ["partners", "neighbourhoods"]
    readonly_fields = ["catchment", "updated_at"]
    autocomplete_fields = ["coordinator", "municipality"]
    inlines = [OpeningHoursInline]
    list_select_related = ["municipality", "coordinator"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The catchment area is derived from the neighbourhoods chosen in the form.
        office_set_catchment(
            office=form.instance, neighbourhoods=form.instance.neighbourhoods.all()
        )
