from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lisa.accounts.models import LocalHoliday, Membership, Organisation, Team, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation", "office"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Preferences"), {"fields": ["language"]}),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name_fr",
        "name_nl",
        "kind",
        "service",
        "code",
        "holiday_calendar",
        "is_active",
    ]
    list_filter = ["kind", "service", "holiday_calendar", "is_active"]
    search_fields = ["name_fr", "name_nl", "name_en", "code"]
    filter_horizontal = ["jurisdiction"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "office", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "organisation__name_fr", "organisation__name_nl"]
    autocomplete_fields = ["user", "organisation", "office"]
    list_select_related = ["user", "organisation", "office"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_nl", "organisation", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name_fr", "name_nl", "organisation__name_fr", "organisation__name_nl"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["members"]
    list_select_related = ["organisation"]


@admin.register(LocalHoliday)
class LocalHolidayAdmin(admin.ModelAdmin):
    list_display = ["municipality", "day", "every_year", "name"]
    list_filter = ["every_year", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "municipality__name_fr", "municipality__name_nl"]
    list_select_related = ["municipality"]
