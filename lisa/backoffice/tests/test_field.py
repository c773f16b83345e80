"""Field reports through HTTP: a position or a street, a photo, routed like any report."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from lisa.reports.models import Attachment, Channel, Report
from lisa.testing.personas import VAILLANCE, organisation

pytestmark = pytest.mark.django_db

FIELD = reverse("backoffice:field")


def phone_photo() -> bytes:
    """Return a small JPEG as a phone takes it: with its model and GPS position in EXIF."""
    image = Image.new("RGB", (96, 64), (90, 140, 60))
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Field phone"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (50.0, 50.0, 8.76),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (4.0, 18.0, 23.6),
        }
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def bulky(**overrides):
    data = {
        "lat": str(VAILLANCE[0]),
        "lon": str(VAILLANCE[1]),
        "category": "",
        "description": "Un divan abandonné sur le trottoir.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def bulky_id(db) -> int:
    from lisa.reports.models import Category

    return Category.objects.get(code="dumping-bulky").pk


def test_staff_report_from_the_street_with_a_photo_whose_position_is_removed(
    client, carol, bulky_id
):
    client.force_login(carol)
    photo = SimpleUploadedFile("IMG_0042.jpg", phone_photo(), content_type="image/jpeg")

    response = client.post(FIELD, bulky(category=bulky_id, photo=photo))

    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:receipt", args=[report.reference])
    assert (report.channel, report.created_by) == (Channel.FIELD, carol)
    assert (report.lat, report.lon) == VAILLANCE
    assert report.address == "Place de la Vaillance, Anderlecht"  # the nearest street
    # routed by the rules, not to the reporter's own organisation
    assert report.organisation == organisation("anderlecht-cleanliness")
    attachment = Attachment.objects.get(report=report)
    assert not attachment.is_public
    with attachment.file.open("rb") as stored:
        exif = Image.open(stored).getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Model not in exif


def test_the_confirmation_says_where_the_field_report_went(client, carol, bulky_id):
    client.force_login(carol)
    client.post(FIELD, bulky(category=bulky_id))
    report = Report.objects.get()

    page = client.get(reverse("backoffice:receipt", args=[report.reference])).content.decode()

    assert report.reference in page
    assert "Anderlecht – Propreté publique" in page
    assert reverse("backoffice:field") in page  # another field report


def test_a_typed_street_places_the_report_without_a_position(client, carol, bulky_id):
    client.force_login(carol)

    client.post(FIELD, bulky(lat="", lon="", street="dapperheidsplein 3", category=bulky_id))

    report = Report.objects.get()
    assert (report.lat, report.lon) == VAILLANCE
    assert report.address == "Dapperheidsplein 3, Anderlecht"


def test_it_needs_a_position_or_a_street(client, carol, bulky_id):
    client.force_login(carol)

    response = client.post(FIELD, bulky(lat="", lon="", category=bulky_id))

    assert response.status_code == 400
    assert "Utilisez votre position ou tapez la rue." in response.content.decode()
    assert not Report.objects.exists()


def test_a_refused_photo_leaves_no_report_and_keeps_what_was_typed(client, carol, bulky_id):
    client.force_login(carol)
    not_a_photo = SimpleUploadedFile("notes.jpg", b"plain text, not a JPEG", "image/jpeg")

    response = client.post(FIELD, bulky(category=bulky_id, photo=not_a_photo))

    page = response.content.decode()
    assert response.status_code == 400
    assert not Report.objects.exists()
    assert not Attachment.objects.exists()
    assert "Un divan abandonné sur le trottoir." in page
    assert "Choisissez à nouveau la photo" in page
    assert f'value="{VAILLANCE[0]}"' in page


def test_an_analyst_cannot_report_from_the_field(client, dave):
    # an analyst works for no organisation: no field reports
    client.force_login(dave)

    assert client.get(FIELD).status_code == 403
