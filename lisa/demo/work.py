"""What the demo staff are in the middle of when they sign in.

After the year of reports and the cases: the cleanliness services' teams, reports assigned to
demo agents and teams, internal notes of each kind by the roles that write them, public
messages from the response templates in the resident's language, questions to residents
(some answered), related reports, and the visits counted at the desks over the past weeks.
Everything is made through the same actions as real work, at moments in office hours (desk
visits in the office's opening hours), and without sending a single e-mail. It is added once:
nothing is added while the database holds an assignment, a message, a question or a visit.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from lisa.accounts.actions import team_save
from lisa.accounts.models import Membership, Organisation, Role, Team, User
from lisa.accounts.selectors import HANDLER_ROLES
from lisa.demo.moments import Clock
from lisa.demo.staff_texts import (
    CLEANLINESS_NOTES,
    COORDINATOR_NOTES,
    CPAS_NOTES,
    DESK_NOTES,
    HOUSING_NOTES,
    PEACEKEEPER_NOTES,
    POLICE_NOTES,
    QUESTIONS,
    WORKS_NOTES,
    Texts,
)
from lisa.demo.visits import seed_visits
from lisa.offices.models import DeskVisit
from lisa.reports.actions import (
    info_request_answer,
    info_request_create,
    message_send,
    note_add,
    render_template,
    report_assign,
    report_link,
)
from lisa.reports.models import (
    OPEN_STATUSES,
    Activity,
    ActivityKind,
    Channel,
    InfoRequest,
    Message,
    NoteVisibility,
    Report,
    Reporter,
    ReporterRole,
    ResponseTemplate,
    Status,
    StatusChange,
)
from lisa.reports.selectors import can_handle, note_organisation_ids_for, note_visibilities_for

T = TypeVar("T")
ENDED = (Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.DUPLICATE)
# Reports that ended this recently still show who worked on them.
RECENTLY_ENDED_DAYS = 30


@dataclass(frozen=True)
class DemoTeam:
    organisation: str
    names: tuple[str, str, str]  # fr, nl, en
    # Categories the team is given first (the others go to the first team).
    categories: tuple[str, ...] = ()


DEMO_TEAMS = (
    DemoTeam("anderlecht-cleanliness", ("Équipe du matin (démo)", "Ochtendploeg (demo)", "Morning team (demo)")),
    DemoTeam(
        "anderlecht-cleanliness",
        ("Équipe encombrants (démo)", "Grofvuilploeg (demo)", "Bulky waste team (demo)"),
        ("dumping-bulky", "dumping-construction"),
    ),
    DemoTeam("bruxelles-proprete", ("Équipe Sud (démo)", "Ploeg Zuid (demo)", "South team (demo)")),
    DemoTeam(
        "bruxelles-proprete",
        ("Équipe dépôts clandestins (démo)", "Sluikstortploeg (demo)", "Fly-tipping team (demo)"),
        ("dumping-bulky", "dumping-construction", "dumping-hazardous"),
    ),
)  # fmt: skip

# Whose internal notes, by the kind and service of the handling organisation.
PARTNER_NOTES: dict[str, tuple[float, Texts]] = {
    "municipal_service/cleanliness": (0.3, CLEANLINESS_NOTES),
    "regional_agency/cleanliness": (0.3, CLEANLINESS_NOTES),
    "municipal_service/public_works": (0.35, WORKS_NOTES),
    "social_housing/housing": (0.4, HOUSING_NOTES),
    "cpas/social": (0.5, CPAS_NOTES),
    "prevention_service/prevention": (0.35, PEACEKEEPER_NOTES),
}
# Of the reports an organisation has taken up: given to a team (where it has teams), else
# to an agent; the others wait for someone to hand them out.
TO_A_TEAM = 0.3
TO_AN_AGENT = 0.75
POLICE_NOTE = 0.35
COORDINATOR_NOTE = 0.12
DESK_NOTE = 0.12
# A public message, by what the report is waiting for: the template, and how often.
IN_PROGRESS_MESSAGE = 0.35
WAITING_MESSAGE = 0.6
LATE_MESSAGE = 0.35
LIGHTING_MESSAGE = 0.5
RECEIVED_MESSAGE = 0.2
QUESTION = 0.2
ANSWERED = 0.65
LINKS_PER_OFFICE = 3
NEAR_LAT, NEAR_LON = 0.0014, 0.002  # about 150 m
RELATED = {"noise": "people", "neighbourhood": "people"}  # families whose reports relate


@dataclass(frozen=True)
class Member:
    user: User
    role: str
    office_id: int | None


@dataclass
class Staff:
    """The demo staff by organisation and office."""

    partners: dict[int, list[Member]] = field(default_factory=dict)
    coordinators: dict[int, User] = field(default_factory=dict)
    desk_agents: set[int] = field(default_factory=set)

    @classmethod
    def load(cls) -> Staff:
        staff = cls()
        for membership in Membership.objects.filter(
            is_active=True, user__is_active=True
        ).select_related("user"):
            member = Member(membership.user, membership.role, membership.office_id)
            if membership.role in HANDLER_ROLES:
                staff.partners.setdefault(membership.organisation_id, []).append(member)
            elif membership.role == Role.OFFICE_COORDINATOR and membership.office_id:
                staff.coordinators.setdefault(membership.office_id, membership.user)
            elif membership.role == Role.FRONT_DESK_AGENT:
                staff.desk_agents.add(membership.user_id)
        return staff

    def agents(self, report: Report, *, anywhere: bool = False) -> list[User]:
        """Return the agents of the handling organisation: those of the report's office if it
        has any (unless `anywhere`), else all."""
        members = [
            m
            for m in self.partners.get(report.organisation_id or 0, [])
            if m.role != Role.PARTNER_MANAGER
        ]
        local = [] if anywhere else [m.user for m in members if m.office_id == report.office_id]
        return local or [m.user for m in members]

    def manager(self, report: Report) -> User | None:
        return next(
            (
                m.user
                for m in self.partners.get(report.organisation_id or 0, [])
                if m.role == Role.PARTNER_MANAGER
            ),
            None,
        )


@dataclass
class Situation:
    """Where a report stands with the organisation that handles it now."""

    report: Report
    arrived: dt.datetime  # made, or transferred to its organisation
    taken: dt.datetime | None = None  # acknowledged or in progress there
    in_progress: dt.datetime | None = None
    waiting: dt.datetime | None = None
    ended: dt.datetime | None = None
    changes: list[StatusChange] = field(default_factory=list)

    @classmethod
    def of(cls, report: Report) -> Situation:
        changes = list(report.history.all())
        arrivals = [c.at for c in changes if c.to_status == Status.NEW]
        situation = cls(report=report, arrived=arrivals[-1] if arrivals else report.created_at)
        situation.changes = [c for c in changes if c.at > situation.arrived]
        for change in situation.changes:
            if change.to_status in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
                situation.taken = situation.taken or change.at
            if change.to_status == Status.IN_PROGRESS:
                situation.in_progress = change.at
            if change.to_status == Status.WAITING:
                situation.waiting = change.at
            if change.to_status in ENDED and situation.ended is None:
                situation.ended = change.at
        return situation

    def next_change(self, after: dt.datetime) -> dt.datetime | None:
        return next((c.at for c in self.changes if c.at > after), None)

    @property
    def is_open(self) -> bool:
        return self.report.status in OPEN_STATUSES


@dataclass
class Work:
    rng: random.Random
    clock: Clock
    staff: Staff
    teams: dict[int, list[tuple[DemoTeam, Team]]]
    templates: dict[str, ResponseTemplate]
    done: Counter[str] = field(default_factory=Counter)
    # The agents who have an open report assigned, the organisations that have written to a
    # resident and those that have asked one a question.
    busy: set[int] = field(default_factory=set)
    told: set[int] = field(default_factory=set)
    asked: set[int] = field(default_factory=set)
    # (organisation, visibility) of the notes written so far.
    noted: set[tuple[int, str]] = field(default_factory=set)

    def moment(
        self, situation: Situation, *, after: dt.datetime, days: tuple[float, float]
    ) -> dt.datetime | None:
        """Return a moment in office hours after `after`, while the report is still where it
        is (before it ended, and before its next change when `days` is short), or None."""
        at = self.clock.staff(after=after, working_days=self.rng.uniform(*days))
        limit = situation.ended or self.clock.now
        return at if at < limit and at < self.clock.now else None


def already_seeded() -> bool:
    return (
        DeskVisit.objects.exists()
        or Message.objects.exists()
        or InfoRequest.objects.exists()
        or Activity.objects.filter(kind=ActivityKind.ASSIGNED).exists()
    )


def seed_work(*, seed: int = 2026, now: dt.datetime | None = None) -> Counter[str]:
    """Give the demo staff their work in progress, once; return how much of each was made."""
    now = now or timezone.now()
    with transaction.atomic():
        teams = _teams()
        if not Report.objects.exists() or already_seeded():
            return Counter()
        rng = random.Random(f"work-{seed}")
        work = Work(
            rng=rng,
            clock=Clock(rng=rng, now=now),
            staff=Staff.load(),
            teams=teams,
            templates={t.code: t for t in ResponseTemplate.objects.filter(is_active=True)},
        )
        situations = [Situation.of(report) for report in _reports_at_work(work)]
        for situation in situations:
            _assign(work, situation)
        for situation in situations:
            _notes(work, situation)
            if situation.is_open:
                _messages(work, situation)
                _question(work, situation)
        _links(work, situations)
        work.done["visits"] = seed_visits(rng=rng, clock=work.clock)
    return work.done


def _teams() -> dict[int, list[tuple[DemoTeam, Team]]]:
    """Create the demo teams, each with the demo agents of its organisation."""
    teams: dict[int, list[tuple[DemoTeam, Team]]] = {}
    organisations = {
        o.code: o
        for o in Organisation.objects.filter(code__in={t.organisation for t in DEMO_TEAMS})
    }
    for demo in DEMO_TEAMS:
        organisation = organisations.get(demo.organisation)
        if organisation is None:
            continue
        agents = list(
            User.objects.filter(
                memberships__organisation=organisation,
                memberships__role=Role.PARTNER_AGENT,
                memberships__is_active=True,
                is_active=True,
            ).distinct()
        )
        if not agents:
            continue
        name_fr, name_nl, name_en = demo.names
        team = team_save(
            organisation=organisation,
            name_fr=name_fr,
            name_nl=name_nl,
            name_en=name_en,
            members=agents,
        )
        teams.setdefault(organisation.pk, []).append((demo, team))
    return teams


def _reports_at_work(work: Work) -> list[Report]:
    """Return the reports the demo staff work on: open, or ended lately, handled by an
    organisation with demo staff or in the catchment of an office with a demo coordinator."""
    since = work.clock.now - dt.timedelta(days=RECENTLY_ENDED_DAYS)
    return list(
        Report.objects.filter(
            Q(organisation_id__in=list(work.staff.partners))
            | Q(office_id__in=list(work.staff.coordinators))
        )
        .filter(Q(status__in=OPEN_STATUSES) | Q(status_changed_at__gte=since))
        .select_related("category__parent", "organisation", "office")
        .prefetch_related(
            Prefetch(
                "history", queryset=StatusChange.objects.select_related("by").order_by("at", "id")
            ),
            Prefetch(
                "reporters",
                queryset=Reporter.objects.filter(role=ReporterRole.REPORTER).exclude(email=""),
                to_attr="reachable",
            ),
        )
        .order_by("created_at", "id")
    )


# --- Assignments -------------------------------------------------------------------------


def _assign(work: Work, situation: Situation) -> None:
    """Give a report its organisation has taken up to one of its agents, or to a team."""
    report = situation.report
    agents = work.staff.agents(report)
    if situation.taken is None or not agents:
        return
    teams = work.teams.get(report.organisation_id or 0, [])
    # Every demo agent is in the middle of something: an agent with no open report yet is
    # given the next one their organisation took up (one of its office first).
    idle = [a for a in agents if a.pk not in work.busy] or [
        a for a in work.staff.agents(report, anywhere=True) if a.pk not in work.busy
    ]
    # Whoever moved the report along since then is the one it was given to.
    ids = {a.pk for a in work.staff.agents(report, anywhere=True)}
    doer = next((c.by for c in situation.changes if c.by_id in ids), None)
    roll = work.rng.random()
    to_user = to_team = None
    if situation.is_open and idle:
        to_user = doer if doer in idle else work.rng.choice(idle)
    elif teams and roll < TO_A_TEAM:
        to_team = _team_for(report, teams)
    elif roll < TO_AN_AGENT:
        to_user = doer or work.rng.choice(agents)
    else:
        return  # left for the manager to dispatch
    at = work.moment(situation, after=situation.taken, days=(0.005, 0.06))
    next_change = situation.next_change(situation.taken)
    if at is None or (next_change is not None and at >= next_change):
        at = work.clock.unique(situation.taken)  # taken up and assigned at once
    # A manager hands the work out; without one, the agent takes it.
    by = work.staff.manager(report) or to_user or agents[0]
    report_assign(report=report, by=by, to_user=to_user, to_team=to_team, now=at, notify=False)
    work.done["assigned"] += 1
    if to_user is not None and situation.is_open:
        work.busy.add(to_user.pk)


def _team_for(report: Report, teams: list[tuple[DemoTeam, Team]]) -> Team:
    for demo, team in teams:
        if report.category.code in demo.categories:
            return team
    return teams[0][1]


# --- Internal notes ----------------------------------------------------------------------


def _notes(work: Work, situation: Situation) -> None:
    report = situation.report
    organisation = report.organisation
    start = situation.taken or situation.arrived
    if organisation is not None and report.organisation_id in work.staff.partners:
        authors = _authors(work, report)
        # The first report of each organisation with demo staff that a note fits gets one.
        if organisation.is_police and (
            (organisation.pk, NoteVisibility.POLICE) not in work.noted
            or work.rng.random() < POLICE_NOTE
        ):
            _note(
                work, situation, authors, NoteVisibility.POLICE, organisation, POLICE_NOTES, start
            )
        kind = PARTNER_NOTES.get(f"{organisation.kind}/{organisation.service}")
        if kind is not None and (
            (organisation.pk, NoteVisibility.ORGANISATION) not in work.noted
            or work.rng.random() < kind[0]
        ):
            _note(
                work, situation, authors, NoteVisibility.ORGANISATION, organisation, kind[1], start
            )
    if not situation.is_open or report.office_id is None:
        return
    coordinator = work.staff.coordinators.get(report.office_id)
    if coordinator is not None and work.rng.random() < COORDINATOR_NOTE:
        _note(work, situation, [coordinator], NoteVisibility.OFFICE, None, COORDINATOR_NOTES, start)
    desk = report.created_by if report.channel in (Channel.DESK, Channel.PHONE) else None
    if desk is not None and desk.pk in work.staff.desk_agents and work.rng.random() < DESK_NOTE:
        _note(work, situation, [desk], NoteVisibility.OFFICE, None, DESK_NOTES, report.created_at)


def _authors(work: Work, report: Report) -> list[User]:
    """Return who writes about the report: whoever it is assigned to, else its agents."""
    agents = work.staff.agents(report)
    assigned = [u for u in agents if u.pk == report.assigned_to_id]
    manager = work.staff.manager(report)
    return assigned or agents + ([manager] if manager else [])


def _note(
    work: Work,
    situation: Situation,
    authors: list[User],
    visibility: str,
    organisation: Organisation | None,
    texts: Texts,
    after: dt.datetime,
) -> None:
    """Write a note of the report's category in its author's language, as the author could
    in the back office."""
    report = situation.report
    body = _text(texts, report)
    if not authors or body is None:
        return
    author = work.rng.choice(authors)
    allowed = note_organisation_ids_for(author, visibility)
    if organisation is None:  # a note of the author's office: in the name of their employer
        organisation = Organisation.objects.filter(pk__in=allowed).order_by("pk").first()
    if (
        organisation is None
        or organisation.pk not in allowed
        or visibility not in note_visibilities_for(author, report)
    ):
        return
    language = author.language if author.language in ("fr", "nl") else "fr"
    at = work.moment(situation, after=after, days=(0.1, 4))
    if at is None:
        return
    note_add(
        report=report,
        by=author,
        body=work.rng.choice(body[language]),
        visibility=visibility,
        organisation=organisation,
        now=at,
    )
    work.done[f"notes ({visibility})"] += 1
    work.noted.add((organisation.pk, visibility))


def _text(texts: Mapping[str, T], report: Report) -> T | None:
    """Return the texts of the report's category, or of its parent."""
    for category in report.category.lineage():
        if category.code in texts:
            return texts[category.code]
    return None


