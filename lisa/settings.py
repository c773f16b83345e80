"""Settings for LISA, read from the environment (see .env.example)."""

from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from lisa.lib.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
# The fallback key only serves a laptop demo. Without SECRET_KEY and without DEBUG,
# Django stops at start-up: "The SECRET_KEY setting must not be empty."
SECRET_KEY = envstr("SECRET_KEY") or ("insecure-demo-key" if DEBUG else "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "lisa.accounts",
    "lisa.audit",
    "lisa.geo",
    "lisa.offices",
    "lisa.reports",
    "lisa.front",
    "lisa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lisa.urls"
WSGI_APPLICATION = "lisa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lisa" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", "sqlite:///var/lisa.sqlite3"), conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A relative SQLite path is relative to the project, not to the current directory.
    name = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["NAME"] = str(name if name.is_absolute() else BASE_DIR / name)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the demo server read while a command writes; IMMEDIATE avoids
        # "database is locked" when two writers upgrade their locks at once.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "me"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lisa" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Leaflet's files come from the django-leaflet wheel. Its app is not installed:
# its admin module needs GDAL, which LISA does without.
STATICFILES_DIRS = [Path(find_spec("leaflet").origin).parent / "static"]  # type: ignore[union-attr, arg-type]
STATIC_ROOT = Path(envstr("STATIC_ROOT") or BASE_DIR / "var" / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(envstr("MEDIA_ROOT") or BASE_DIR / "var" / "media")

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "LISA <noreply@lisa.localhost>")

# Immediate in the demo and the tests; production sets LISA_TASKS_BACKEND=database
# and runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[envstr("LISA_TASKS_BACKEND", "immediate")]
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}

# Where the geography files are read from; the project never copies them.
_shared_geodata = BASE_DIR.parent / "shared" / "data" / "brussels"
LISA_GEODATA_DIR = Path(envstr("LISA_GEODATA_DIR") or _shared_geodata)
# Prefix of report references such as BXL-2026-000123.
LISA_REFERENCE_PREFIX = envstr("LISA_REFERENCE_PREFIX", "BXL")
# How often a running process checks whether areas or routing rules changed in
# another process (the admin, an import) and rebuilds its in-memory caches.
LISA_CONFIG_RECHECK_SECONDS = envint("LISA_CONFIG_RECHECK_SECONDS", 10)
# Days off besides the Belgian legal holidays, as MM-DD (8 May: the regional
# civil service's Iris Day).
LISA_EXTRA_HOLIDAYS = envlist("LISA_EXTRA_HOLIDAYS", "05-08")

# The map's background tiles; pages work without them (municipality outlines
# are drawn from LISA's own data). Empty: no tiles are requested.
LISA_TILE_URL = envstr("LISA_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
LISA_TILE_ATTRIBUTION = envstr("LISA_TILE_ATTRIBUTION", "© OpenStreetMap contributors")

if envbool("BEHIND_HTTPS_PROXY", False):
    # The proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)

if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
