"""Demo cases at the Anderlecht and Forest offices, made through the same actions as real ones.

Each case gathers a few demo reports of its office and gives tasks to partners that have a demo
user, some done, some due, one overdue, so that every role finds work on the cases screens.
Staff open cases, give tasks, write notes and mark tasks done in office hours on working days.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lisa.accounts.models import Organisation, User
from lisa.cases.actions import case_open, task_add, task_done
from lisa.cases.models import Case, Task
from lisa.demo.moments import Clock
from lisa.offices.models import Office
from lisa.reports.actions import note_add
from lisa.reports.models import Report


@dataclass(frozen=True)
class DemoTask:
    organisation: str
    description: str
    given_after: int = 0  # days after the case opened
    due_in: int | None = None  # days after it was given
    done_by: str = ""  # username; empty: still to do
    done_after: int = 0  # days after it was given
    outcome: str = ""


@dataclass(frozen=True)
class DemoNote:
    by: str
    organisation: str
    visibility: str
    body: str
    after: int  # days after the case opened


@dataclass(frozen=True)
class DemoCase:
    office: str
    by: str
    days_ago: int
    title: str
    summary: str
    categories: tuple[str, ...]
    reports: int
    tasks: tuple[DemoTask, ...]
    notes: tuple[DemoNote, ...] = field(default=())


DEMO_CASES = (
    DemoCase(
        office="anderlecht-vaillance",
        by="coord.anderlecht",
        days_ago=20,
        title="Conflit de voisinage au 3e étage (démo)",
        summary=(
            "Deux ménages locataires du Foyer Anderlechtois se plaignent l'un de l'autre : bruit "
            "la nuit, insultes dans la cage d'escalier, sacs déposés devant la porte. Plaintes au "
            "guichet de l'antenne et au commissariat. Cas de démonstration."
        ),
        categories=("neighbourhood-dispute", "noise-neighbours", "noise-night"),
        reports=2,
        tasks=(
            DemoTask(
                "anderlecht-prevention",
                "Proposer une médiation aux deux ménages et animer une première rencontre à "
                "l'antenne.",
                due_in=28,
            ),
            DemoTask(
                "police-5341",
                "Visite de l'agent de quartier chez les deux locataires ; rappeler les règles "
                "sur le tapage nocturne.",
                due_in=10,
                done_by="police.midi",
                done_after=6,
                outcome=(
                    "Passé chez les deux locataires. Les deux acceptent une médiation. Pas "
                    "d'infraction constatée ce jour-là."
                ),
            ),
            DemoTask(
                "foyer-anderlechtois",
                "Envoyer aux deux ménages un courrier de rappel du règlement d'ordre intérieur.",
                given_after=1,
                due_in=10,
            ),
        ),
        notes=(
            DemoNote(
                "police.midi",
                "police-5341",
                "police",
                "Un des deux locataires a déjà fait l'objet d'un procès-verbal pour menaces "
                "(démo).",
                after=6,
            ),
            DemoNote(
                "coord.anderlecht",
                "anderlecht-prevention",
                "office",
                "Première rencontre de médiation proposée un mardi à 17 h au local de l'antenne ; "
                "le Foyer y est invité.",
                after=8,
            ),
        ),
    ),
    DemoCase(
        office="anderlecht-vaillance",
        by="desk.anderlecht",
        days_ago=35,
        title="Dépôts clandestins répétés devant un immeuble (démo)",
        summary=(
            "Encombrants, sacs et gravats reviennent chaque semaine devant le même immeuble de "
            "logements sociaux. Les habitants disent ne pas connaître les jours de collecte. "
            "Cas de démonstration."
        ),
        categories=("dumping-bulky", "dumping-bags", "dumping", "dumping-construction"),
        reports=3,
        tasks=(
            DemoTask(
                "anderlecht-cleanliness",
                "Enlever les dépôts, puis passer deux fois par semaine pendant un mois.",
                due_in=5,
                done_by="clean.anderlecht",
                done_after=3,
                outcome="Dépôts enlevés (2 m³). Passage renforcé le lundi et le jeudi.",
            ),
            DemoTask(
                "foyer-anderlechtois",
                "Courrier à tous les locataires de l'immeuble : jours de collecte, parc à "
                "conteneurs, enlèvement des encombrants sur rendez-vous.",
                due_in=15,
                done_by="housing.anderlecht",
                done_after=9,
                outcome="Courrier déposé dans les 24 boîtes aux lettres, en français et en "
                "néerlandais.",
            ),
            DemoTask(
                "anderlecht-prevention",
                "Action de sensibilisation au pied de l'immeuble avec les gardiens de la paix.",
                given_after=10,
                due_in=30,
            ),
        ),
    ),
    DemoCase(
        office="anderlecht-vaillance",
        by="coord.anderlecht",
        days_ago=9,
        title="Voisin âgé isolé, sacs entassés sur le palier (démo)",
        summary=(
            "Des voisins s'inquiètent pour un locataire âgé qui vit seul et ne sort presque "
            "plus : son courrier s'accumule, des sacs d'ordures s'entassent sur le palier et au "
            "pied de l'immeuble. Cas de démonstration."
        ),
        categories=("neighbourhood-distress", "dumping-bags", "neighbourhood-housing-estate"),
        reports=2,
        tasks=(
            DemoTask(
                "anderlecht-cpas",
                "Visite à domicile de l'assistante sociale de quartier : santé, aide familiale, "
                "repas à domicile.",
                due_in=14,
            ),
            DemoTask(
                "foyer-anderlechtois",
                "Prendre contact avec le locataire et faire vider le palier avec son accord.",
                due_in=10,
                done_by="housing.anderlecht",
                done_after=3,
                outcome="Le locataire est d'accord ; palier vidé avec le concierge. Il accepte "
                "aussi la visite du CPAS.",
            ),
            DemoTask(
                "anderlecht-cleanliness",
                "Enlever les sacs déposés au pied de l'immeuble.",
                due_in=3,
                done_by="clean.anderlecht",
                done_after=1,
                outcome="Sept sacs enlevés.",
            ),
        ),
        notes=(
            DemoNote(
                "cpas.anderlecht",
                "anderlecht-cpas",
                "office",
                "Le CPAS ne connaît pas encore ce monsieur ; l'assistante sociale de quartier "
                "passera avant la fin de la semaine prochaine (démo).",
                after=2,
            ),
        ),
    ),
    DemoCase(
        office="anderlecht-vaillance",
        by="coord.anderlecht",
        days_ago=75,
        title="Rassemblements nocturnes sur la place (démo)",
        summary=(
            "Des groupes se retrouvent tard le soir sur la place : bruit, tags sur le kiosque, "
            "riverains inquiets. Cas de démonstration, clôturé."
        ),
        categories=("neighbourhood-gathering", "noise-night", "tags-public", "tags-offensive"),
        reports=2,
        tasks=(
            DemoTask(
                "police-5341",
                "Patrouilles en soirée les vendredis et samedis pendant trois semaines.",
                due_in=21,
                done_by="police.midi",
                done_after=22,
                outcome="Patrouilles faites ; situation calme depuis deux semaines.",
            ),
            DemoTask(
                "anderlecht-prevention",
                "Travailleurs de rue : aller à la rencontre des jeunes et proposer les activités "
                "de la maison de quartier.",
                due_in=30,
                done_by="coord.anderlecht",
                done_after=25,
                outcome="Contact établi avec un groupe de huit jeunes ; inscriptions à l'atelier "
                "football du mercredi.",
            ),
            DemoTask(
                "anderlecht-cleanliness",
                "Effacer les tags du kiosque.",
                due_in=10,
                done_by="clean.anderlecht",
                done_after=4,
                outcome="Tags effacés.",
            ),
        ),
    ),
    DemoCase(
        office="forest-marconi",
        by="coord.forest",
        days_ago=15,
        title="Leegstaand pand: sluikstort en beschadigd voetpad (demo)",
        summary=(
            "Voor een leegstaand pand wordt bouwafval gestort; het voetpad is er verzakt en de "
            "gevel is beklad. Buurtbewoners klagen bij de antenne. Demonstratiedossier."
        ),
        categories=("dumping-construction", "dumping-bulky", "tags-offensive", "furniture"),
        reports=2,
        tasks=(
            DemoTask(
                "bruxelles-proprete",
                "Het sluikstort ophalen.",
                due_in=5,
                done_by="agent.proprete",
                done_after=2,
                outcome="Opgehaald: ongeveer 1,5 m³ bouwafval.",
            ),
            DemoTask(
                "forest-public-works",
                "Het verzakte voetpad afbakenen en herstellen.",
                due_in=30,
            ),
            DemoTask(
                "police-5341",
                "De eigenaar van het pand opsporen en aanspreken over het onderhoud.",
                due_in=10,
            ),
        ),
        notes=(
            DemoNote(
                "coord.forest",
                "forest-prevention",
                "office",
                "De gemeente heeft de eigenaar al eens aangeschreven in 2025 (demo).",
                after=1,
            ),
        ),
    ),
    DemoCase(
        office="forest-marconi",
        by="desk.forest",
        days_ago=40,
        title="Nuisances d'un café et stationnement gênant (démo)",
        summary=(
            "Riverains gênés par le bruit d'un café après la fermeture et par le stationnement "
            "en double file devant l'établissement. Cas de démonstration."
        ),
        categories=("noise-business", "parking-blocking", "parking-paid-zone", "noise"),
        reports=2,
        tasks=(
            DemoTask(
                "police-5341",
                "Contrôler les heures de fermeture et le stationnement en double file.",
                due_in=21,
                done_by="police.forest",
                done_after=12,
                outcome="Deux contrôles ; avertissement à l'exploitant, six procès-verbaux de "
                "stationnement.",
            ),
            DemoTask(
                "forest-prevention",
                "Organiser à l'antenne une rencontre entre l'exploitant et les riverains.",
                given_after=12,
                due_in=35,
            ),
        ),
        notes=(
            DemoNote(
                "coord.forest",
                "forest-prevention",
                "office",
                "Gesprek met de uitbater gepland op donderdag in de antenne (demo).",
                after=14,
            ),
        ),
    ),
)


def seed_cases(*, now: dt.datetime | None = None, seed: int = 2026) -> list[Case]:
    """Open the demo cases once: none are added while the database holds a case."""
    now = now or timezone.now()
    if Case.objects.exists():
        return []
    clock = Clock(rng=random.Random(f"cases-{seed}"), now=now)
    people = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    offices = {o.code: o for o in Office.objects.filter(code__in={c.office for c in DEMO_CASES})}
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=_organisations())}
    used: set[int] = set()
    cases = []
    with transaction.atomic():
        for demo in DEMO_CASES:
            office = offices.get(demo.office)
            if office is None or demo.by not in people:
                continue
            cases.append(_one_case(demo, office, people, organisations, used, clock))
    return cases


def _one_case(
    demo: DemoCase,
    office: Office,
    people: dict[str, User],
    organisations: dict[str, Organisation],
    used: set[int],
    clock: Clock,
) -> Case:
    def at_work(after: dt.datetime, days: float = 0) -> dt.datetime:
        """Return a moment in office hours a little after `days` calendar days from `after`."""
        return clock.staff(
            after=after + dt.timedelta(days=days), working_days=clock.rng.uniform(0.02, 0.3)
        )

    opened = at_work(clock.now - dt.timedelta(days=demo.days_ago))
    reports = _reports(office, demo.categories, demo.reports, used, before=opened)
    case = case_open(
        office=office,
        title=demo.title,
        summary=demo.summary,
        reports=reports,
        by=people[demo.by],
        now=opened,
    )
    steps: list[tuple[dt.datetime, DemoTask | DemoNote]] = []
    for index, task in enumerate(demo.tasks):
        # Tasks given the day the case opens follow one another within minutes.
        steps.append(
            (
                at_work(opened, task.given_after)
                if task.given_after
                else clock.staff(after=opened, working_days=0.005 * (index + 1)),
                task,
            )
        )
    for note in demo.notes:
        steps.append((at_work(opened, note.after), note))
    steps = [(at, step) for at, step in steps if at < clock.now]
    given: list[tuple[dt.datetime, DemoTask, Task]] = []
    for at, step in sorted(steps, key=lambda pair: pair[0]):
        if isinstance(step, DemoTask):
            due = (
                timezone.localdate(at) + dt.timedelta(days=step.due_in)
                if step.due_in is not None
                else None
            )
            made = task_add(
                case=case,
                organisation=organisations[step.organisation],
                description=step.description,
                due_on=due,
                by=people[demo.by],
                now=at,
            )
            given.append((at, step, made))
        else:
            note_add(
                case=case,
                by=people[step.by],
                body=step.body,
                visibility=step.visibility,
                organisation=organisations[step.organisation],
                now=at,
            )
    # Marked done in the order it happened, so the last one closes the case at the right time.
    done = [
        (at_work(at, step.done_after), step, made)
        for at, step, made in given
        if step.done_by and step.done_by in people
    ]
    for at, step, made in sorted(done, key=lambda triple: triple[0]):
        if at < clock.now:  # otherwise still to do today
            task_done(task=made, by=people[step.done_by], outcome=step.outcome, now=at)
    case.refresh_from_db()
    return case


def _reports(
    office: Office, categories: tuple[str, ...], count: int, used: set[int], *, before: dt.datetime
) -> list[Report]:
    """Return up to `count` demo reports of the office made before the case, of its categories
    (or their sub-categories), the first categories first; fewer, or none, in a small demo."""
    candidates = list(
        Report.objects.filter(office=office, created_at__lt=before)
        .filter(Q(category__code__in=categories) | Q(category__parent__code__in=categories))
        .exclude(pk__in=used)
        .select_related("category")
        .order_by("-created_at")[:50]
    )
    rank = {code: position for position, code in enumerate(categories)}
    candidates.sort(key=lambda r: (rank.get(r.category.code, len(rank)), -r.created_at.timestamp()))
    chosen = candidates[:count]
    used.update(r.pk for r in chosen)
    return sorted(chosen, key=lambda r: r.created_at)


def _usernames() -> set[str]:
    names = {c.by for c in DEMO_CASES}
    names |= {t.done_by for c in DEMO_CASES for t in c.tasks if t.done_by}
    names |= {n.by for c in DEMO_CASES for n in c.notes}
    return names


def _organisations() -> set[str]:
    codes = {t.organisation for c in DEMO_CASES for t in c.tasks}
    return codes | {n.organisation for c in DEMO_CASES for n in c.notes}