# --- Words to the resident ---------------------------------------------------------------


def _sender(work: Work, report: Report) -> User | None:
    """Return who writes to the resident: the assignee, an agent, else the coordinator."""
    candidates = [u for u in work.staff.agents(report) if u.pk == report.assigned_to_id]
    candidates += work.staff.agents(report)
    coordinator = work.staff.coordinators.get(report.office_id or 0)
    if coordinator is not None:
        candidates.append(coordinator)
    return next((user for user in candidates if can_handle(user, report)), None)


def _resident(report: Report) -> Reporter | None:
    reachable: list[Reporter] = getattr(report, "reachable", [])
    return reachable[0] if reachable else None


def _messages(work: Work, situation: Situation) -> None:
    """Send the resident a message from the response templates, in their language."""
    report = situation.report
    resident = _resident(report)
    sender = _sender(work, report)
    if resident is None or sender is None:
        return
    code, after = _template_for(work, situation)
    template = work.templates.get(code)
    if template is None or after is None:
        return
    at = work.moment(situation, after=max(after, situation.arrived), days=(0.01, 0.5))
    if at is None:
        return
    body = render_template(template=template, report=report, language=resident.language)
    message_send(report=report, body=body, by=sender, template=template, now=at, notify=False)
    work.done["messages"] += 1
    work.told.add(report.organisation_id or 0)


