"""Signing in, the lock-out after repeated failures, signing out and idle sessions."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.utils import timezone

from lisa.accounts.lockout import client_ip
from lisa.accounts.models import Role
from lisa.testing.factories import grant

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def lockout(settings):
    """Turn django-axes back on (the suite runs without it) with the default limits."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def sign_in(client, username, password, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def fail(client, username, times, **extra):
    return [sign_in(client, username, "not the password", **extra) for _ in range(times)]


def test_it_locks_a_username_out_from_an_address_after_five_failures(client, bob, lockout):
    answers = fail(client, "bob", 5, REMOTE_ADDR="192.0.2.10")

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    # even the right password is refused while the lock lasts
    locked = sign_in(client, "bob", PASSWORD, REMOTE_ADDR="192.0.2.10")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_out_page_says_when_to_try_again_and_whom_to_ask(client, bob, lockout):
    fail(client, "bob", 4, REMOTE_ADDR="192.0.2.10")

    answer = sign_in(
        client, "bob", "still wrong", REMOTE_ADDR="192.0.2.10", headers={"accept-language": "nl"}
    )

    page = answer.content.decode()
    assert answer.status_code == 429
    assert 'lang="nl"' in page
    assert "Aanmelden gepauzeerd" in page
    # fifteen minutes after the last failure, in Brussels time
    last_failure = AccessAttempt.objects.get().attempt_time
    until = timezone.localtime(last_failure + timedelta(minutes=15))
    assert f"Probeer het opnieuw na {until:%H:%M} (over 15 minuten)" in page
    assert "antennecoördinator" in page
    assert 'href="/accounts/password_reset/"' in page
    assert 900 - 60 < int(answer["Retry-After"]) <= 900
    assert "script-src 'self'" in answer["Content-Security-Policy"]


def test_the_lock_out_does_not_reach_the_same_person_elsewhere(client, bob, lockout):
    fail(client, "bob", 5, REMOTE_ADDR="192.0.2.10")

    answer = sign_in(client, "bob", PASSWORD, REMOTE_ADDR="198.51.100.7")

    assert answer.status_code == 302
    assert answer["Location"] == "/staff/"


def test_a_colleague_at_the_same_address_is_not_locked_out(client, alice, bob, lockout):
    fail(client, "bob", 5, REMOTE_ADDR="192.0.2.10")

    answer = sign_in(client, "alice", PASSWORD, REMOTE_ADDR="192.0.2.10")

    assert answer.status_code == 302


def test_the_lock_out_ends_after_the_cool_off(client, bob, lockout):
    fail(client, "bob", 5, REMOTE_ADDR="192.0.2.10")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    answer = sign_in(client, "bob", PASSWORD, REMOTE_ADDR="192.0.2.10")

    assert answer.status_code == 302


def test_tries_during_the_lock_out_do_not_extend_it(client, bob, lockout):
    fail(client, "bob", 5, REMOTE_ADDR="192.0.2.10")
    locked_at = timezone.now() - timedelta(minutes=10)
    AccessAttempt.objects.update(attempt_time=locked_at)

    fail(client, "bob", 3, REMOTE_ADDR="192.0.2.10")

    assert AccessAttempt.objects.get().attempt_time == locked_at


def test_a_successful_sign_in_forgets_earlier_typos(client, bob, lockout):
    fail(client, "bob", 4, REMOTE_ADDR="192.0.2.10")
    assert sign_in(client, "bob", PASSWORD, REMOTE_ADDR="192.0.2.10").status_code == 302
    client.post("/accounts/logout/")

    answers = fail(client, "bob", 4, REMOTE_ADDR="192.0.2.10")

    assert [answer.status_code for answer in answers] == [200] * 4


def test_the_administration_sign_in_is_locked_out_too(client, admin_user, lockout):
    answers = [
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "admin", "password": "wrong"},
            REMOTE_ADDR="192.0.2.10",
        )
        for _ in range(5)
    ]

    assert answers[-1].status_code == 429
    assert "Connexion suspendue" in answers[-1].content.decode()
    refused = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin", "password": "password"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert refused.status_code == 429


