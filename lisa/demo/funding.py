"""The demo's funding programme, 2019 to today: a call for projects a year, the applications of
the municipalities, the evaluators' scores, the awards, tranches, payments and justified
expenses, through the same actions as real work.

It follows what safe.brussels published: 17 offices supported since 2019 (16 by the calls of
2019 to 2022, as a parliamentary question of April 2024 said), 14 of them operational, and EUR
2,629,000 allocated in the 2023 financial year for the deployment and reinforcement of the
offices, as an investment subsidy for premises and equipment (running costs are the
municipalities'). Which office got how much, the envelopes, the scores and the dates are
invented: the calls say "(démo)" / "(demo)", and the files are marked demo documents.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from lisa.accounts.models import Membership, Role, User
from lisa.funding.actions import (
    CriterionSpec,
    LineSpec,
    TrancheSpec,
    application_refuse,
    application_score,
    application_submit,
    award_decide,
    call_close,
    call_create,
    call_open,
    document_add,
    expense_accept,
    expense_justify,
    tranche_pay,
)
from lisa.funding.models import Application, Call, Grant, LineKind
from lisa.offices.models import Office, OfficeStatus

# The evaluators: the analyst and the two evaluators of DEMO_PEOPLE, all at safe.brussels.
EVALUATORS = ("analyst", "eval.claire", "eval.bart")
RECORDED_BY = "analyst"

CRITERIA = [
    CriterionSpec("Besoins du quartier", "Noden van de wijk", "Needs of the neighbourhood", 10, 3),
    CriterionSpec("Partenariat local", "Lokaal partnerschap", "Local partnership", 10, 3),
    CriterionSpec(
        "Locaux accessibles et visibles",
        "Toegankelijke en zichtbare lokalen",
        "Accessible and visible premises",
        10,
        2,
    ),
    CriterionSpec("Budget réaliste", "Realistische begroting", "Realistic budget", 10, 2),
]

# Financial year -> envelope (EUR), and the offices it funded with the amount awarded (EUR);
# None marks an application refused. 2019-2022 set up the sixteen offices, one after the other;
# 2023 sets up the seventeenth (Bosnie) and reinforces the others: 2,629,000 in all.
PROGRAMME: dict[int, tuple[int, dict[str, int | None]]] = {
    2019: (1_200_000, {
        "demo-marolles": 265_000, "demo-molenbeek-historique": 290_000,
        "demo-brabant": 240_000, "demo-cureghem": 310_000, "demo-koekelberg": None,
    }),
    2020: (1_300_000, {
        "anderlecht-vaillance": 340_000, "demo-saint-josse": 255_000,
        "demo-laeken": 270_000, "demo-matonge": 248_000,
    }),
    2021: (1_400_000, {
        "demo-gare-de-l-ouest": 285_000, "demo-evere-paix": 262_000,
        "demo-chasse": 298_000, "forest-marconi": 355_000,
    }),
    2022: (1_500_000, {
        "demo-jette-centre": 305_000, "demo-koekelberg": 276_000,
        "saint-gilles-jacques-franck": 330_000, "demo-peterbos": 365_000,
    }),
    2023: (2_700_000, {
        "demo-bosnie": 385_000, "demo-marolles": 168_000, "demo-molenbeek-historique": 174_000,
        "demo-brabant": 159_000, "demo-cureghem": 182_000, "anderlecht-vaillance": 196_000,
        "demo-saint-josse": 151_000, "demo-laeken": 163_000, "demo-matonge": 147_000,
        "demo-gare-de-l-ouest": 171_000, "demo-evere-paix": 139_000, "demo-chasse": 176_000,
        "forest-marconi": 238_000, "demo-jette-centre": 180_000,
        "saint-gilles-jacques-franck": None,
    }),
    2024: (1_100_000, {
        "demo-koekelberg": 142_000, "demo-peterbos": 210_000,
        "demo-molenbeek-historique": 88_000, "demo-marolles": 76_000,
    }),
    2025: (950_000, {
        "demo-laeken": 118_000, "demo-matonge": 97_000, "demo-chasse": 104_000,
        "demo-bosnie": 165_000,
    }),
}  # fmt: skip
# The call of this year is closed and being scored: its applications wait for a decision.
UNDER_EVALUATION = (2026, 900_000, ["forest-marconi", "demo-evere-paix", "demo-cureghem"])

REFUSAL = {
    "fr": "Les locaux proposés ne sont pas accessibles aux personnes à mobilité réduite (démo).",
    "nl": "De voorgestelde lokalen zijn niet toegankelijk voor personen met beperkte "
    "mobiliteit (demo).",
}
PROJECTS = {
    "new": (
        "Ouvrir l'{office} : aménager un rez-de-chaussée commercial en accueil "
        "partagé par la prévention, la police, la propreté, le CPAS et le logement social ; "
        "l'équiper pour recevoir les habitants et y tenir les permanences des partenaires. "
        "Projet de démonstration."
    ),
    "reinforce": (
        "Renforcer l'{office} : un second bureau d'entretien confidentiel, "
        "l'accessibilité de l'entrée et du matériel pour les permanences mobiles. "
        "Projet de démonstration."
    ),
}
# Each evaluator comments in their own language.
COMMENTS = {
    "fr": [
        "Ancrage dans le quartier bien décrit (démo).",
        "Partenaires présents chaque semaine (démo).",
        "Devis détaillés, montants plausibles (démo).",
    ],
    "nl": [
        "Goed zichtbare locatie, vlot bereikbaar (demo).",
        "Begroting aan de hoge kant (demo).",
        "Sterk partnerschap met de politiezone (demo).",
    ],
}
# The smallest PDF a reader opens: one empty page, for the demo's joined files.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _weekday(day: dt.date) -> dt.date:
    """Return the day, or the Monday after when it falls at a weekend."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def _lines(requested: int, new: bool) -> list[LineSpec]:
    premises_share = Decimal("0.7") if new else Decimal("0.4")
    premises = (Decimal(requested) * premises_share).quantize(Decimal("1"))
    return [
        LineSpec(
            LineKind.PREMISES,
            "Aménagement des locaux (démo)" if new else "Bureau d'entretien et accès (démo)",
            premises,
        ),
        LineSpec(LineKind.EQUIPMENT, "Mobilier, informatique, signalétique (démo)",
                 Decimal(requested) - premises),
    ]  # fmt: skip


