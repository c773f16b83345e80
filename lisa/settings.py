"""Settings for LISA, read from the environment (see .env.example)."""

from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lisa.lib.csp import tile_sources
from lisa.lib.env import envbool, envfloat, envint, envlist, envstr
from lisa.lib.workdays import parse_month_days

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
# The fallback key only serves a laptop demo. Without it Django would start and answer
# 500 to every request, so the settings stop here with the remedy.
DEMO_SECRET_KEY = "insecure-demo-key"  # noqa: S105  (public on purpose: DEBUG only)
SECRET_KEY = envstr("SECRET_KEY") or (DEMO_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG off, LISA needs a long random SECRET_KEY in its "
        "environment, for example the output of: "
        'python3 -c "import secrets; print(secrets.token_urlsafe(50))". '
        "On your own machine, set DEBUG=true instead."
    )
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
    "axes",
    "csp",
    "django_tasks",
    "lisa.third_party.TasksDatabaseConfig",  # django_tasks_db, named in our languages
    # Only for its copy of htmx (static files); LISA reads the HX-Request header itself.
    "django_htmx",
    "lisa.accounts",
    "lisa.audit",
    "lisa.geo",
    "lisa.offices",
    "lisa.reports",
    "lisa.cases",
    "lisa.events",
    "lisa.meetings",
    "lisa.funding",
    "lisa.open311",
    "lisa.forwarding",
    "lisa.webhooks",
    "lisa.api",
    # django-ninja's templates and static files: the API's documentation page served by LISA.
    "ninja",
    "lisa.front",
    "lisa.backoffice",
    "lisa.dashboards",
    "lisa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known: a refusal is in the reader's language.
    "lisa.lib.nul.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lisa.accounts.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
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
                "lisa.backoffice.context.work",
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
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "home"
# django-axes refuses sign-ins while locked out, then Django's own backend checks passwords.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A password-reset link is valid for two hours: long enough to open the e-mail, short
# enough that an old message in a mailbox is useless.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

# Lock-out after repeated failed sign-ins (django-axes), counted per username *and* address:
# - per username alone, anyone on the internet could lock a desk agent out of work by typing
#   their (guessable) username five times;
# - per address alone, the staff of an office behind one shared address would lock each other
#   out, and one attacker could still try every username from many addresses.
# The pair stops guessing one account's password from one place without handing anyone a way
# to lock others out. Guessing spread over many addresses is slowed by the password rules and
# belongs to the reverse proxy's rate limits.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = envint("LISA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LISA_LOGIN_COOLOFF_MINUTES", 15))
# A successful sign-in forgets earlier typos.
AXES_RESET_ON_SUCCESS = True
# Tries while locked out are refused without checking the password and do not push the end of
# the lock-out further: the time the lock-out page gives stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "lisa.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "lisa.accounts.lockout.client_ip"
# No banner on every manage.py command; failures are still logged with username and address.
AXES_VERBOSE = False
# Behind BEHIND_HTTPS_PROXY, the number of reverse proxies that each append the address they
# saw to X-Forwarded-For: the lock-out counts by the address the outermost one saw.
LISA_PROXY_COUNT = envint("LISA_PROXY_COUNT", 1)

# A session ends after this much inactivity: a signed-in person's requests push the expiry
# back, writing the session row at most once a minute (lisa/accounts/middleware.py).
SESSION_COOKIE_AGE = envint("LISA_SESSION_IDLE_MINUTES", 60) * 60
# Desks share computers: closing the browser signs out too.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lisa" / "locale"]
# Belgian Dutch writes short dates as 06/01/2026, not 6-1-2026 as in the Netherlands.
FORMAT_MODULE_PATH = ["lisa.formats"]
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

# The console prints every e-mail, residents' addresses included, into the logs: it is
# the default on a laptop only; with DEBUG off the default is SMTP (see lisa/front/checks.py).
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
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

# SQLite builds the public map's index (report_public_map) without its INCLUDE columns, which
# only PostgreSQL's index-only scans need: the warning says nothing to act on.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}

# seed_demo creates users with a printed password: it runs with DEBUG, or where this says
# the whole site is a demo.
LISA_DEMO = envbool("LISA_DEMO", False)

