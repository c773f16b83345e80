from django.contrib import admin

from lisa.cases.models import Case, Task


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "organisation",
        "description",
        "due_on",
        "status",
        "done_by",
        "done_at",
        "outcome",
    )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Cases are worked in the back office; here they are only looked up."""

    list_display = ["reference", "title", "office", "status", "created_at"]
    list_filter = ["status", "office"]
    search_fields = ["reference", "title"]
    list_select_related = ["office"]
    inlines = [TaskInline]
    readonly_fields = [
        "reference",
        "title",
        "summary",
        "office",
        "status",
        "created_by",
        "created_at",
        "closed_at",
    ]
    exclude = ["reports"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