def _template_for(work: Work, situation: Situation) -> tuple[str, dt.datetime | None]:
    """Return the response template that fits where the report stands, and from when.

    The first report of each organisation that fits one gets its message: every
    organisation's staff have written to a resident.
    """
    report = situation.report
    top = report.category.lineage()[-1].code
    organisation = report.organisation
    sure = report.organisation_id not in work.told

    def chance(p: float) -> bool:
        return sure or work.rng.random() < p

    if situation.taken is None:
        return "", None
    if report.status == Status.WAITING and situation.waiting:
        return ("waiting-partner", situation.waiting) if chance(WAITING_MESSAGE) else ("", None)
    if report.deadline is not None and report.deadline < timezone.localdate(work.clock.now):
        day_after = dt.datetime.combine(report.deadline + dt.timedelta(days=1), dt.time())
        late = ("more-time", timezone.make_aware(day_after))
        return late if chance(LATE_MESSAGE) else ("", None)
    if report.status == Status.IN_PROGRESS and situation.in_progress:
        if not chance(IN_PROGRESS_MESSAGE):
            return "", None
        if top == "neighbourhood" and organisation and organisation.service == "prevention":
            return "dispute-mediation", situation.in_progress
        if top == "parking" and organisation and organisation.is_police:
            return "parking-patrol", situation.in_progress
        return "in-progress", situation.in_progress
    if top == "lighting" and chance(LIGHTING_MESSAGE):
        return "lighting-network", situation.taken
    if report.status == Status.ACKNOWLEDGED and chance(RECEIVED_MESSAGE):
        return "received", situation.taken
    return "", None


