from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from lisa.api.api import api
from lisa.dashboards import opendata
from lisa.front import calendars, reports_map
from lisa.front import views as front
from lisa.geo import views as geo

admin.site.site_header = _("LISA administration")
admin.site.site_title = _("LISA administration")
admin.site.index_title = _("Configuration and data")

# Staff screens and services have one URL in every language: the language comes from the
# person's choice (a cookie set by the switcher) or, failing that, their browser.
urlpatterns = [
    path("healthz", front.healthz, name="healthz"),
    path("areas/<slug:kind>.geojson", geo.areas_geojson, name="areas-geojson"),
    path("map/reports.geojson", reports_map.map_reports_geojson, name="map-reports"),
    # Calendar programs subscribe to one URL, whatever the language.
    path("events.ics", calendars.region_calendar, name="events-ics"),
    path("events/<slug:code>.ics", calendars.office_calendar, name="office-events-ics"),
    path("open311/v2/", include("lisa.open311.urls")),
    # Open data: one URL whatever the language (README, "Open data").
    path("open-data/reports.csv", opendata.reports_csv, name="opendata-csv"),
    path("open-data/reports.geojson", opendata.reports_geojson, name="opendata-geojson"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("lisa.accounts.urls")),
    path("me/", front.me, name="me"),
    path("staff/dashboards/", include("lisa.dashboards.urls")),
    path("staff/", include("lisa.backoffice.urls")),
    path("admin/", admin.site.urls),
]
# The public site has a URL per language (/fr/, /nl/, /en/), so that a link, a search
# engine and an e-mail keep the language; "/" sends a visitor to their browser's language.
urlpatterns += i18n_patterns(path("", include("lisa.front.urls")), prefix_default_language=True)

# Error pages in the visitor's language, in the public frame for the public site's URLs.
handler400 = "lisa.front.errors.bad_request"
handler403 = "lisa.front.errors.permission_denied"
handler404 = "lisa.front.errors.page_not_found"
