from django.contrib import admin

from lisa.events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Events are made in the back office, by the office's staff; here they are looked up.

    Registrations are personal data: they are not listed here.
    """

    list_display = ["title", "office", "kind", "starts_at", "capacity", "is_public", "cancelled_at"]
    list_filter = ["kind", "is_public", "office"]
    search_fields = ["title", "place"]
    list_select_related = ["office"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
