"""Names kept in the three languages of the region."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def pick_translation(*, fr: str, nl: str, en: str, language: str | None = None) -> str:
    """Return the text in the language asked for (or the active one), else the first given."""
    by_language = {"fr": fr, "nl": nl, "en": en}
    language = (language or get_language() or "fr")[:2]
    fallbacks = {"fr": ("fr", "nl", "en"), "nl": ("nl", "fr", "en"), "en": ("en", "fr", "nl")}
    for code in fallbacks.get(language, ("fr", "nl", "en")):
        if by_language[code]:
            return by_language[code]
    return ""


class TranslatedName(models.Model):
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_translation(fr=self.name_fr, nl=self.name_nl, en=self.name_en)

    def name_in(self, language: str) -> str:
        return pick_translation(
            fr=self.name_fr, nl=self.name_nl, en=self.name_en, language=language
        )
