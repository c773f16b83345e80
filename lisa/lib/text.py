"""Small text helpers."""

import re

_PARTICLES = {
    "de", "du", "des", "la", "le", "les", "aux", "au", "et", "sur", "en",
    "van", "der", "den", "het", "ter", "te", "op",
}  # fmt: skip
_ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")


def tidy_place_name(name: str) -> str:
    """Return a place name written in capitals in title case: "GARE DE L'OUEST" → "Gare de l'Ouest".

    Names already in mixed case are returned as they are.
    """
    name = " ".join(name.split())
    if not name or name != name.upper():
        return name
    words = []
    for index, word in enumerate(name.split(" ")):
        words.append(_tidy_word(word, first=index == 0))
    return " ".join(words)


def _tidy_word(word: str, *, first: bool) -> str:
    if _ROMAN.match(word):
        return word
    if "-" in word and word != "-":
        return "-".join(_tidy_word(part, first=True) for part in word.split("-"))
    lower = word.lower()
    for elided in ("l'", "d'"):
        if lower.startswith(elided) and len(lower) > 2:
            head = elided if not first else elided.capitalize()
            return head + lower[2:].capitalize()
    if not first and lower in _PARTICLES:
        return lower
    return lower.capitalize()