def _call(year: int, envelope: int, admin: User) -> tuple[Call, dt.date, dt.date]:
    opens = _weekday(dt.date(year, 2, 1))
    deadline = _weekday(dt.date(year, 4, 15))
    if year == UNDER_EVALUATION[0]:
        opens, deadline = _weekday(dt.date(year, 9, 1)), _weekday(dt.date(year, 10, 30))
    call = call_create(
        financial_year=year,
        name_fr=f"Appel à projets LISA {year} (démo)",
        name_nl=f"Projectoproep LISA {year} (demo)",
        name_en=f"LISA call for projects {year} (demo)",
        envelope=Decimal(envelope),
        opens_on=opens,
        deadline=deadline,
        criteria=CRITERIA,
        by=admin,
        is_demo=True,
        now=_at(opens - dt.timedelta(days=14)),
    )
    call_open(call=call, by=admin)
    return call, opens, deadline


def _score(rng: random.Random, application: Application, evaluators: list[User], day: dt.date,
           strong: bool) -> None:  # fmt: skip
    for number, evaluator in enumerate(evaluators):
        for criterion in application.call.criteria.all():
            low = 6 if strong else 2
            application_score(
                application=application,
                criterion=criterion,
                score=rng.randint(low, low + 4 if not strong else 10),
                comment=rng.choice(COMMENTS[evaluator.language]) if rng.random() < 0.25 else "",
                by=evaluator,
                now=_at(day + dt.timedelta(days=number), 11 + criterion.position),
            )


def _follow_grant(rng: random.Random, grant: Grant, decided: dt.date, office: Office,
                  today: dt.date, staff: User, applicant_user: User) -> None:  # fmt: skip
    """Pay the first tranche, justify and check expenses, pay the second when its time came."""
    first, second = list(grant.tranches.order_by("position"))
    paid_first = _weekday(decided + dt.timedelta(days=30))
    if paid_first > today:
        return
    tranche_pay(tranche=first, amount=first.amount, paid_on=paid_first, by=staff,
                now=_at(paid_first, 14))  # fmt: skip
    # A planned office has not started its works; one being set up has done its premises.
    if office.status == OfficeStatus.PLANNED:
        return
    equipment_too = office.status == OfficeStatus.OPERATIONAL
    lines = {line.kind: line.amount for line in grant.application.lines.all()}
    share = grant.amount / sum(lines.values())
    steps = [(LineKind.PREMISES, 60)] + ([(LineKind.EQUIPMENT, 90)] if equipment_too else [])
    for kind, after in steps:
        spent = _weekday(decided + dt.timedelta(days=after))
        checked = _weekday(spent + dt.timedelta(days=14))
        if checked > today:
            return
        amount = (lines[kind] * share).quantize(Decimal("0.01"))
        expense = expense_justify(
            grant=grant,
            kind=kind,
            description=(
                "Travaux d'aménagement, factures de l'entrepreneur (démo)"
                if kind == LineKind.PREMISES
                else "Mobilier et ordinateurs, factures des fournisseurs (démo)"
            ),
            amount=amount,
            spent_on=spent,
            by=applicant_user,
            files=[_pdf(f"factures-{kind}-demo.pdf")],
            now=_at(spent + dt.timedelta(days=3)),
        )
        # The equipment of the latest year's awards still waits for its check.
        if kind == LineKind.EQUIPMENT and decided.year == max(PROGRAMME):
            return
        accepted = (
            amount if rng.random() < 0.8 else (amount * Decimal("0.95")).quantize(Decimal("0.01"))
        )
        expense_accept(expense=expense, accepted_amount=accepted, reviewed_on=checked, by=staff)
    paid_second = max(_weekday(second.planned_on + dt.timedelta(days=10)), paid_first)
    if equipment_too and paid_second <= today:
        tranche_pay(tranche=second, amount=second.amount, paid_on=paid_second, by=staff,
                    now=_at(paid_second, 14))  # fmt: skip


