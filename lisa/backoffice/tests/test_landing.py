"""After signing in, each person lands on the work of their role."""

import pytest
from django.http import HttpResponse
from django.urls import include, path

from lisa.backoffice import urls as backoffice_urls

pytestmark = pytest.mark.django_db


def _desk(request):
    return HttpResponse("desk")


def _backoffice(with_desk: bool):
    patterns = [p for p in backoffice_urls.urlpatterns if getattr(p, "name", None) != "desk"]
    if with_desk:
        patterns.append(path("desk/", _desk, name="desk"))
    return [path("staff/", include((patterns, "backoffice")))]


class WithDesk:
    urlpatterns = _backoffice(with_desk=True)


class WithoutDesk:
    urlpatterns = _backoffice(with_desk=False)


def test_a_front_desk_agent_lands_on_the_desk(client, alice, settings):
    settings.ROOT_URLCONF = WithDesk
    client.force_login(alice)

    assert client.get("/staff/")["Location"] == "/staff/desk/"


def test_a_front_desk_agent_lands_on_the_queue_while_there_is_no_desk(client, alice, settings):
    settings.ROOT_URLCONF = WithoutDesk
    client.force_login(alice)

    assert client.get("/staff/")["Location"] == "/staff/queue/"


def test_a_front_desk_agent_lands_on_a_page_that_exists(client, alice):
    client.force_login(alice)

    landing = client.get("/staff/", follow=True)

    assert landing.status_code == 200


def test_a_partner_lands_on_the_queue(client, bob):
    client.force_login(bob)

    assert client.get("/staff/")["Location"] == "/staff/queue/"
