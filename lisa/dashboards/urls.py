from django.urls import path

from lisa.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboards, name="home"),
    path("region/", views.dashboard, name="region"),
    path("region/annual/<int:year>.pdf", views.annual_report_pdf, name="region-annual"),
    path("region/<slug:table>.<slug:extension>", views.table_export, name="region-export"),
    path("<slug:level>/<int:pk>/", views.dashboard, name="dashboard"),
    path("<slug:level>/<int:pk>/annual/<int:year>.pdf", views.annual_report_pdf, name="annual"),
    path("<slug:level>/<int:pk>/<slug:table>.<slug:extension>", views.table_export, name="export"),
]
