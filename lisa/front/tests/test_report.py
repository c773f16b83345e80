"""Report a problem on the public site, through HTTP: the form, the place, photos, "me too",
the reference and the e-mail with the follow link."""

from __future__ import annotations

import io
import re
import struct
import zlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from lisa.errors import LisaError
from lisa.front import uploads
from lisa.lib.images import gps_position
from lisa.reports.actions import (
    ReporterDetails,
    hash_token,
    report_create,
    report_support,
    report_transition,
)
from lisa.reports.models import Activity, Attachment, Category, Channel, Report, Reporter
from lisa.reports.public import similar_reports
from lisa.testing.smtp import Inbox, body_of

pytestmark = pytest.mark.django_db

# The Place de la Vaillance in Anderlecht, as a phone writes it in a photo's EXIF data.
VAILLANCE = (50.835767, 4.306556)
VAILLANCE_DMS = ((50.0, 50.0, 8.76), (4.0, 18.0, 23.6))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Photos, kept or stored, go to a folder of the test's own.
    settings.MEDIA_ROOT = tmp_path / "media"


def phone_photo(
    *, gps: bool = True, size: tuple[int, int] = (1600, 1200), detailed: bool = False
) -> bytes:
    """A JPEG with EXIF data as a phone writes it; `detailed` makes it as heavy as a photo."""
    image = Image.new("RGB", size, (120, 90, 60))
    if detailed:
        noise = Image.effect_noise(size, 24)
        image = Image.merge("RGB", [noise, noise.rotate(180), noise])
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"  # Make
    if gps:
        ifd = exif.get_ifd(0x8825)
        ifd[1], ifd[2], ifd[3], ifd[4] = "N", VAILLANCE_DMS[0], "E", VAILLANCE_DMS[1]
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def decompression_bomb() -> bytes:
    """A small PNG whose header announces 40,000 × 40,000 pixels."""
    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    header = struct.pack(">II", 40_000, 40_000) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def found(pattern: str, text: str) -> re.Match[str]:
    match = re.search(pattern, text)
    assert match is not None, pattern
    return match


def category(code: str) -> Category:
    return Category.objects.get(code=code)


