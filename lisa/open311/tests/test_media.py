"""media_url: the link a client sends with a report, and the public photo a client may show."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from lisa.open311.keys import api_key_create
from lisa.reports.actions import attachment_add
from lisa.reports.models import Activity, ActivityKind, Category, Report
from lisa.testing.personas import VAILLANCE

pytestmark = pytest.mark.django_db

LINK = "https://fms.example.org/photo/1234.full.jpeg"


@pytest.fixture
def key() -> str:
    return api_key_create(name="FixMyStreet demo", scopes=["read", "write"]).key


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def sent(client: Client, key: str, **overrides) -> Report:
    fields = {
        "api_key": key,
        "service_code": "dumping-bulky",
        "lat": str(VAILLANCE[0]),
        "long": str(VAILLANCE[1]),
        "description": "Un matelas abandonné.",
        "email": "amina.demo@example.org",
        "media_url": LINK,
        **overrides,
    }
    response = client.post("/open311/v2/requests.json", fields)
    assert response.status_code == 201, response.content
    return Report.objects.get(reference=response.json()[0]["service_request_id"])


def media_url(client: Client, report: Report, fmt: str = "json") -> str:
    response = client.get(f"/open311/v2/requests/{report.reference}.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        return response.json()[0]["media_url"]
    return response.content.decode()


def test_the_link_sent_with_a_report_is_kept_and_given_back(client: Client, key: str):
    report = sent(client, key)

    (kept,) = Activity.objects.filter(report=report, kind=ActivityKind.RESIDENT_UPDATE)
    assert kept.data["link"] == LINK
    assert kept.data["text"] == ""
    assert media_url(client, report) == LINK
    assert f"<media_url>{LINK}</media_url>" in media_url(client, report, "xml")
    listed = client.get("/open311/v2/requests.json").json()
    assert [request["media_url"] for request in listed] == [LINK]


def test_a_report_without_photo_nor_link_has_an_empty_media_url(client: Client, key: str):
    report = sent(client, key, media_url="")

    assert media_url(client, report) == ""
    assert not Activity.objects.filter(report=report).exists()


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "ftp://fms.example.org/a.jpeg", "http://", LINK + "x" * 500],
)
def test_a_bad_link_refuses_the_report_and_writes_nothing(client: Client, key: str, link: str):
    response = client.post(
        "/open311/v2/requests.xml",
        {
            "api_key": key,
            "service_code": "dumping-bulky",
            "lat": str(VAILLANCE[0]),
            "long": str(VAILLANCE[1]),
            "description": "Un matelas.",
            "media_url": link,
        },
    )

    assert response.status_code == 400
    assert b"<errors><error><code>400</code>" in response.content
    assert not Report.objects.exists()


def test_a_public_photo_comes_first_and_is_served_without_a_follow_link(
    client: Client, key: str, bob, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = sent(client, key)
    hidden = attachment_add(report=report, data=jpeg(), filename="a.jpg", by=bob)
    assert media_url(client, report) == LINK  # a photo staff have not checked is not shown

    shown = attachment_add(report=report, data=jpeg(), filename="b.jpg", by=bob, is_public=True)
    url = media_url(client, report)

    assert url == f"http://testserver/open311/v2/requests/{report.reference}/photos/{shown.pk}"
    photo = client.get(url)
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert photo.getvalue()[:2] == b"\xff\xd8"
    assert photo["Access-Control-Allow-Origin"] == "*"
    hidden_url = f"/open311/v2/requests/{report.reference}/photos/{hidden.pk}"
    assert client.get(hidden_url).status_code == 404


def test_a_photo_of_a_private_report_or_another_report_is_not_found(
    client: Client, key: str, bob, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = sent(client, key)
    second = sent(client, key)
    shown = attachment_add(report=first, data=jpeg(), filename="b.jpg", by=bob, is_public=True)

    assert (
        client.get(f"/open311/v2/requests/{second.reference}/photos/{shown.pk}").status_code == 404
    )
    Category.objects.filter(code="dumping-bulky").update(is_private=True)
    assert (
        client.get(f"/open311/v2/requests/{first.reference}/photos/{shown.pk}").status_code == 404
    )
