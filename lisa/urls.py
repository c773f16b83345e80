from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from lisa.front import views as front
from lisa.geo import views as geo

admin.site.site_header = _("LISA administration")
admin.site.site_title = _("LISA administration")
admin.site.index_title = _("Configuration and data")

# One URL per page in every language: the language comes from the visitor's
# choice (a cookie set by the switcher) or, failing that, their browser.
urlpatterns = [
    path("", front.home, name="home"),
    path("healthz", front.healthz, name="healthz"),
    path("areas/<slug:kind>.geojson", geo.areas_geojson, name="areas-geojson"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("me/", front.me, name="me"),
    path("admin/", admin.site.urls),
]