def seed_funding(*, seed: int, now: dt.datetime | None = None) -> list[Call]:
    """Add the programme's calls, applications, scores, awards and payments, once."""
    if Call.objects.filter(is_demo=True).exists():
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    rng = random.Random(seed)
    users = {u.username: u for u in User.objects.filter(username__in=[*EVALUATORS, "admin"])}
    evaluators = [users[name] for name in EVALUATORS]
    staff = users[RECORDED_BY]
    offices = {o.code: o for o in Office.objects.select_related("coordinator")}
    # A municipality with a demo coordinator applies through them; the others' applications,
    # sent by post, are recorded by the regional staff.
    coordinators = {
        m.organisation_id: m.user
        for m in Membership.objects.filter(role=Role.OFFICE_COORDINATOR, is_active=True)
        .select_related("user")
        .order_by("id")
    }
    funded: set[str] = set()
    calls = []
    with transaction.atomic():
        evaluated = (UNDER_EVALUATION[1], dict.fromkeys(UNDER_EVALUATION[2]))
        years = [*PROGRAMME.items(), (UNDER_EVALUATION[0], evaluated)]
        for year, (envelope, awards) in years:
            call, _opens, deadline = _call(year, envelope, users["admin"])
            calls.append(call)
            applications = []
            for number, (code, amount) in enumerate(awards.items()):
                office = offices[code]
                new = code not in funded
                requested = (amount or rng.randrange(250_000, 400_000, 1_000)) + (
                    rng.choice([0, 0, 5_000, 12_000, 20_000])
                )
                applicant = office.coordinator
                by = coordinators.get(applicant.pk, staff)
                submitted = _weekday(deadline - dt.timedelta(days=20 - number))
                application = application_submit(
                    call=call,
                    applicant=applicant,
                    office=office,
                    project=PROJECTS["new" if new else "reinforce"].format(
                        office=office.name_fr[:1].lower() + office.name_fr[1:]
                    ),
                    lines=_lines(requested, new),
                    by=by,
                    now=_at(submitted),
                )
                document_add(application=application, file=_pdf("plans-et-devis-demo.pdf"),
                             by=by, now=_at(submitted))  # fmt: skip
                applications.append((application, amount, by))
            call_close(call=call, by=users["admin"])
            scoring = _weekday(deadline + dt.timedelta(days=21))
            decided = _weekday(dt.date(year, 6, 14))
            for position, (application, amount, by) in enumerate(applications):
                if year == UNDER_EVALUATION[0]:
                    # The first is scored by two evaluators, the second by one, the third not yet.
                    _score(rng, application, evaluators[1:][: 2 - position], scoring, True)
                    continue
                _score(rng, application, evaluators, scoring, amount is not None)
                if amount is None:
                    application_refuse(
                        application=application,
                        reason=REFUSAL["fr"],
                        decided_on=decided,
                        by=staff,
                        now=_at(decided, 15),
                    )
                    continue
                total = Decimal(amount)
                first = (total * Decimal("0.6")).quantize(Decimal("1"))
                grant = award_decide(
                    application=application,
                    amount=total,
                    tranches=[
                        TrancheSpec(first, _weekday(decided + dt.timedelta(days=30))),
                        TrancheSpec(total - first, _weekday(decided + dt.timedelta(days=365))),
                    ],
                    decided_on=decided,
                    by=staff,
                    reason="Projet retenu par le jury (démo).",
                    now=_at(decided, 15),
                )
                funded.add(application.office.code)
                _follow_grant(rng, grant, decided, application.office, today, staff, by)
    return calls
