"""The webhooks in the admin: registered per organisation, their deliveries and attempts.

Deliveries and attempts are the log of what LISA told each system: read-only, never removed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from lisa.errors import LisaError
from lisa.webhooks.actions import check_webhook, delivery_send_again, new_secret
from lisa.webhooks.models import EVENT_CHOICES, Attempt, Delivery, Webhook


class WebhookForm(forms.ModelForm):
    # An address typed without its scheme is taken as https, never plain http.
    url = forms.URLField(
        label=capfirst(_("address")),
        max_length=500,
        assume_scheme="https",
        help_text=_("An http:// or https:// address that accepts POST requests."),
    )
    events = forms.MultipleChoiceField(
        # Not "events": those are the office's public events in every other screen.
        label=_("Sent when"),
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Webhook
        fields = ["organisation", "url", "events", "is_active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            check_webhook(url=cleaned.get("url", ""), events=cleaned.get("events", []))
        except LisaError as error:
            self.add_error(error.field, str(error.message))
        return cleaned


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "organisation", "event_list", "is_active", "created_by", "created_at"]
    # Only the organisations that have a webhook: the full list is a hundred names long.
    list_filter = ["is_active", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation", "created_by"]
    search_fields = ["url", "organisation__code", "organisation__name_fr", "organisation__name_nl"]
    readonly_fields = ["secret_hint", "created_by", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Webhook | None = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Webhook, form: Any, change: bool) -> None:
        if not change:
            obj.secret = new_secret()
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        if not change:
            messages.warning(
                request,
                gettext(
                    "The secret of this webhook is %(secret)s. Copy it now into the "
                    "receiving system: LISA will not show it again."
                )
                % {"secret": obj.secret},
            )

    def has_delete_permission(self, request: HttpRequest, obj: Webhook | None = None) -> bool:
        # A webhook with deliveries is kept with them (PROTECT): switch it off instead.
        return obj is None or not obj.deliveries.exists()

    @admin.display(description=_("secret"))
    def secret_hint(self, webhook: Webhook) -> str:
        return webhook.secret_hint

    @admin.display(description=_("Sent when"))
    def event_list(self, webhook: Webhook) -> str:
        labels = dict(EVENT_CHOICES)
        return ", ".join(str(labels.get(event, event)) for event in webhook.events)


class AttemptInline(admin.TabularInline):
    model = Attempt
    fields = readonly_fields = ("at", "status", "duration_ms", "error", "response")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "report",
        "webhook",
        "organisation",
        "state",
        "attempts",
        "next_attempt_at",
    ]
    list_filter = ["state", "event", ("webhook__organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["report", "webhook", "webhook__organisation"]
    search_fields = ["event_id", "report__reference", "webhook__url"]
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "event_id",
        "event",
        "report",
        "webhook",
        "state",
        "attempts",
        "next_attempt_at",
        "created_at",
        "delivered_at",
        "body",
    )
    inlines = [AttemptInline]
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("organisation"), ordering="webhook__organisation")
    def organisation(self, delivery: Delivery) -> str:
        return str(delivery.webhook.organisation)

    @admin.action(description=_("Send again now"), permissions=["change"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        deliveries = list(queryset)
        for delivery in deliveries:
            delivery_send_again(delivery=delivery)
        self.message_user(
            request,
            ngettext(
                "%(count)s delivery sent again.",
                "%(count)s deliveries sent again.",
                len(deliveries),
            )
            % {"count": len(deliveries)},
            messages.SUCCESS,
        )
