"""/open311/v2/: the GeoReport v2 endpoints, each in .xml and .json."""

from django.urls import path, re_path

from lisa.open311 import media, reads, updates, views, writes

FORMAT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    path("", views.discovery, {"fmt": "json"}, name="open311-root"),
    re_path(r"^discovery" + FORMAT, views.discovery, name="open311-discovery"),
    re_path(r"^services" + FORMAT, views.services, name="open311-services"),
    re_path(r"^services/(?P<code>[\w-]+)" + FORMAT, views.service_detail, name="open311-service"),
    # GET lists (reads.py), POST creates (writes.post_request, with an API key).
    re_path(r"^requests" + FORMAT, reads.requests_endpoint, name="open311-requests"),
    re_path(
        r"^requests/(?P<service_request_id>[\w-]+)" + FORMAT,
        reads.request_detail,
        name="open311-request",
    ),
    re_path(
        r"^requests/(?P<service_request_id>[\w-]+)/photos/(?P<pk>\d+)$",
        media.photo,
        name="open311-photo",
    ),
    # FixMyStreet's extension: GET the public updates, POST a resident's (updates.py).
    re_path(r"^servicerequestupdates" + FORMAT, updates.updates_endpoint, name="open311-updates"),
    re_path(r"^tokens/(?P<token>[\w-]+)" + FORMAT, writes.token, name="open311-token"),
]
