from django.contrib import admin

from lisa.meetings.models import ActionItem, Meeting


class _ReadOnly(admin.ModelAdmin):
    """Meetings are run in the back office, through their actions; here they are looked up."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(_ReadOnly):
    list_display = ["title", "office", "kind", "starts_at", "status"]
    list_filter = ["kind", "status", "office"]
    search_fields = ["title", "place"]
    list_select_related = ["office"]
    date_hierarchy = "starts_at"


@admin.register(ActionItem)
class ActionItemAdmin(_ReadOnly):
    list_display = ["text", "organisation", "office", "due_on", "done_at"]
    list_filter = ["office", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text"]
    list_select_related = ["organisation", "office"]
