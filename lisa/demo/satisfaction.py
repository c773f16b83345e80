"""What the demo residents said once their report was resolved.

About a third of the residents who left an e-mail address answer "how satisfied are you?"
within a few days of the resolution, most of them satisfied, some with a comment in their
own language; one resident of a report resolved in the past weeks says the problem is not
solved and asks to reopen it (waiting for the handler's answer). Everything goes through the
residents' actions, and is added once: nothing is added while an answer exists.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.db import transaction
from django.utils import timezone

from lisa.accounts.models import Membership
from lisa.accounts.selectors import HANDLER_ROLES
from lisa.reports.actions import REOPEN_DAYS, reopen_request, satisfaction_record
from lisa.reports.models import (
    ReopenRequest,
    Reporter,
    Satisfaction,
    Status,
    StatusChange,
)

ANSWERED = 0.35
WITH_COMMENT = 0.4
# Scores of residents of the demo: mostly satisfied, a few not at all.
SCORES = {5: 38, 4: 32, 3: 15, 2: 9, 1: 6}

COMMENTS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "good": [
            "Rapide et efficace, merci beaucoup !",
            "Merci d'avoir tenu parole, et de m'avoir tenu au courant.",
            "Très bien, je ne pensais pas que ça irait si vite.",
        ],
        "fair": [
            "C'est réglé, mais il a fallu relancer.",
            "Correct, même si le délai était un peu long.",
        ],
        "bad": [
            "Trois semaines d'attente et aucune nouvelle entre-temps.",
            "Le problème est revenu quelques jours plus tard.",
        ],
    },
    "nl": {
        "good": [
            "Snel en goed opgelost, bedankt!",
            "Bedankt om mij op de hoogte te houden.",
            "Heel goed, ik had niet verwacht dat het zo snel zou gaan.",
        ],
        "fair": [
            "Opgelost, maar ik heb wel moeten aandringen.",
            "In orde, al duurde het wat lang.",
        ],
        "bad": [
            "Drie weken wachten en intussen geen nieuws.",
            "Het probleem was een paar dagen later terug.",
        ],
    },
    "en": {
        "good": [
            "Quick and efficient, thank you!",
            "Thanks for keeping me informed.",
            "Very good, I did not expect it to be that fast.",
        ],
        "fair": [
            "Sorted, but I had to chase it.",
            "Fine, although it took a while.",
        ],
        "bad": [
            "Three weeks of waiting and no news in between.",
            "The problem was back a few days later.",
        ],
    },
}

# Why a resident says the problem is not solved, by top category and language.
NOT_SOLVED: dict[str, dict[str, str]] = {
    "dumping": {
        "fr": "Les sacs ont été enlevés, mais il y a de nouveau des déchets au même endroit "
        "depuis hier.",
        "nl": "De zakken zijn weggehaald, maar sinds gisteren ligt er opnieuw afval op "
        "dezelfde plek.",
        "en": "The bags were taken away, but there is rubbish in the same place again since "
        "yesterday.",
    },
    "lighting": {
        "fr": "Le lampadaire s'est rallumé deux soirs, puis il est de nouveau éteint.",
        "nl": "De straatlamp brandde twee avonden en is nu opnieuw uit.",
        "en": "The street light came back on for two evenings and is off again.",
    },
    "tags": {
        "fr": "La façade a été nettoyée, mais pas la porte de garage à côté, toujours taguée.",
        "nl": "De gevel is gereinigd, maar de garagepoort ernaast is nog altijd beklad.",
        "en": "The front was cleaned, but not the garage door next to it, which still has "
        "the tags.",
    },
    "parking": {
        "fr": "La même camionnette bloque de nouveau la sortie de mon garage depuis ce matin.",
        "nl": "Dezelfde bestelwagen blokkeert sinds vanochtend opnieuw mijn garage-uitgang.",
        "en": "The same van has been blocking my garage exit again since this morning.",
    },
    "noise": {
        "fr": "Le bruit a repris dès le week-end suivant, jusqu'à deux heures du matin.",
        "nl": "Het lawaai begon het volgende weekend opnieuw, tot twee uur 's nachts.",
        "en": "The noise started again the following weekend, until two in the morning.",
    },
    "furniture": {
        "fr": "Le banc a été revissé mais il bouge toujours, ce n'est pas sûr pour les enfants.",
        "nl": "De bank is opnieuw vastgeschroefd maar wiebelt nog altijd, niet veilig voor "
        "kinderen.",
        "en": "The bench was screwed back but it still wobbles; it is not safe for children.",
    },
    "traffic": {
        "fr": "Les voitures roulent toujours aussi vite devant l'école, rien n'a changé.",
        "nl": "De auto's rijden nog altijd even snel voorbij de school, er is niets veranderd.",
        "en": "Cars still drive just as fast past the school; nothing has changed.",
    },
    "neighbourhood": {
        "fr": "Après la médiation, les disputes dans la cage d'escalier ont repris.",
        "nl": "Na de bemiddeling zijn de ruzies in de traphal opnieuw begonnen.",
        "en": "After the mediation, the quarrels in the stairwell have started again.",
    },
    "other": {
        "fr": "Rien n'a changé sur place, le problème est toujours là.",
        "nl": "Ter plaatse is er niets veranderd, het probleem is er nog altijd.",
        "en": "Nothing has changed on the spot; the problem is still there.",
    },
}


def seed_satisfaction(*, seed: int = 2026, now: dt.datetime | None = None) -> Counter[str]:
    """Let demo residents rate their resolved reports and one ask to reopen; return counts."""
    now = now or timezone.now()
    done: Counter[str] = Counter()
    if Satisfaction.objects.exists() or ReopenRequest.objects.exists():
        return done
    rng = random.Random(f"satisfaction-{seed}")
    resolutions = _resolutions()
    with transaction.atomic():
        reopened = _one_reopen_request(rng, resolutions, now=now)
        if reopened is not None:
            done["reopen requests"] += 1
        for reporter, resolved in resolutions:
            if reporter.pk == getattr(reopened, "reporter_id", None):
                # They rated it poorly too, in one click: their words are in the request.
                if _answer(rng, reporter, resolved, now=now, score=2, comment=False):
                    done["satisfaction answers"] += 1
                continue
            if rng.random() >= ANSWERED:
                continue
            if _answer(rng, reporter, resolved, now=now):
                done["satisfaction answers"] += 1
    return done


def _resolutions() -> list[tuple[Reporter, dt.datetime]]:
    """Return each resident with an e-mail address of a resolved or closed report, and when
    the report was (last) resolved."""
    resolved: dict[int, dt.datetime] = {}
    for report_id, at in StatusChange.objects.filter(to_status=Status.RESOLVED).values_list(
        "report_id", "at"
    ):
        resolved[report_id] = max(at, resolved.get(report_id, at))
    reporters = (
        Reporter.objects.filter(
            report_id__in=resolved,
            report__status__in=(Status.RESOLVED, Status.CLOSED),
            role="reporter",
        )
        .exclude(email="")
        .select_related("report", "report__category", "report__category__parent")
        .order_by("report_id", "id")
    )
    return [(reporter, resolved[reporter.report_id]) for reporter in reporters]


def _resident_moment(rng: random.Random, after: dt.datetime, *, days: float) -> dt.datetime:
    """Return a moment after `after`, in the waking hours of a resident (7:00 to 23:00)."""
    at = timezone.localtime(after + dt.timedelta(hours=rng.uniform(1, days * 24)))
    if at.hour < 7:
        at = at.replace(hour=rng.randint(7, 9), minute=rng.randint(0, 59))
    return at


def _answer(
    rng: random.Random,
    reporter: Reporter,
    resolved: dt.datetime,
    *,
    now: dt.datetime,
    score: int | None = None,
    comment: bool = True,
) -> bool:
    at = _resident_moment(rng, resolved, days=5)
    if at >= now:
        return False
    score = score or rng.choices(list(SCORES), weights=list(SCORES.values()))[0]
    said = ""
    if comment and (score <= 2 or rng.random() < WITH_COMMENT):
        mood = "good" if score >= 4 else "fair" if score == 3 else "bad"
        said = rng.choice(COMMENTS[reporter.language][mood])
    satisfaction_record(
        reporter=reporter,
        score=score,
        comment=said,
        via="page" if said else "link",
        now=at,
    )
    return True


def _one_reopen_request(
    rng: random.Random, resolutions: list[tuple[Reporter, dt.datetime]], *, now: dt.datetime
) -> ReopenRequest | None:
    """Let the resident of a report resolved in the past weeks say it is not solved."""
    window = now - dt.timedelta(days=REOPEN_DAYS - 5)
    candidates = [
        (reporter, resolved)
        for reporter, resolved in resolutions
        if reporter.report.status == Status.RESOLVED
        and resolved > window
        and reporter.report.category.lineage()[-1].code in NOT_SOLVED
    ]
    # A report of an organisation with demo staff, so that someone signs in to answer it.
    staffed = set(
        Membership.objects.filter(role__in=HANDLER_ROLES, is_active=True).values_list(
            "organisation_id", flat=True
        )
    )
    candidates = [c for c in candidates if c[0].report.organisation_id in staffed]
    if not candidates:
        return None
    reporter, resolved = rng.choice(candidates)
    at = _resident_moment(rng, resolved, days=3)
    if at >= now:
        # Resolved in the last days: they answer the same evening, or it is not yet asked.
        at = max(resolved + dt.timedelta(minutes=30), now - dt.timedelta(hours=1))
        if at >= now:
            return None
    top = reporter.report.category.lineage()[-1].code
    return reopen_request(reporter=reporter, reason=NOT_SOLVED[top][reporter.language], now=at)
