"""Choosing a new password by e-mail, and changing it when signed in."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.hashers import check_password

from lisa.testing.smtp import body_of

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new passphrase, 2026"


def link_in(message) -> str:
    match = re.search(r"https?://\S+/accounts/reset/\S+/", body_of(message))
    assert match, body_of(message)
    return match.group(0)


def ask_for_a_link(client, email, **extra):
    return client.post("/accounts/password_reset/", {"email": email}, **extra)


def test_a_forgotten_password_is_reset_through_the_link_in_the_email(
    client, bob, smtp_server, settings
):
    settings.SITE_URL = "https://lisa.example.org"

    answer = ask_for_a_link(client, "BOB@example.org", headers={"accept-language": "fr"})

    assert answer["Location"] == "/accounts/password_reset/done/"
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "bob@example.org"
    # in Bob's language (Dutch), whatever the language of the page he asked from
    assert message["Subject"] == "Kies een nieuw LISA-wachtwoord"
    assert "Uw gebruikersnaam is bob." in body_of(message)
    link = link_in(message)
    assert link.startswith("https://lisa.example.org/accounts/reset/")

    form = client.get(urlsplit(link).path, follow=True, headers={"accept-language": "nl"})
    # the token leaves the address bar (and any Referer) for a neutral one
    assert form.redirect_chain[-1][0].endswith("/set-password/")
    assert "Kies een nieuw wachtwoord" in form.content.decode()
    saved = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert saved["Location"] == "/accounts/reset/done/"
    bob.refresh_from_db()
    assert check_password(NEW_PASSWORD, bob.password)
    signed_in = client.post("/accounts/login/", {"username": "bob", "password": NEW_PASSWORD})
    assert signed_in["Location"] == "/staff/"


def test_a_reset_link_works_once(client, bob, smtp_server):
    ask_for_a_link(client, "bob@example.org")
    path = urlsplit(link_in(smtp_server.wait_for(1)[0])).path
    form = client.get(path, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    again = client.get(path, follow=True, headers={"accept-language": "fr"})

    assert "Ce lien n’est plus valable" in again.content.decode()
    assert 'href="/accounts/password_reset/"' in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, bob, smtp_server):
    answer = ask_for_a_link(client, "nobody@example.org")

    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/password_reset/done/"
    # the immediate task backend sends inside the request: nothing was sent
    assert list(smtp_server) == []


def test_the_reset_pages_are_in_the_site_style_and_language(client):
    page = client.get("/accounts/password_reset/", headers={"accept-language": "nl"})

    html = page.content.decode()
    assert 'lang="nl"' in html
    assert "Wachtwoord vergeten?" in html
    assert 'class="site-header"' in html
    assert "Django" not in html
    done = client.get("/accounts/password_reset/done/", headers={"accept-language": "nl"})
    assert "Kijk in uw mailbox" in done.content.decode()


def test_the_reset_form_says_e_mail_as_the_rest_of_lisa(client):
    page = client.get("/accounts/password_reset/", headers={"accept-language": "fr"})

    html = page.content.decode()
    assert "Adresse e-mail" in html
    assert "Courriel" not in html


def test_a_new_password_lifts_a_lock_out(client, bob, smtp_server, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    for _ in range(5):
        client.post("/accounts/login/", {"username": "bob", "password": "guess"})
    locked = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    assert locked.status_code == 429

    ask_for_a_link(client, "bob@example.org")
    form = client.get(urlsplit(link_in(smtp_server.wait_for(1)[0])).path, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    signed_in = client.post("/accounts/login/", {"username": "bob", "password": NEW_PASSWORD})

    assert signed_in.status_code == 302


def test_a_signed_in_person_changes_their_password_from_my_account(client, bob):
    client.force_login(bob)
    me = client.get("/me/").content.decode()
    assert 'href="/accounts/password_change/"' in me

    refused = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        headers={"accept-language": "fr"},
    )
    assert refused.status_code == 200
    assert 'class="errorlist' in refused.content.decode()

    changed = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert changed["Location"] == "/accounts/password_change/done/"
    # still signed in on this device
    assert client.get("/me/").status_code == 200
    bob.refresh_from_db()
    assert check_password(NEW_PASSWORD, bob.password)


def test_changing_the_password_needs_signing_in(client):
    answer = client.get("/accounts/password_change/")

    assert answer["Location"] == "/accounts/login/?next=/accounts/password_change/"