def _question(work: Work, situation: Situation) -> None:
    """Ask the resident a question of the report's category, in their language; they answer
    it, or not yet, or never."""
    report = situation.report
    resident = _resident(report)
    sender = _sender(work, report)
    questions = _text(QUESTIONS, report)
    # The first report of each organisation with demo staff that can have a question gets one.
    sure = (
        report.organisation_id in work.staff.partners and report.organisation_id not in work.asked
    )
    if (
        resident is None
        or sender is None
        or questions is None
        or situation.taken is None
        or not (sure or work.rng.random() < QUESTION)
    ):
        return
    at = work.moment(situation, after=situation.taken, days=(0.1, 2))
    if at is None:
        return
    question, answers = work.rng.choice(questions[resident.language])
    asked = info_request_create(
        report=report, question=question, by=sender, now=at, notify=False
    ).request
    work.done["questions"] += 1
    work.asked.add(report.organisation_id or 0)
    # Residents answer at any hour, within the days the link is valid.
    answered = at + dt.timedelta(days=work.rng.uniform(0.05, 3.5))
    if work.rng.random() < ANSWERED and answered < min(asked.expires_at, work.clock.now):
        info_request_answer(
            request=asked, answer=work.rng.choice(answers), now=work.clock.unique(answered)
        )
        work.done["answers"] += 1


