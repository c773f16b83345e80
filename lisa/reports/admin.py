from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lisa.audit.actions import MAX_REASON, audit_log
from lisa.audit.models import AuditAction
from lisa.reports.admin_list import (
    REFERENCE_START,
    EstimatedCountPaginator,
    MunicipalityFilter,
    OrganisationFilter,
    ParentCategoryFilter,
)
from lisa.reports.models import (
    Category,
    Report,
    Reporter,
    ResponseTemplate,
    RoutingRule,
    StatusChange,
)
from lisa.reports.questions import describe_answers
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
        "conditions_in_words",
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
    readonly_fields = ["conditions_in_words"]
    # The parents too: a rule's questions include those of its category's ancestors.
    list_select_related = [
        "category__parent__parent",
        "area",
        "organisation",
    ]

    @admin.display(description=_("conditions on answers"))
    def conditions_in_words(self, rule: RoutingRule) -> str:
        if not rule.conditions:
            return "—"
        if rule.category is not None:
            questions = rule.category.all_questions()
        else:
            # A rule for any category tests questions that several categories ask.
            questions = [q for c in Category.objects.order_by("id") for q in c.questions]
        return describe_answers(questions, rule.conditions)


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
        "reason",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report", "organisation", "by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
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
    # The list stays fast at a million reports (bench/admin_list.py): the filters
    # read their choices from their own tables and the date filter needs no query
    # (no date_hierarchy, which reads every report's date), counts are not
    # offered per choice, and an unfiltered list is not counted row by row.
    # A search for a reference uses its index; a search for other words reads
    # every report (a trigram index would be the next step).
    list_filter = [
        "status",
        "channel",
        ("created_at", admin.DateFieldListFilter),
        ("category__parent", ParentCategoryFilter),
        ("municipality", MunicipalityFilter),
        ("organisation", OrganisationFilter),
    ]
    # Only the columns with an index of their own sort the list: any other sorts
    # every report to show fifty.
    sortable_by = ["reference", "created_at"]
    show_facets = admin.ShowFacets.NEVER
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_per_page = 50
    # Not by address: that would tell, unlogged, which private reports are about a home.
    search_fields = ["reference"]
    list_select_related = ["category", "municipality", "organisation"]
    inlines = [StatusChangeInline]
    readonly_fields = [
        "reference",
        "category",
        "description",
        "answers",
        "position",
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
    exclude = ["routing_reason", "attributes", "lat", "lon"]

    def has_add_permission(self, request):
        # Reports are created through report_create (desk, web, API), never by hand here.
        return False

    def has_change_permission(self, request, obj=None):
        # Every field is read-only: statuses move through report_transition. The page
        # is a view, without Save buttons.
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # reports are never deleted (see docs/adr/0005-append-only-record.md)

    @admin.display(description=_("answers"))
    def answers(self, report: Report) -> str:
        return describe_answers(report.category.all_questions(), report.attributes) or "—"

    @admin.display(description=_("position (latitude, longitude)"))
    def position(self, report: Report) -> str:
        return f"{report.lat:.6f}, {report.lon:.6f}"

    def get_search_results(self, request, queryset, search_term):
        # A reference, or its beginning ("BXL-2026-0001"), is looked up through
        # the reference's index; other words search every reference.
        term = search_term.strip().upper()
        if REFERENCE_START.fullmatch(term):
            return queryset.filter(reference__startswith=term), False
        return super().get_search_results(request, queryset, search_term)

    def get_queryset(self, request):
        # A report shows its municipality by name: the area's geometry, thousands
        # of coordinates decoded for each row of the list, stays in the database.
        return (
            super().get_queryset(request).defer("municipality__geometry", "municipality__outline")
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The text and place of a private report are personal data: administrators reach
        # them only through logged access (docs/adr/0009-visibility.md).
        report = self.get_object(request, object_id)
        if report is not None and report.category.is_private:
            audit_log(
                user=request.user,
                action=AuditAction.VIEW_PERSONAL_DATA,
                obj=report,
                reason=str(_("opened a private report in the administration")),
                request=request,
            )
        return super().change_view(request, object_id, form_url, extra_context)

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


class AccessReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need these contact details?"),
        help_text=_("Your answer is kept in the audit log, with your name."),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


# The reason a user stated travels with the contact details form, so that a
# correction is logged with it too.
REASON_FIELD = "_audit_reason"


@admin.register(Reporter)
class ReporterAdmin(admin.ModelAdmin):
    """Contact details: shown only once the user states why, and every view is logged."""

    list_display = ["report", "role", "language", "consents_to_contact", "created_at"]
    list_select_related = ["report"]
    search_fields = ["report__reference"]
    readonly_fields = ["report", "has_follow_link", "created_at"]
    exclude = ["follow_token_hash"]
    change_form_template = "admin/reports/reporter/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # corrected or anonymised, never deleted

    @admin.display(description=_("follow link given"), boolean=True)
    def has_follow_link(self, reporter: Reporter) -> bool:
        return bool(reporter.follow_token_hash)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        reporter = self.get_object(request, unquote(object_id))
        if reporter is None or not self.has_view_or_change_permission(request, reporter):
            # Django answers (a redirect, or 403) without showing anything: nothing to log.
            return super().change_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and "_state_reason" in request.POST:
            form = AccessReasonForm(request.POST)
            if not form.is_valid():
                return self.ask_for_a_reason(request, reporter, form)
            # Post, redirect, get: a reload of the details page asks again.
            request.session[self.session_key(reporter)] = form.cleaned_data["reason"]
            return HttpResponseRedirect(request.get_full_path())
        if request.method == "POST":
            reason = request.POST.get(REASON_FIELD, "").strip()
        else:
            reason = request.session.pop(self.session_key(reporter), "")
            if reason:
                audit_log(
                    user=request.user,
                    action=AuditAction.VIEW_PERSONAL_DATA,
                    obj=reporter,
                    reason=reason,
                    request=request,
                )
        if not reason:
            return self.ask_for_a_reason(request, reporter, AccessReasonForm())
        context = {**(extra_context or {}), "audit_reason": reason}
        return super().change_view(request, object_id, form_url, context)

    def ask_for_a_reason(
        self, request: HttpRequest, reporter: Reporter, form: AccessReasonForm
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": reporter,
            "form": form,
            "title": _("Contact details"),
        }
        return TemplateResponse(request, "admin/reports/reporter/access_reason.html", context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.changed_data:
            audit_log(
                user=request.user,
                action=AuditAction.CHANGE_PERSONAL_DATA,
                obj=obj,
                reason=request.POST.get(REASON_FIELD, ""),
                changed_fields=form.changed_data,
                request=request,
            )

    def response_change(self, request, obj):
        if "_continue" in request.POST:
            # The page shown again after "Save and continue editing" is a new, logged view.
            request.session[self.session_key(obj)] = request.POST.get(REASON_FIELD, "")
        return super().response_change(request, obj)

    @staticmethod
    def session_key(reporter: Reporter) -> str:
        return f"lisa-contact-details-reason-{reporter.pk}"


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "title_nl", "category", "status", "position", "is_active"]
    list_filter = ["is_active", "status", "category"]
    list_editable = ["position", "is_active"]
    search_fields = ["code", "title_fr", "title_nl", "title_en", "body_fr", "body_nl"]
    autocomplete_fields = ["category"]
    list_select_related = ["category"]
    fieldsets = [
        (None, {"fields": ["code", "category", "status", "position", "is_active"]}),
        (
            _("Texts"),
            {
                "description": _(
                    "{reference}, {category}, {organisation} and {deadline} are filled in "
                    "when the message is written."
                ),
                "fields": ["title_fr", "body_fr", "title_nl", "body_nl", "title_en", "body_en"],
            },
        ),
    ]

    def has_delete_permission(self, request, obj=None):
        # Messages sent keep a link to their template: deactivate it instead.
        return False
