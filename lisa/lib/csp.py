"""Content-Security-Policy sources derived from LISA's configuration."""

import re
from urllib.parse import urlsplit

_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def tile_sources(url_template: str) -> list[str]:
    """Return the CSP source that lets a page load tiles from a Leaflet URL template.

    `https://{s}.tile.example.org/{z}/{x}/{y}.png` gives `https://*.tile.example.org`. A relative
    template (tiles served by LISA) or an empty one (no tiles) needs no source of its own.
    """
    if not url_template:
        return []
    parts = urlsplit(url_template)
    if not parts.netloc:
        return []
    labels = parts.netloc.split(".")
    if _PLACEHOLDER.search(labels[0]):
        labels[0] = "*"
    host = ".".join(labels)
    if _PLACEHOLDER.search(host):
        # CSP allows a wildcard only as the leftmost label of a host.
        raise ValueError(
            f"LISA_TILE_URL {url_template!r}: only the first part of the host name may vary"
        )
    return [f"{parts.scheme}://{host}" if parts.scheme else host]
