from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lisa.geo.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_nl", "kind", "code", "parent", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name_fr", "name_nl", "name_en", "code"]
    readonly_fields = ["representative_point", "updated_at"]
    # The geometry has thousands of coordinates: it is replaced with import_areas.
    exclude = ["geometry", "outline", "label_lat", "label_lon"]
    list_select_related = ["parent"]

    def has_add_permission(self, request):
        # Areas come from validated GeoJSON files through `manage.py import_areas`.
        return False

    @admin.display(description=_("representative point (latitude, longitude)"))
    def representative_point(self, area: Area) -> str:
        return f"{area.label_lat:.6f}, {area.label_lon:.6f}"
