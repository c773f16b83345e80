"""The public site's pages, under /fr/, /nl/ and /en/ (see lisa/urls.py)."""

from django.urls import path

from lisa.front import answers, events, follow, offices, report, reports_map, streets, views

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", report.report, name="report"),
    path("report/done/", report.report_done, name="report-done"),
    path("report/photos/", report.report_photos, name="report-photos"),
    path("report/photo/<str:token>/<str:key>/", report.pending_thumbnail, name="report-photo"),
    path("offices/", offices.offices, name="offices"),
    path("offices/<slug:code>/", offices.office, name="office"),
    path("offices/<slug:code>/events/", events.office_events, name="office-events"),
    path("events/", events.events, name="events"),
    path("events/<int:pk>/", events.event_page, name="event"),
    path("events/<int:pk>/registered/", events.event_registered, name="event-registered"),
    path("events/cancel/<str:token>/", events.event_cancel, name="event-cancel"),
    path("map/", reports_map.map_page, name="map"),
    path("answer/<str:token>/", answers.answer_info_request, name="answer-info-request"),
    path("follow/", follow.follow_start, name="follow"),
    path("follow/<str:token>/", follow.follow_report, name="follow-report"),
    path("follow/<str:token>/rate/", follow.follow_rate, name="follow-rate-form"),
    path("follow/<str:token>/rate/<int:score>/", follow.follow_rate, name="follow-rate"),
    path("follow/<str:token>/not-solved/", follow.follow_not_solved, name="follow-not-solved"),
    path("follow/<str:token>/questions/<int:pk>/", follow.follow_answer, name="follow-answer"),
    path("follow/<str:token>/photos/<int:pk>/", follow.follow_photo, name="follow-photo"),
    path(
        "follow/<str:token>/photos/<int:pk>/<slug:size>/",
        follow.follow_photo,
        name="follow-photo-size",
    ),
    path("streets/", streets.street_search, name="public-street-search"),
    path("streets/nearest/", streets.street_nearest, name="public-street-nearest"),
]
