"""The French and Dutch catalogues are complete: no empty, fuzzy, broken or missing entry."""

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import formats, translation
from django.utils.translation import gettext

# Named placeholders of Python ("%(name)s") and of the texts filled in later ("{reference}").
PLACEHOLDER = re.compile(r"%\((\w+)\)|\{(\w+)\}")


def catalogue(language: str):
    path = Path(settings.BASE_DIR) / "lisa" / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as file:
        return read_po(file)


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_entry_is_translated_and_not_fuzzy(language):
    entries = [message for message in catalogue(language) if message.id]

    assert entries, "the catalogue is empty"
    untranslated = [m.id for m in entries if not all(_strings(m.string))]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_translations_keep_the_placeholders(language):
    broken = []
    for message in catalogue(language):
        if not message.id:
            continue
        expected = set(PLACEHOLDER.findall(" ".join(_strings(message.id))))
        for translated in _strings(message.string):
            if set(PLACEHOLDER.findall(translated)) != expected:
                broken.append(message.id)
    assert broken == []


def test_the_compiled_catalogues_are_used():
    with translation.override("nl"):
        nl = gettext("Local Integrated Security Antennas")
    with translation.override("fr"):
        fr = gettext("Local Integrated Security Antennas")

    assert nl != "Local Integrated Security Antennas"
    assert fr != "Local Integrated Security Antennas"
    assert nl != fr


# What makemessages reads (its default extensions), and the catalogues it merges into.
SOURCES = ("*.py", "*.html", "*.txt")
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge")


@pytest.fixture
def extracted(tmp_path, monkeypatch, settings):
    """Return the catalogue makemessages would write today, made in a copy of the package.

    makemessages rewrites the catalogues in place, so it runs on a copy of the sources and
    of lisa/locale, from the copy of lisa/ as the developers run it (DEVELOPERS.md).
    """
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(
            f"GNU gettext is not installed ({', '.join(missing)} not found): "
            "apt-get install gettext to check the catalogues against the sources"
        )
    package = Path(settings.BASE_DIR) / "lisa"
    copy = tmp_path / "lisa"
    for pattern in SOURCES:
        for source in package.rglob(pattern):
            target = copy / source.relative_to(package)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    shutil.copytree(package / "locale", copy / "locale", ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], verbosity=0, stdout=io.StringIO())
    # The merged copy holds exactly the strings of the sources (its old ones become obsolete).
    with (copy / "locale" / "fr" / "LC_MESSAGES" / "django.po").open("rb") as file:
        return read_po(file)


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_string_of_the_sources_is_in_the_catalogue(extracted, language):
    """A string marked for translation in the code or the templates has its entry."""
    committed = {_key(message) for message in catalogue(language) if message.id}
    missing = [
        f"{_key(message)} ({', '.join(f'{path}:{line}' for path, line in message.locations)})"
        for message in extracted
        if message.id and _key(message) not in committed
    ]

    assert extracted, "makemessages found no string"
    assert missing == [], (
        f"strings missing from lisa/locale/{language}/LC_MESSAGES/django.po; run makemessages "
        "(DEVELOPERS.md, Translations) or add them by hand, then translate them"
    )


def _key(message):
    """Return what identifies an entry: its context, its text and its plural."""
    return (message.context, *_strings(message.id))


def _strings(value):
    return list(value) if isinstance(value, tuple | list) else [value]


@pytest.mark.django_db
def test_the_administration_names_third_party_apps_in_dutch(admin_client):
    """django-axes has no Dutch catalogue (it fell back to French), django-tasks-db none at all."""
    page = admin_client.get("/admin/", headers={"accept-language": "nl"}).content.decode()

    assert "Aanmeldpogingen" in page
    assert "Achtergrondtaken" in page
    assert "Taakresultaten" in page
    assert "Tentatives de connexion" not in page
    assert "Task Results" not in page


def test_short_dates_are_written_as_in_belgium():
    day = dt.date(2026, 1, 6)
    with translation.override("nl"):
        dutch = formats.date_format(day, "SHORT_DATE_FORMAT")
    with translation.override("fr"):
        french = formats.date_format(day, "SHORT_DATE_FORMAT")

    assert dutch == "06/01/2026"
    assert french == "06/01/2026"
