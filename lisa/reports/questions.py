"""The extra questions a category asks, and the answers given to them.

A question is {"code", "kind", "required", "label": {fr, nl, en}} plus, for a
choice, "choices": [{"code", "label": {fr, nl, en}}]. They become Open311
attributes later.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lisa.errors import LisaError
from lisa.names import pick_translation

if TYPE_CHECKING:
    from lisa.reports.models import Category

KINDS = {"choice", "text", "number", "yes_no"}
MAX_TEXT_ANSWER = 500


def check_questions(questions: Any) -> None:
    """Raise ValueError if the questions are not well formed."""
    if not isinstance(questions, list):
        raise ValueError("questions must be a list")
    codes = set()
    for question in questions:
        if not isinstance(question, dict) or not question.get("code"):
            raise ValueError("every question needs a code")
        code = question["code"]
        if code in codes:
            raise ValueError(f"question {code!r} appears twice")
        codes.add(code)
        if question.get("kind") not in KINDS:
            raise ValueError(f"question {code!r}: kind must be one of {sorted(KINDS)}")
        labels = question.get("label")
        if not isinstance(labels, dict) or not all(labels.get(lang) for lang in ("fr", "nl")):
            raise ValueError(f"question {code!r}: needs a label in fr and nl")
        if question["kind"] == "choice":
            choices = question.get("choices")
            if not choices or not all(isinstance(c, dict) and c.get("code") for c in choices):
                raise ValueError(f"question {code!r}: a choice needs choices with codes")


def label(question_or_choice: dict[str, Any]) -> str:
    labels = question_or_choice.get("label") or {}
    return pick_translation(
        fr=labels.get("fr", ""), nl=labels.get("nl", ""), en=labels.get("en", "")
    )


def clean_answers(*, category: Category, answers: dict[str, Any] | None) -> dict[str, Any]:
    """Return the answers checked against the category's questions, or raise LisaError."""
    answers = dict(answers or {})
    questions = {q["code"]: q for q in category.all_questions()}
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise LisaError(
            "unknown_attribute",
            _("The category %(category)s asks no question %(codes)s.")
            % {"category": category.name, "codes": ", ".join(unknown)},
            field=unknown[0],
        )
    cleaned: dict[str, Any] = {}
    for code, question in questions.items():
        value = answers.get(code)
        if value is None or value == "":
            if question.get("required"):
                raise LisaError(
                    "missing_attribute",
                    _("Please answer: %(question)s") % {"question": label(question)},
                    field=code,
                )
            continue
        cleaned[code] = _clean_value(question, value)
    return cleaned


def _clean_value(question: dict[str, Any], value: Any) -> Any:
    kind = question["kind"]
    invalid = LisaError(
        "invalid_attribute",
        _("The answer to “%(question)s” is not valid.") % {"question": label(question)},
        field=question["code"],
    )
    if kind == "choice":
        codes = [choice["code"] for choice in question["choices"]]
        if str(value) not in codes:
            raise invalid
        return str(value)
    if kind == "yes_no":
        if isinstance(value, bool):
            return value
        if str(value).lower() in {"true", "yes", "1", "oui", "ja"}:
            return True
        if str(value).lower() in {"false", "no", "0", "non", "nee"}:
            return False
        raise invalid
    if kind == "number":
        if isinstance(value, bool):
            raise invalid
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise invalid from None
        # nan and infinity ("1e400") have no place in JSON: PostgreSQL refuses them.
        if not math.isfinite(number):
            raise invalid
        return int(number) if number.is_integer() else number
    text = str(value).strip()
    if len(text) > MAX_TEXT_ANSWER:
        raise invalid
    return text


def answers_in_words(category: Category, answers: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Return a report's answers as (question, answer) pairs in the active language."""
    questions = {q["code"]: q for q in category.all_questions()}
    return [
        (
            label(questions[code]) if code in questions else code,
            _answer_in_words(questions.get(code), value),
        )
        for code, value in (answers or {}).items()
    ]


def describe_answers(questions: list[dict[str, Any]], answers: dict[str, Any]) -> str:
    """Return answers in words in the active language, e.g. "On which road? A main road".

    A list of values, as routing conditions accept, reads "A or B". An answer to
    a question no longer asked keeps its code.
    """
    by_code = {question["code"]: question for question in questions}
    parts = []
    for code, value in (answers or {}).items():
        question = by_code.get(code)
        values = value if isinstance(value, list) else [value]
        words = [_answer_in_words(question, item) for item in values]
        answer = (
            words[0]
            if len(words) == 1
            else _("%(some)s or %(last)s")
            % {
                "some": ", ".join(words[:-1]),
                "last": words[-1],
            }
        )
        if question is None:
            parts.append(_("%(question)s: %(answer)s") % {"question": code, "answer": answer})
        elif label(question).rstrip().endswith("?"):
            parts.append(f"{label(question)} {answer}")
        else:
            parts.append(
                _("%(question)s: %(answer)s") % {"question": label(question), "answer": answer}
            )
    return "; ".join(parts)


def _answer_in_words(question: dict[str, Any] | None, value: Any) -> str:
    if isinstance(value, bool):
        return pgettext("answer", "yes") if value else pgettext("answer", "no")
    if question is not None and question.get("kind") == "choice":
        for choice in question.get("choices", []):
            if choice.get("code") == str(value):
                return label(choice)
    return str(value)