def test_behind_a_proxy_it_counts_by_the_address_the_proxy_saw(client, bob, lockout, settings):
    settings.LISA_BEHIND_PROXY = True
    settings.LISA_PROXY_COUNT = 1
    # the attacker writes whatever they like to the left of what the proxy appends
    answers = [
        sign_in(
            client,
            "bob",
            "guess",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 192.0.2.10",
        )
        for n in range(5)
    ]

    assert answers[-1].status_code == 429
    assert AccessAttempt.objects.get().ip_address == "192.0.2.10"
    # another person behind the same proxy is not affected
    other = sign_in(
        client, "bob", PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert other.status_code == 302


def test_an_ipv6_host_cannot_escape_the_lock_out_by_changing_address(client, bob, lockout):
    for n in range(5):
        sign_in(client, "bob", "guess", REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}")

    answer = sign_in(client, "bob", PASSWORD, REMOTE_ADDR="2001:db8:1:2:ffff::9")

    assert answer.status_code == 429


def test_the_client_address_ignores_forwarded_headers_without_a_proxy(settings):
    settings.LISA_BEHIND_PROXY = False
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.1"
    )

    assert client_ip(request) == "192.0.2.10"


@pytest.mark.parametrize(
    ("forwarded", "count", "address"),
    [
        ("203.0.113.1, 192.0.2.10", 1, "192.0.2.10"),
        ("203.0.113.1, 192.0.2.10, 10.0.0.3", 2, "192.0.2.10"),
        ("2001:db8:1:2:aaaa::1", 1, "2001:db8:1:2::"),  # one host holds a whole /64
        ("::ffff:192.0.2.10", 1, "192.0.2.10"),
        ("", 1, "10.0.0.2"),  # a misconfigured proxy: its own address, never a guess
        ("not-an-address", 1, "10.0.0.2"),
        ("192.0.2.10", 2, "10.0.0.2"),
    ],
)
def test_behind_a_proxy_the_client_address_is_the_one_it_appended(
    settings, forwarded, count, address
):
    settings.LISA_BEHIND_PROXY = True
    settings.LISA_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == address


def test_it_sends_the_person_where_they_were_going(client, bob):
    answer = client.post(
        "/accounts/login/",
        {"username": "bob", "password": PASSWORD, "next": "/staff/queue/?status=new"},
    )

    assert answer["Location"] == "/staff/queue/?status=new"


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.example.org/",
        "//evil.example.org/staff/",
        "/\\evil.example.org",
        "javascript:alert(1)",
    ],
)
def test_it_never_sends_the_person_to_another_site(client, bob, elsewhere):
    answer = client.post(
        "/accounts/login/", {"username": "bob", "password": PASSWORD, "next": elsewhere}
    )

    assert answer.status_code == 302
    assert answer["Location"] == "/staff/"


def test_the_sign_in_page_keeps_the_page_asked_for(client):
    asked = client.get("/staff/queue/")
    page = client.get(asked["Location"]).content.decode()

    assert 'name="next" value="/staff/queue/"' in page
    assert 'href="/accounts/password_reset/"' in page


def test_signing_out_lands_on_the_home_page_with_a_message(client, bob):
    client.force_login(bob)

    answer = client.post("/accounts/logout/", follow=True, headers={"accept-language": "fr"})

    assert answer.redirect_chain == [("/fr/", 302)]
    assert "Vous êtes déconnecté" in answer.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_idle_session_is_signed_out(client, bob):
    client.force_login(bob)
    assert client.get("/staff/queue/").status_code == 200

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    answer = client.get("/staff/queue/")

    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/login/?next=/staff/queue/"


def test_each_request_pushes_the_end_of_the_session_back(client, bob, settings):
    client.force_login(bob)
    soon = timezone.now() + timedelta(minutes=1)
    Session.objects.update(expire_date=soon)

    client.get("/staff/queue/")

    expiry = Session.objects.get().expire_date
    assert expiry >= soon + timedelta(seconds=settings.SESSION_COOKIE_AGE - 120)


def test_the_session_cookie_ends_with_the_browser(client, bob):
    answer = sign_in(client, "bob", PASSWORD)

    cookie = answer.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


def test_my_account_offers_each_other_role_and_the_password_change(client, bob):
    grant(bob, "foyer-anderlechtois", Role.PARTNER_AGENT)
    client.force_login(bob)

    page = client.get("/me/", headers={"accept-language": "fr"}).content.decode()

    assert page.count('action="/staff/switch/"') == 1  # the other role; the current one is marked
    assert "votre rôle actuel" in page
    assert 'href="/accounts/password_change/"' in page


def test_working_in_another_role_from_my_account(client, bob):
    other = grant(bob, "foyer-anderlechtois", Role.PARTNER_AGENT)
    client.force_login(bob)

    answer = client.post("/staff/switch/", {"membership": other.pk})

    assert answer["Location"] == "/staff/queue/"
    page = client.get("/me/").content.decode()
    assert f'name="membership" value="{other.pk}"' not in page
