from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from lisa.audit.models import AuditEvent


class ObjectTypeFilter(admin.SimpleListFilter):
    """Filter by the kind of object, named in words ("reporter"), not "reports.reporter"."""

    title = _("object type")
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        types = AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()
        return sorted(((t, model_name(t)) for t in types), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value()) if self.value() else queryset


def model_name(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "object_kind", "object_label", "reason", "ip_address"]
    list_filter = ["action", ObjectTypeFilter]
    list_select_related = ["user"]
    search_fields = ["object_label", "object_id", "user__username", "reason"]
    date_hierarchy = "at"
    fields = readonly_fields = (
        "at",
        "user",
        "action",
        "object_kind",
        "object_id",
        "object_label",
        "reason",
        "fields_changed",
        "ip_address",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("object type"), ordering="object_type")
    def object_kind(self, event: AuditEvent) -> str:
        return model_name(event.object_type)

    @admin.display(description=_("fields changed"))
    def fields_changed(self, event: AuditEvent) -> str:
        if not event.changed_fields:
            return "—"
        try:
            meta = apps.get_model(event.object_type)._meta
        except (LookupError, ValueError):
            return event.changed_fields
        names = []
        for name in event.changed_fields.split(","):
            try:
                names.append(str(meta.get_field(name).verbose_name))
            except FieldDoesNotExist:
                names.append(name)
        return ", ".join(names)