def form(**overrides: Any) -> dict[str, Any]:
    """A report of bulky waste in a neighbourhood street, placed by a pin at the Vaillance."""
    bulky = category("dumping-bulky")
    data = {
        "category": bulky.parent_id,
        "subcategory": bulky.pk,
        "q_road": "municipal",
        "lat": f"{VAILLANCE[0]}",
        "lon": f"{VAILLANCE[1]}",
        "description": "Een matras en twee stoelen op de stoep.",
        "photo_token": uploads.new_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_offers_each_general_category_with_its_icon_in_the_pages_language(
    client: Client,
):
    response = client.get("/nl/report/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert "Sluikstorten" in page or "sluikstort" in page.lower()
    assert (
        page.count('class="category-card"')
        == Category.objects.filter(parent=None, is_active=True).count()
    )
    assert "lisa/icons/dumping" in page
    assert "Kunt u de kaart niet gebruiken? Typ het adres" in page
    assert found(r'name="photo_token" value="[A-Za-z0-9_-]{32}"', page)


def test_a_resident_reports_illegal_dumping_in_anderlecht_in_dutch_with_a_phone_photo(
    client: Client, django_capture_on_commit_callbacks, smtp_server: Inbox
):
    photo = phone_photo()
    assert gps_position(photo) == pytest.approx(VAILLANCE, abs=1e-5)
    data = form(lat=None, lon=None, email="resident@example.org", consent="on", name="Jan")
    data["photos"] = SimpleUploadedFile("IMG_0042.jpg", photo, content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/nl/report/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/nl/report/done/"

    report = Report.objects.get()
    assert report.channel == Channel.WEB
    assert report.language == "nl"
    assert report.category.code == "dumping-bulky"
    assert report.attributes == {"road": "municipal"}
    assert report.municipality.name_nl == "Anderlecht"
    # the place came from the photo's EXIF data, read before it was removed
    assert (report.lat, report.lon) == pytest.approx(VAILLANCE, abs=1e-5)
    attachment = Attachment.objects.get(report=report)
    stored = attachment.file.read()
    assert gps_position(stored) is None
    assert b"DemoPhone" not in stored
    assert b"Exif" not in stored
    assert attachment.thumbnail
    assert not attachment.is_public

    done = client.get(response["Location"])
    page = done.content.decode()
    assert report.reference in page
    token = found(r"/nl/follow/([A-Za-z0-9_-]+)/", page)[1]
    reporter = Reporter.objects.get(report=report)
    assert reporter.follow_token_hash == hash_token(token)
    assert token not in reporter.follow_token_hash
    assert reporter.language == "nl"
    assert reporter.consents_to_contact

    mail = smtp_server.wait_for(1)[0]
    assert mail["To"] == "resident@example.org"
    assert mail["Subject"] == f"Uw melding {report.reference}"
    body = body_of(mail)
    assert f"/nl/follow/{token}/" in body
    assert "Volg" in body


def iphone_photo() -> bytes:
    """A HEIC photo as an iPhone takes it, with its position in the EXIF data."""
    exif = Image.open(io.BytesIO(phone_photo())).getexif()
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (90, 120, 60)).save(buffer, "HEIF", exif=exif.tobytes())
    return buffer.getvalue()


def test_an_iphone_photo_in_heic_is_placed_cleaned_and_kept_as_jpeg(client: Client):
    photo = iphone_photo()
    assert photo[4:12] == b"ftypheic"
    data = form(lat=None, lon=None)
    # Named as a phone may name it: LISA goes by the content, not the name.
    data["photos"] = SimpleUploadedFile("IMG_0043.HEIC", photo, content_type="image/heic")
    response = client.post("/fr/report/", data)
    assert response.status_code == 302, response.content.decode()[:3000]

    report = Report.objects.get()
    assert (report.lat, report.lon) == pytest.approx(VAILLANCE, abs=1e-5)
    stored = Attachment.objects.get(report=report).file.read()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (1200, 900)
    assert gps_position(stored) is None
    assert b"DemoPhone" not in stored


def test_an_anonymous_resident_gets_a_follow_link_and_no_e_mail(
    client: Client, django_capture_on_commit_callbacks, smtp_server: Inbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/report/", form(description="Un matelas sur le trottoir."))
    assert response.status_code == 302
    reporter = Reporter.objects.get()
    assert (reporter.name, reporter.email, reporter.phone) == ("", "", "")
    assert not reporter.consents_to_contact
    assert reporter.follow_token_hash
    page = client.get("/fr/report/done/").content.decode()
    assert "/fr/follow/" in page
    assert smtp_server.wait_for(1, timeout=0.3) == []


def test_a_resident_types_the_address_instead_of_using_the_map(client: Client):
    response = client.post(
        "/fr/report/",
        form(lat="", lon="", street="Place de la Vaillance", number="12", description="Sacs."),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.objects.get()
    assert report.address == "Place de la Vaillance 12, Anderlecht"
    assert report.municipality.name_fr == "Anderlecht"


def test_an_ambiguous_street_is_answered_with_the_streets_to_choose_from(client: Client):
    response = client.post("/fr/report/", form(lat="", lon="", street="Rue de la Station"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Plusieurs rues" in page
    assert page.count('name="street_choice"') > 1
    choice = found(r'name="street_choice" value="([^"]+)"', page)[1]
    chosen = client.post(
        "/fr/report/", form(lat="", lon="", street="Rue de la Station", street_choice=choice)
    )
    assert chosen.status_code == 302
    assert Report.objects.get().address.startswith(choice.split(" (")[0])


def test_an_unknown_street_is_answered_clearly_and_nothing_is_lost(client: Client):
    response = client.post(
        "/nl/report/", form(lat="", lon="", street="Nergensstraat", description="Zakken.")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nergensstraat" in page
    assert "Zakken." in page
    assert not Report.objects.exists()


def test_a_point_at_sea_is_refused_with_a_message_naming_the_region(client: Client):
    response = client.post("/nl/report/", form(lat="51.35", lon="2.70"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Brussels Hoofdstedelijk Gewest" in page
    assert "Een matras en twee stoelen op de stoep." in page
    assert 'value="51.35"' in page
    assert not Report.objects.exists()


def test_a_pin_outside_the_region_is_refused_beside_the_map_not_under_the_address(
    client: Client,
):
    page = client.post("/fr/report/", form(lat="50.9500", lon="4.0400")).content.decode()
    place = found(r'<div class="place-errors" id="report-place"[^>]*>(.*?)</div>', page)[1]
    assert "en dehors de la Région de Bruxelles-Capitale" in place
    summary = found(r'(?s)<div class="error-summary".*?</div>', page)[0]
    assert 'href="#report-place"' in summary
    # Nothing says the place is marked, and the address the resident did not use is not wrong.
    assert found(r'<p class="position-status"[^>]*>(.*?)</p>', page)[1] == ""
    assert 'id="report-street-error"' not in page
    street = found(r'<input id="report-street"[^>]*>', page)[0]
    assert "aria-invalid" not in street
    assert page.index('id="report-place"') < page.index('class="type-address"')


def test_an_unknown_typed_street_still_gets_its_error_under_the_address(client: Client):
    page = client.post("/fr/report/", form(lat="", lon="", street="Nergensstraat")).content
    text = page.decode()
    assert 'id="report-street-error"' in text
    assert found(r'<div class="place-errors" id="report-place"[^>]*>(.*?)</div>', text)[1] == ""


def test_an_empty_description_is_asked_for_in_the_pages_language_and_the_rest_is_kept(
    client: Client,
):
    data = form(description="  ", email="jan@example.org", consent="on")
    data["photos"] = SimpleUploadedFile("IMG_1.jpg", phone_photo(), content_type="image/jpeg")
    response = client.post("/nl/report/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Gelieve het probleem te beschrijven." in page
    assert 'value="jan@example.org"' in page
    assert "IMG_1.jpg" in page  # the photo waits on the server
    token = found(r'name="photo_token" value="([^"]+)"', page)[1]
    thumbnail = found(r'src="(/nl/report/photo/[^"]+)"', page)[1]
    assert client.get(thumbnail)["Content-Type"] == "image/jpeg"

    # sent again with a description and no file: the photo kept is the report's
    response = client.post("/nl/report/", form(description="Matras.", photo_token=token))
    assert response.status_code == 302
    assert Attachment.objects.filter(report=Report.objects.get()).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("groot.jpg", b"\xff\xd8\xff" + b"0" * (30 * 1024 * 1024), "groter dan 10 MB"),
        ("brief.jpg", b"Dit is geen foto, maar een brief.\n" * 20, "geen foto die LISA aanvaardt"),
        ("bom.png", decompression_bomb(), "te veel pixels"),
    ],
    ids=["30 MB", "text renamed .jpg", "decompression bomb"],
)
def test_a_photo_lisa_refuses_is_answered_in_the_pages_language_and_nothing_is_lost(
    client: Client, name: str, content: bytes, message: str
):
    data = form()
    data["photos"] = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post("/nl/report/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert name in page
    assert "Een matras en twee stoelen op de stoep." in page
    assert f'value="{VAILLANCE[0]}"' in page
    assert not Report.objects.exists()


def test_contact_details_without_consent_are_not_kept(client: Client):
    response = client.post("/fr/report/", form(email="x@example.org"))
    assert response.status_code == 400
    assert "Cochez la case" in response.content.decode()


def existing_report(**kwargs: Any) -> Report:
    bulky = category("dumping-bulky")
    return report_create(
        category=bulky,
        lat=VAILLANCE[0] + 0.0002,  # about 22 m north
        lon=VAILLANCE[1],
        description="Encombrants devant le 10.",
        channel=Channel.DESK,
        **kwargs,
    ).report


def test_similar_reports_nearby_are_shown_before_sending_and_a_resident_adds_their_voice(
    client: Client, django_capture_on_commit_callbacks, smtp_server: Inbox
):
    earlier = existing_report()
    response = client.post("/fr/report/", form(email="moi@example.org", consent="on"))
    assert response.status_code == 200
    page = response.content.decode()
    assert earlier.reference in page
    assert "22 m" in page
    assert not Report.objects.exclude(pk=earlier.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/report/", form(email="moi@example.org", consent="on", support=earlier.reference)
        )
    assert response.status_code == 302
    assert Report.objects.count() == 1
    supporter = Reporter.objects.get(report=earlier, role="supporter")
    assert supporter.email == "moi@example.org"
    assert supporter.language == "fr"
    assert Activity.objects.filter(report=earlier, kind="supporter_joined", by=None).exists()
    page = client.get("/fr/report/done/").content.decode()
    assert earlier.reference in page
    token = found(r"/fr/follow/([A-Za-z0-9_-]+)/", page)[1]
    assert supporter.follow_token_hash == hash_token(token)
    mail = smtp_server.wait_for(1)[0]
    assert f"/fr/follow/{token}/" in body_of(mail)


def test_a_resident_sends_their_own_report_when_the_nearby_one_is_another_problem(
    client: Client,
):
    earlier = existing_report()
    response = client.post("/fr/report/", form(confirm_new="1"))
    assert response.status_code == 302
    assert Report.objects.exclude(pk=earlier.pk).count() == 1


def test_similar_reports_are_of_the_same_category_close_by_and_open_or_lately_closed():
    earlier = existing_report()
    bulky = earlier.category
    assert [
        n.report for n in similar_reports(category=bulky, lat=VAILLANCE[0], lon=VAILLANCE[1])
    ] == [earlier]
    # 100 m away: too far
    assert similar_reports(category=bulky, lat=VAILLANCE[0] + 0.0011, lon=VAILLANCE[1]) == []
    # another kind of problem
    assert (
        similar_reports(category=category("dumping-bags"), lat=VAILLANCE[0], lon=VAILLANCE[1]) == []
    )
    # a rejected report stands for no problem
    report_transition(report=earlier, to_status="rejected", by=None, reason="test")
    assert similar_reports(category=bulky, lat=VAILLANCE[0], lon=VAILLANCE[1]) == []


def test_reports_of_private_categories_are_never_offered_to_join(client: Client):
    noise = category("noise-neighbours")
    report_create(
        category=noise, lat=VAILLANCE[0], lon=VAILLANCE[1], description="Bruit.", channel="desk"
    )
    assert similar_reports(category=noise, lat=VAILLANCE[0], lon=VAILLANCE[1]) == []


def test_the_report_form_is_rate_limited(client: Client, settings):
    settings.LISA_RATE_LIMITS = {**settings.LISA_RATE_LIMITS, "report": "1/h"}
    client.post("/fr/report/", form(description=""))
    assert client.post("/fr/report/", form(description="")).status_code == 429


def test_a_resident_cannot_join_a_closed_report_or_one_of_a_private_category():
    earlier = existing_report()
    report_transition(report=earlier, to_status="rejected", by=None, reason="test")
    with pytest.raises(LisaError) as refused:
        report_support(report=earlier, reporter=ReporterDetails(language="nl"))
    assert refused.value.code == "cannot_support"
    dispute = report_create(
        category=category("noise-neighbours"),
        lat=VAILLANCE[0],
        lon=VAILLANCE[1],
        description="Bruit.",
        channel="desk",
    ).report
    with pytest.raises(LisaError):
        report_support(report=dispute, reporter=ReporterDetails())
    assert not Reporter.objects.filter(role="supporter").exists()


def test_photos_sent_ahead_by_the_forms_script_are_kept_for_the_report(client: Client):
    token = uploads.new_token()
    answer = client.post(
        "/nl/report/photos/",
        {
            "photo_token": token,
            "photos": [
                SimpleUploadedFile("IMG_7.jpg", phone_photo(), content_type="image/jpeg"),
                SimpleUploadedFile("brief.jpg", b"Geen foto.", content_type="image/jpeg"),
            ],
        },
    )
    assert answer.status_code == 400
    kept = answer.json()
    assert [photo["name"] for photo in kept["photos"]] == ["IMG_7.jpg"]
    assert kept["photos"][0]["lat"] == pytest.approx(VAILLANCE[0], abs=1e-5)
    assert "geen foto die LISA aanvaardt" in kept["errors"][0]
    assert client.get(kept["photos"][0]["thumbnail"]).status_code == 200

    response = client.post("/nl/report/", form(photo_token=token))
    assert response.status_code == 302
    assert Attachment.objects.filter(report=Report.objects.get()).count() == 1


def test_photos_sent_ahead_need_the_forms_token(client: Client):
    answer = client.post("/nl/report/photos/", {"photo_token": "../../etc"})
    assert answer.status_code == 400
