"""The French and Dutch catalogues are complete: no empty, fuzzy or broken entry."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

PLACEHOLDER = re.compile(r"%\((\w+)\)")


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


def _strings(value):
    return list(value) if isinstance(value, tuple | list) else [value]