# Where the geography files are read from; the project never copies them.
_shared_geodata = BASE_DIR.parent / "shared" / "data" / "brussels"
LISA_GEODATA_DIR = Path(envstr("LISA_GEODATA_DIR") or _shared_geodata)
# Prefix of report references such as BXL-2026-000123.
LISA_REFERENCE_PREFIX = envstr("LISA_REFERENCE_PREFIX", "BXL")
# How often a running process checks whether areas or routing rules changed in
# another process (the admin, an import) and rebuilds its in-memory caches.
LISA_CONFIG_RECHECK_SECONDS = envint("LISA_CONFIG_RECHECK_SECONDS", 10)
# Days off of every organisation besides the Belgian legal holidays, as MM-DD.
# Iris Day (8 May) is not one: it is in the calendar of the regional bodies only
# (lisa.accounts.calendars). Checked here so that a typo stops LISA at start-up
# rather than every deadline later.
LISA_EXTRA_HOLIDAYS = envlist("LISA_EXTRA_HOLIDAYS")
try:
    parse_month_days(LISA_EXTRA_HOLIDAYS)
except ValueError as error:
    raise ImproperlyConfigured(f"LISA_EXTRA_HOLIDAYS: {error}.") from None

# The shared cache: rate limits count across worker processes, so it lives in the database
# (the migration front.0001 makes its table, with `createcachetable`).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lisa_cache",
    }
}
# Submissions of the public forms per address (django-ratelimit's "N/s|m|h|d").
LISA_RATE_LIMITS = {
    "report": envstr("LISA_RATE_REPORT", "20/h"),
    "registration": envstr("LISA_RATE_REGISTRATION", "20/h"),
    "satisfaction": envstr("LISA_RATE_SATISFACTION", "30/h"),
    # Photos sent ahead of a report by the form's script, one request each.
    "photo": envstr("LISA_RATE_PHOTO", "60/h"),
}

# Open311 GeoReport v2 (/open311/v2/): the jurisdiction this server answers for, and what its
# discovery document says about whom to contact and where to ask for an API key.
LISA_OPEN311_JURISDICTION = envstr("LISA_OPEN311_JURISDICTION", "brussels.lisa")
LISA_OPEN311_CONTACT = envstr("LISA_OPEN311_CONTACT", "LISA, safe.brussels")
LISA_OPEN311_KEY_SERVICE = envstr("LISA_OPEN311_KEY_SERVICE", "")
# Requests per API key ("count/period": 600/m, 50/10s, 10000/d), whatever address they come from.
LISA_RATE_API_KEY = envstr("LISA_RATE_API_KEY", "600/m")

# Where street searches go: "local" searches streets.csv of the geography folder in memory
# (no house numbers); "urbis" asks the region's UrbIS geocoding service (house numbers, over
# the network; see docs/adr/0008-street-search-behind-a-geocoder-interface.md).
LISA_GEOCODER = envstr("LISA_GEOCODER", "local")
# The UrbIS service's "Rest/Localize/" address, and how long to wait for it (seconds) before
# telling the person that street search is unavailable.
LISA_URBIS_URL = envstr(
    "LISA_URBIS_URL", "https://geoservices.irisnet.be/localization/Rest/Localize/"
)
LISA_URBIS_TIMEOUT = envfloat("LISA_URBIS_TIMEOUT", 3.0)

# The map's background tiles; pages work without them (municipality outlines
# are drawn from LISA's own data). Empty: no tiles are requested.
# The public map reads its low zooms from cells rebuilt by `manage.py refresh_public_map`
# (run it every minute) while they are younger than this many seconds, else the reports.
LISA_PUBLIC_MAP_MAX_AGE = envint("LISA_PUBLIC_MAP_MAX_AGE", 600)
LISA_TILE_URL = envstr("LISA_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# Empty: OpenStreetMap's credit line, in the language of the page.
LISA_TILE_ATTRIBUTION = envstr("LISA_TILE_ATTRIBUTION", "") or _("© OpenStreetMap contributors")

# Content-Security-Policy (django-csp): scripts, styles and connections from LISA only, so an
# injected <script>, onclick="" or style="" does nothing. Map tiles are the one outside source.
_content_security_policy = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *tile_sources(LISA_TILE_URL)],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if envstr("LISA_CSP_REPORT_URI"):
    _content_security_policy["DIRECTIVES"]["report-uri"] = [envstr("LISA_CSP_REPORT_URI")]
# Report-only sends the same policy without enforcing it: browsers report what it would block.
if envbool("LISA_CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _content_security_policy
else:
    CONTENT_SECURITY_POLICY = _content_security_policy

# Django's defaults, stated because the security review relies on them.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A refused form explained in the site's style (Django's own page relies on an inline <style>).
CSRF_FAILURE_VIEW = "lisa.front.views.csrf_failure"

LISA_BEHIND_PROXY = envbool("BEHIND_HTTPS_PROXY", False)
if LISA_BEHIND_PROXY:
    # The proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
    # Both bind every subdomain of the domain (and, preloaded, for good): the operator's call.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)

if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
