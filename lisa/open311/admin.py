"""API keys in the admin: read, revoke; never made here (the key is shown once, by the
command) nor deleted (reports name them)."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisa.open311.keys import api_key_revoke
from lisa.open311.models import ApiKey


@admin.action(description=gettext_lazy("Revoke the selected keys"))
def revoke(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    for api_key in queryset:
        api_key_revoke(api_key=api_key)
    messages.success(request, _("Keys revoked: %(count)s.") % {"count": queryset.count()})


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "organisation",
        "user",
        "scopes",
        "created_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix")
    actions = [revoke]
    readonly_fields = (
        "name",
        "organisation",
        "user",
        "prefix",
        "scopes",
        "created_at",
        "revoked_at",
    )
    exclude = ("key_hash",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
