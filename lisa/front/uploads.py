"""Photos a resident chose, kept while their report form comes back with a question or an error.

A browser never sends a chosen file twice, so each photo is cleaned (lisa.lib.images: EXIF and
GPS removed, resized, thumbnail) as soon as it arrives and kept in the storage under
`pending/<token>/`, where `token` is an unguessable value the form carries in a hidden field.
The next submission finds them there; the report takes them when it is made. Only cleaned
photos are kept: the original, with its position and camera data, is never written anywhere.
Leftovers of abandoned forms are removed by `manage.py purge_pending_uploads`.
"""

from __future__ import annotations

import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from lisa.errors import LisaError
from lisa.lib.images import MAX_BYTES, CleanImage, ImageRefused, clean_image, gps_position

PENDING_DIR = "pending"
MAX_PHOTOS = 5
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{24,64}$")
_KEY = re.compile(r"^[0-9a-f]{12}-[0-9a-f]{32}$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def valid_token(token: str) -> bool:
    return bool(_TOKEN.match(token or ""))


@dataclass(frozen=True)
class PendingPhoto:
    key: str
    name: str
    content_type: str
    extension: str
    lat: float | None = None
    lon: float | None = None

    @property
    def position(self) -> tuple[float, float] | None:
        return (self.lat, self.lon) if self.lat is not None and self.lon is not None else None


def _folder(token: str) -> str:
    if not valid_token(token):
        raise ValueError("not a pending-upload token")
    return f"{PENDING_DIR}/{token}"


def keep_photo(token: str, upload: UploadedFile) -> PendingPhoto:
    """Clean an uploaded photo and keep it for the form of `token`, or raise LisaError."""
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    if (upload.size or 0) > MAX_BYTES:
        raise LisaError(
            "file_too_large",
            _("The photo %(name)s is larger than %(max)s MB: choose a smaller one.")
            % {"name": name, "max": MAX_BYTES // (1024 * 1024)},
            field="photos",
        )
    data = upload.read()
    # The phone's position is read before clean_image drops it, and kept apart.
    position = gps_position(data)
    try:
        image = clean_image(data)
    except ImageRefused as refused:
        raise LisaError(
            f"image_{refused.code}", _refusal(refused.code, name), field="photos"
        ) from None
    # Keys sort in the order the photos arrived.
    key = f"{int(time.time() * 1000):012x}-{uuid.uuid4().hex}"
    folder = _folder(token)
    default_storage.save(f"{folder}/{key}{image.extension}", ContentFile(image.data))
    default_storage.save(f"{folder}/{key}.thumb{image.extension}", ContentFile(image.thumbnail))
    photo = PendingPhoto(
        key=key,
        name=name,
        content_type=image.content_type,
        extension=image.extension,
        lat=position[0] if position else None,
        lon=position[1] if position else None,
    )
    meta = {
        "name": photo.name,
        "content_type": photo.content_type,
        "extension": photo.extension,
        "lat": photo.lat,
        "lon": photo.lon,
    }
    default_storage.save(f"{folder}/{key}.json", ContentFile(json.dumps(meta).encode()))
    return photo


def _refusal(code: str, name: str) -> str:
    if code == "too_large":
        return _("The photo %(name)s is larger than %(max)s MB: choose a smaller one.") % {
            "name": name,
            "max": MAX_BYTES // (1024 * 1024),
        }
    if code == "too_many_pixels":
        return _(
            "The image %(name)s has too many pixels to be a photo: choose a photo taken with "
            "a phone or a camera."
        ) % {"name": name}
    return _(
        "The file %(name)s is not a photo LISA accepts: choose a JPEG, PNG, WebP or HEIC photo."
    ) % {"name": name}


def pending_photos(token: str) -> list[PendingPhoto]:
    """Return the photos kept for the form of `token`, in the order they arrived."""
    if not valid_token(token):
        return []
    folder = _folder(token)
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    photos = []
    for filename in sorted(f for f in files if f.endswith(".json")):
        key = filename.removesuffix(".json")
        if not _KEY.match(key):
            continue
        with default_storage.open(f"{folder}/{filename}") as handle:
            meta = json.loads(handle.read())
        photos.append(
            PendingPhoto(
                key=key,
                name=meta.get("name", ""),
                content_type=meta["content_type"],
                extension=meta["extension"],
                lat=meta.get("lat"),
                lon=meta.get("lon"),
            )
        )
    return photos


def pending_image(token: str, photo: PendingPhoto) -> CleanImage:
    """Return a kept photo, ready to store on a report."""
    folder = _folder(token)
    with default_storage.open(f"{folder}/{photo.key}{photo.extension}") as handle:
        data = handle.read()
    with default_storage.open(f"{folder}/{photo.key}.thumb{photo.extension}") as handle:
        thumbnail = handle.read()
    return CleanImage(
        content_type=photo.content_type,
        extension=photo.extension,
        data=data,
        thumbnail=thumbnail,
        width=0,
        height=0,
    )


def thumbnail_of(token: str, key: str) -> bytes | None:
    """Return the thumbnail of a kept photo (shown back in the form), or None."""
    if not _KEY.match(key or ""):
        return None
    for photo in pending_photos(token):
        if photo.key == key:
            folder = _folder(token)
            with default_storage.open(f"{folder}/{key}.thumb{photo.extension}") as handle:
                return bytes(handle.read())
    return None


def drop_photo(token: str, key: str) -> None:
    """Forget one kept photo (the resident removed it)."""
    if not valid_token(token) or not _KEY.match(key or ""):
        return
    folder = _folder(token)
    for photo in pending_photos(token):
        if photo.key == key:
            for name in (f"{key}{photo.extension}", f"{key}.thumb{photo.extension}", f"{key}.json"):
                default_storage.delete(f"{folder}/{name}")


def drop_all(token: str) -> None:
    """Forget every photo kept for the form (the report took them)."""
    for photo in pending_photos(token):
        drop_photo(token, photo.key)
