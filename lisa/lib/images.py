"""Photos from phones and cameras: recognised by content, cleaned, resized, with a thumbnail.

Residents' and staff's photos carry EXIF data (GPS position, device, time). Re-encoding the
pixels alone drops all of it. HEIC, the default format of iPhones, is opened through
pillow-heif and stored as JPEG, which every browser shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC support is optional at import time so that a broken wheel does not stop LISA.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2048
THUMBNAIL_SIDE = 320
# Pillow refuses images above this many pixels (a decompression bomb): 50 megapixels covers
# every phone camera.
Image.MAX_IMAGE_PIXELS = 50_000_000

ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "HEIF": "image/heic"}


class ImageRefused(ValueError):
    """The file is not a photo LISA accepts; `code` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CleanImage:
    content_type: str
    extension: str
    data: bytes
    thumbnail: bytes
    width: int
    height: int


def clean_image(data: bytes) -> CleanImage:
    """Return the photo re-encoded without metadata, at most MAX_SIDE wide, and a thumbnail.

    Raise ImageRefused("too_large" | "not_an_image" | "unsupported_format" | "too_many_pixels").
    """
    if len(data) > MAX_BYTES:
        raise ImageRefused("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format or ""
            probe.verify()
        if kind not in ACCEPTED:
            raise ImageRefused("unsupported_format")
        with Image.open(io.BytesIO(data)) as opened:
            # A phone's 12-megapixel JPEG is decoded at half or a quarter of its size straight
            # away (JPEG's own scaling, several times faster than decoding it whole and
            # shrinking it), never below half of MAX_SIDE on either side.
            opened.draft("RGB", (MAX_SIDE // 2, MAX_SIDE // 2))
            image = ImageOps.exif_transpose(opened)
            image.load()
    except Image.DecompressionBombError:
        raise ImageRefused("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ImageRefused("not_an_image") from None
    keep_alpha = kind in {"PNG", "WEBP"} and image.mode in {"RGBA", "LA", "P"}
    image = image.convert("RGBA" if keep_alpha else "RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out_format, content_type, extension = (
        ("PNG", "image/png", ".png") if keep_alpha else ("JPEG", "image/jpeg", ".jpg")
    )
    main = _encode(image, out_format)
    thumb = image.copy()
    thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return CleanImage(
        content_type=content_type,
        extension=extension,
        data=main,
        thumbnail=_encode(thumb, out_format),
        width=image.width,
        height=image.height,
    )


def _encode(image: Image.Image, out_format: str) -> bytes:
    buffer = io.BytesIO()
    if out_format == "JPEG":
        # No optimize=True: it saves a few per cent of the bytes and takes four times as long,
        # in the resident's request.
        image.save(buffer, "JPEG", quality=85)
    else:
        image.save(buffer, out_format, optimize=True)
    return buffer.getvalue()


def is_pdf(data: bytes) -> bool:
    return data[:5] == b"%PDF-"


_GPS_IFD = 0x8825
_GPS_LATITUDE_REF, _GPS_LATITUDE, _GPS_LONGITUDE_REF, _GPS_LONGITUDE = 1, 2, 3, 4


def gps_position(data: bytes) -> tuple[float, float] | None:
    """Return the (latitude, longitude) a phone wrote in the photo's EXIF data, if any.

    Read before `clean_image` drops the metadata: a resident's geotagged photo can place
    their report. Anything unreadable is no position.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            gps = image.getexif().get_ifd(_GPS_IFD)
    except (Image.DecompressionBombError, UnidentifiedImageError, OSError, SyntaxError):
        return None
    try:
        lat = _degrees(gps[_GPS_LATITUDE], gps.get(_GPS_LATITUDE_REF, "N"), "S")
        lon = _degrees(gps[_GPS_LONGITUDE], gps.get(_GPS_LONGITUDE_REF, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return lat, lon


def _degrees(value: object, ref: object, negative: str) -> float:
    degrees, minutes, seconds = (float(part) for part in value)  # type: ignore[attr-defined]
    result = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, bytes):
        ref = ref.decode(errors="ignore")
    return -result if str(ref).strip().upper() == negative else result
