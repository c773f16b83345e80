"""Time a resident's report sent through the public form, server side, on a large database.

Each submission goes through the whole view and its middleware, in process (Django's test
client, so no network): the rate limit, the photo (cleaned, EXIF removed, resized, kept
server-side, then stored on the report), the street resolved or the point located, the
similar reports nearby (the grid index), routing, the insert of the report, its reporter and
history, and the redirect. Points are taken near existing reports, in their category, so that
the similar-reports query has candidates to look at; the form confirms "another problem" so
that every submission makes a report.

    createdb -h 127.0.0.1 -U postgres -T lisa_bench lisa_bench_report
    export DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/lisa_bench_report
    .venv/bin/python manage.py migrate --no-input
    .venv/bin/python bench/report_submit.py --submissions 200

It writes reports into the database it is given: use a copy.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisa.settings")
    # The photos go to a scratch folder, not to the media of the installation.
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="lisa-bench-media-")
    import django

    django.setup()

import argparse
import io
import random
import shutil
import statistics
import time
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.test.utils import CaptureQueriesContext
from PIL import Image

from lisa.geo.locator import get_locator
from lisa.lib.images import clean_image
from lisa.reports.models import Category, Report
from lisa.reports.public import similar_reports


def phone_photo(width: int, height: int) -> bytes:
    """A JPEG with a camera's EXIF block and a GPS position, as phones write them.

    Gradients under fine noise: about the bytes per pixel of a street photo (pure noise would
    be twice as large and slower to decode than any photo).
    """
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 24)
    bands = [
        Image.blend(gradient, noise, 0.35),
        Image.blend(gradient.rotate(180), noise, 0.3),
        Image.blend(
            gradient.transpose(Image.Transpose.ROTATE_90).resize((width, height)), noise, 0.3
        ),
    ]
    image = Image.merge("RGB", bands)
    exif = Image.Exif()
    exif[0x010F] = "BenchPhone"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (50.0, 50.0, 8.76), "E", (4.0, 18.0, 23.6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--photo", default="1600x1200", help="WIDTHxHEIGHT of the photo")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-photo", action="store_true", help="submissions without a photo")
    parser.add_argument(
        "--ahead",
        action="store_true",
        help="send the photo ahead to /report/photos/ (as the form's script does), timed apart",
    )
    options = parser.parse_args()
    settings.LISA_RATE_LIMITS = dict.fromkeys(settings.LISA_RATE_LIMITS, "100000000/h")
    call_command("createcachetable", verbosity=0)
    get_locator()  # built at start-up by a server process (lisa/wsgi.py)

    rng = random.Random(options.seed)
    total = Report.objects.count()
    top = {c.pk: c for c in Category.objects.filter(parent=None, is_active=True)}
    categories = {c.pk: c for c in Category.objects.filter(is_active=True)}
    # Existing reports to report again near: a random sample by id, public categories.
    highest = Report.objects.order_by("-id").values_list("id", flat=True).first() or 0
    wanted = options.submissions + options.warmup
    ids = rng.sample(range(1, highest + 1), min(highest, 5 * wanted))
    seeds = list(
        Report.objects.filter(id__in=ids, category__is_private=False).values_list(
            "category_id", "lat", "lon"
        )
    )[:wanted]
    width, height = (int(side) for side in options.photo.split("x"))
    photo = phone_photo(width, height)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{total:,} reports; {len(seeds)} submissions ({options.warmup} warm-up), "
        + ("no photo" if options.no_photo else f"one photo of {width}x{height} ")
        + ("" if options.no_photo else f"({len(photo) // 1024} kB)")
        + (" sent ahead" if options.ahead else "")
        + f" each; database {connection.vendor}"
    )

    client = Client(HTTP_HOST="127.0.0.1")
    times: list[float] = []
    photo_ms: list[float] = []
    similar_ms: list[float] = []
    found = 0
    queries = 0
    for index, (category_id, lat, lon) in enumerate(seeds):
        category = categories[category_id]
        parent = category.parent_id or category.pk
        # About 20 m from the existing report, in a random direction.
        lat += rng.uniform(-0.00018, 0.00018)
        lon += rng.uniform(-0.00028, 0.00028)
        data: dict[str, Any] = {
            "category": parent,
            "subcategory": category.pk if category.parent_id else "",
            "lat": f"{lat:.6f}",
            "lon": f"{lon:.6f}",
            "description": "Encombrants déposés sur le trottoir (banc d'essai).",
            "photo_token": f"bench{index:04d}" + "x" * 24,
            "confirm_new": "1",
        }
        upload = SimpleUploadedFile("IMG_0001.jpg", photo, content_type="image/jpeg")
        if options.ahead and not options.no_photo:
            body = encode_multipart(
                BOUNDARY, {"photo_token": data["photo_token"], "photos": upload}
            )
            started = time.perf_counter()
            sent = client.generic("POST", "/fr/report/photos/", body, MULTIPART_CONTENT)
            ahead = (time.perf_counter() - started) * 1000
            if sent.status_code != 200:
                raise SystemExit(f"photo {index} refused ({sent.status_code})")
            if index >= options.warmup:
                photo_ms.append(ahead)
        elif not options.no_photo:
            data["photos"] = upload
        for question in category.all_questions():
            if question.get("required") or question["code"] == "road":
                data[f"q_{question['code']}"] = question["choices"][0]["code"]
        # Encoded before the clock starts: what is timed is the server's work on the request.
        body = encode_multipart(BOUNDARY, data)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.generic("POST", "/fr/report/", body, MULTIPART_CONTENT)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 302:
            raise SystemExit(f"submission {index} refused ({response.status_code}): {data}")
        started = time.perf_counter()
        nearby = similar_reports(category=category, lat=lat, lon=lon)
        similar = (time.perf_counter() - started) * 1000
        if index >= options.warmup:
            times.append(elapsed)
            similar_ms.append(similar)
            found += bool(nearby)
            if not options.no_photo and not options.ahead:
                started = time.perf_counter()
                clean_image(photo)
                photo_ms.append((time.perf_counter() - started) * 1000)
            queries = max(queries, len(captured))
        assert top  # every submission chose a general category

    print(
        f"submission through the form view: p50 {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms "
        f"(at most {queries} queries)"
    )
    if photo_ms:
        what = (
            "the photo sent ahead, its own request"
            if options.ahead
            else "of which the photo's cleaning alone (clean_image)"
        )
        print(
            f"{what}: "
            f"p50 {statistics.median(photo_ms):.1f} ms, p95 {percentile(photo_ms, 0.95):.1f} ms"
        )
    print(
        f"similar reports alone: p50 {statistics.median(similar_ms):.2f} ms, "
        f"p95 {percentile(similar_ms, 0.95):.2f} ms; {found} of {len(times)} points had some"
    )

    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
