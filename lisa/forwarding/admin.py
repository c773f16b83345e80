"""External Open311 systems in the admin; forwarded reports and their attempts, read only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lisa.errors import LisaError
from lisa.forwarding.actions import forwarding_retry
from lisa.forwarding.models import Attempt, ExternalSystem, Forwarding


class ExternalSystemForm(forms.ModelForm):
    # The key is sent to the other system, never shown again: a new one replaces it.
    new_api_key = forms.CharField(
        label=gettext_lazy("API key"),
        required=False,
        strip=True,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=gettext_lazy(
            "The key the other system gave LISA to file requests. It is not shown again: "
            "leave empty to keep the one saved, type a new one to replace it."
        ),
    )
    forget_api_key = forms.BooleanField(label=gettext_lazy("Remove the saved key"), required=False)

    class Meta:
        model = ExternalSystem
        fields = (
            "organisation",
            "name",
            "endpoint",
            "jurisdiction_id",
            "service_codes",
            "status_source",
            "is_active",
        )
        widgets = {"service_codes": forms.Textarea(attrs={"rows": 6, "cols": 60})}

    def save(self, commit: bool = True) -> ExternalSystem:
        system = super().save(commit=False)
        if self.cleaned_data.get("new_api_key"):
            system.api_key = self.cleaned_data["new_api_key"]
        elif self.cleaned_data.get("forget_api_key"):
            system.api_key = ""
        if commit:
            system.save()
        return system


@admin.register(ExternalSystem)
class ExternalSystemAdmin(admin.ModelAdmin):
    form = ExternalSystemForm
    list_display = ("name", "organisation", "endpoint", "status_source", "is_active", "has_key")
    list_filter = ("is_active", "status_source")
    search_fields = ("name", "endpoint", "organisation__code")
    autocomplete_fields = ("organisation",)
    readonly_fields = ("updates_read_until", "created_at", "updated_at")

    @admin.display(boolean=True, description=gettext_lazy("API key saved"))
    def has_key(self, obj: ExternalSystem) -> bool:
        return bool(obj.api_key)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = [
            "organisation",
            "name",
            "endpoint",
            "new_api_key",
            "jurisdiction_id",
            "service_codes",
            "status_source",
            "is_active",
        ]
        if obj is not None and obj.api_key:
            fields.insert(4, "forget_api_key")
        return [*fields, *self.readonly_fields] if obj else fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Forwarded reports name it: deactivate it instead.
        return False


class AttemptInline(admin.TabularInline):
    model = Attempt
    fields = ("at", "kind", "http_status", "error", "duration_ms", "answer")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.action(description=gettext_lazy("Send the selected reports again now"))
def send_again(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    done = 0
    for forwarding in queryset:
        try:
            forwarding_retry(forwarding=forwarding)
            done += 1
        except LisaError as error:
            messages.warning(request, f"{forwarding.report}: {error.message}")
    messages.success(request, _("Reports to send again: %(count)s.") % {"count": done})


@admin.register(Forwarding)
class ForwardingAdmin(admin.ModelAdmin):
    list_display = ("report", "system", "state", "external_id", "failures", "next_attempt_at")
    list_filter = ("state", "system")
    search_fields = ("report__reference", "external_id")
    actions = [send_again]
    inlines = [AttemptInline]
    readonly_fields = (
        "report",
        "system",
        "state",
        "service_code",
        "external_id",
        "token",
        "external_status",
        "given_up_because",
        "problem",
        "failures",
        "next_attempt_at",
        "created_at",
        "updated_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
