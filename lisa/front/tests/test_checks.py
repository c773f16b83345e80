import os
import subprocess
import sys

from django.conf import settings as django_settings

from lisa.front.checks import check_production_settings

CONSOLE = "django.core.mail.backends.console.EmailBackend"


def manage(*args: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a fresh process with this environment, None removing a variable."""
    environment = {**os.environ}
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(  # noqa: S603  (our own manage.py, no shell)
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_stops_at_start_up_without_a_secret_key_when_debug_is_off():
    run = manage("check", DEBUG="false", SECRET_KEY=None)

    assert run.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in run.stderr
    assert "secrets.token_urlsafe" in run.stderr


def test_it_refuses_to_start_with_debug_off_and_the_console_e_mail_backend():
    run = manage("check", DEBUG="false", SECRET_KEY="x" * 50, EMAIL_BACKEND=CONSOLE)

    assert run.returncode != 0
    assert "lisa.E001" in run.stderr
    assert "residents' addresses" in run.stderr


def test_with_debug_off_e_mails_go_out_by_smtp_unless_told_otherwise():
    run = manage(
        "shell", "--verbosity", "0", "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        DEBUG="false", SECRET_KEY="x" * 50, EMAIL_BACKEND=None,
    )  # fmt: skip

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_the_check_refuses_the_demo_key_and_the_console_only_with_debug_off(settings):
    settings.EMAIL_BACKEND = CONSOLE
    settings.SECRET_KEY = settings.DEMO_SECRET_KEY

    settings.DEBUG = True
    assert check_production_settings() == []

    settings.DEBUG = False
    assert {error.id for error in check_production_settings()} == {"lisa.E001", "lisa.E002"}

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.SECRET_KEY = "a-long-random-production-key-" * 2
    assert check_production_settings() == []
