from django.contrib import admin

from lisa.geo.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_nl", "kind", "code", "parent", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name_fr", "name_nl", "name_en", "code"]
    readonly_fields = ["label_lat", "label_lon", "updated_at"]
    exclude = ["geometry"]  # thousands of coordinates: replaced with import_areas
    list_select_related = ["parent"]

    def has_add_permission(self, request):
        # Areas come from validated GeoJSON files through `manage.py import_areas`.
        return False
