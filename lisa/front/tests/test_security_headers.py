"""The headers that keep pages from running injected code, being framed or leaking addresses."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = sorted(Path(settings.BASE_DIR, "lisa").glob("**/templates"))


def policy(response) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (
            part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()
        )
    }


def test_every_page_forbids_inline_code_and_framing(client):
    response = client.get("/fr/")

    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_images_may_come_from_the_tile_server(client):
    csp = policy(client.get("/accounts/login/"))

    assert csp["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]


def test_the_administration_has_the_same_policy(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]


TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)
INLINE_CODE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_carries_inline_code():
    found = []
    for directory in TEMPLATE_DIRS:
        for template in directory.glob("**/*.html"):
            # comments are blanked, keeping the line numbers
            text = TEMPLATE_COMMENT.sub(
                lambda m: re.sub(r"[^\n]", " ", m.group(0)), template.read_text()
            )
            for pattern, what in INLINE_CODE:
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{template.relative_to(settings.BASE_DIR)}:{line}: {what}")
    assert found == []


def test_a_refused_form_is_explained_in_the_site_style(bob):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/accounts/login/")

    refused = browser.post(
        "/accounts/login/",
        {"username": "bob", "password": "correct horse battery staple", "csrfmiddlewaretoken": "x"},
        headers={"accept-language": "nl"},
    )

    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Dit formulier is verlopen" in page
    assert "<style" not in page
    assert "script-src 'self'" in refused["Content-Security-Policy"]
