"""The external systems in the admin: the key is sent, never shown again."""

from __future__ import annotations

import pytest

from lisa.forwarding.models import ExternalSystem
from lisa.testing.personas import organisation

pytestmark = pytest.mark.django_db

ADD = "/admin/forwarding/externalsystem/add/"


def form(**changes: str) -> dict[str, str]:
    return {
        "organisation": str(organisation("anderlecht-cleanliness").pk),
        "name": "Anderlecht Propreté",
        "endpoint": "https://propreté.example.org/open311/v2/",
        "new_api_key": "s3cret-key-of-theirs",
        "jurisdiction_id": "",
        "service_codes": '{"dumping": "ENCOMBRANTS"}',
        "status_source": "requests",
        "is_active": "on",
        **changes,
    }


def test_it_keeps_the_key_without_showing_it_again(admin_client):
    assert admin_client.post(ADD, form()).status_code == 302
    system = ExternalSystem.objects.get()
    assert system.api_key == "s3cret-key-of-theirs"

    page = admin_client.get(f"/admin/forwarding/externalsystem/{system.pk}/change/")
    assert page.status_code == 200
    assert "s3cret-key-of-theirs" not in page.content.decode()

    # Saved again without a key: the saved one stays.
    changed = form(new_api_key="", name="Anderlecht – Propreté")
    assert admin_client.post(f"/admin/forwarding/externalsystem/{system.pk}/change/", changed)
    system.refresh_from_db()
    assert (system.name, system.api_key) == ("Anderlecht – Propreté", "s3cret-key-of-theirs")


def test_it_refuses_an_address_that_is_not_http_and_unknown_categories(admin_client):
    page = admin_client.post(
        ADD, form(endpoint="file:///etc/passwd", service_codes='{"nope": "X"}')
    )
    assert page.status_code == 200
    text = page.content.decode()
    # The admin answers in the site's language.
    assert "Donnez une adresse http:// ou https://." in text
    assert "LISA n’a pas de catégorie nope." in text
    assert not ExternalSystem.objects.exists()