# --- Related reports ---------------------------------------------------------------------


def _links(work: Work, situations: list[Situation]) -> None:
    """Let each coordinator relate a few reports of their office at the same place, one of
    them still open."""
    by_office: dict[int, list[Situation]] = {}
    for situation in situations:
        if situation.report.office_id in work.staff.coordinators:
            by_office.setdefault(situation.report.office_id or 0, []).append(situation)
    for office_id, here in sorted(by_office.items()):
        coordinator = work.staff.coordinators[office_id]
        linked = 0
        for index, first in enumerate(here):
            second = next(
                (
                    s
                    for s in here[index + 1 :]
                    if (first.is_open or s.is_open) and _related(first, s)
                ),
                None,
            )
            if second is None:
                continue
            after = max(first.report.created_at, second.report.created_at)
            at = work.clock.staff(after=after, working_days=work.rng.uniform(0.1, 2))
            if at >= work.clock.now:
                continue
            report_link(report=second.report, related=first.report, by=coordinator, now=at)
            work.done["links"] += 1
            linked += 1
            if linked >= LINKS_PER_OFFICE:
                break


def _related(first: Situation, second: Situation) -> bool:
    a, b = first.report, second.report
    if abs(a.lat - b.lat) > NEAR_LAT or abs(a.lon - b.lon) > NEAR_LON:
        return False
    top_a, top_b = (r.category.lineage()[-1].code for r in (a, b))
    return top_a == top_b or RELATED.get(top_a, top_a) == RELATED.get(top_b, top_b)
