from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lisa.audit.actions import audit_log
from lisa.audit.models import AuditAction
from lisa.reports.models import Category, Report, Reporter, RoutingRule, StatusChange
from lisa.reports.routing import explain_reason


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_nl", "parent", "is_private", "deadline_days"]
    list_filter = ["is_private", "is_active", "parent"]
    search_fields = ["code", "name_fr", "name_nl", "name_en"]
    list_select_related = ["parent"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "position",
        "note_fr",
        "note_nl",
        "category",
        "area",
        "conditions",
        "target_type",
        "organisation",
        "target_kind",
        "target_service",
        "is_active",
    ]
    list_display_links = ["position", "note_fr"]
    list_editable = ["is_active"]
    list_filter = ["is_active", "target_type", "category"]
    autocomplete_fields = ["category", "area", "organisation"]
    list_select_related = ["category", "area", "organisation"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "at",
        "from_status",
        "to_status",
        "organisation",
        "by",
        "public_message",
    )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "category",
        "status",
        "municipality",
        "organisation",
        "channel",
        "deadline",
        "created_at",
    ]
    list_filter = [
        "status",
        "channel",
        ("category__parent", admin.RelatedOnlyFieldListFilter),
        ("municipality", admin.RelatedOnlyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]
    list_per_page = 50
    search_fields = ["reference", "address"]
    date_hierarchy = "created_at"
    list_select_related = ["category", "municipality", "organisation"]
    inlines = [StatusChangeInline]
    readonly_fields = [
        "reference",
        "category",
        "description",
        "attributes",
        "lat",
        "lon",
        "address",
        "municipality",
        "police_zone",
        "neighbourhood",
        "office",
        "channel",
        "status",
        "is_public",
        "organisation",
        "routing_rule",
        "routing_explanation",
        "deadline",
        "duplicate_of",
        "language",
        "created_by",
        "registered_at_office",
        "created_at",
        "status_changed_at",
        "reporter_details",
    ]
    exclude = ["routing_reason"]

    def has_add_permission(self, request):
        # Reports are created through report_create (desk, web, API), never by hand here.
        return False

    @admin.display(description=_("why this organisation"))
    def routing_explanation(self, report: Report) -> str:
        return explain_reason(report.routing_reason)

    @admin.display(description=_("reporter"))
    def reporter_details(self, report: Report) -> str:
        # Contact details are one click away, on a page that logs each visit.
        links = [
            format_html(
                '<a href="{}">{}</a>',
                reverse("admin:reports_reporter_change", args=[reporter.pk]),
                _("contact details"),
            )
            for reporter in report.reporters.all()
        ]
        return format_html(" · ".join(["{}"] * len(links)), *links) if links else "—"


@admin.register(Reporter)
class ReporterAdmin(admin.ModelAdmin):
    list_display = ["report", "role", "language", "consents_to_contact", "created_at"]
    list_select_related = ["report"]
    search_fields = ["report__reference"]
    readonly_fields = ["report", "follow_token_hash", "created_at"]

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        reporter = self.get_object(request, object_id)
        if reporter is not None:
            audit_log(
                user=request.user,
                action=AuditAction.VIEW_PERSONAL_DATA,
                obj=reporter,
                reason="admin",
                request=request,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.changed_data:
            audit_log(
                user=request.user,
                action=AuditAction.CHANGE_PERSONAL_DATA,
                obj=obj,
                reason=", ".join(form.changed_data),
                request=request,
            )
