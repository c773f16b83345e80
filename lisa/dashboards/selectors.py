"""The dashboards' figures, for a person: which dashboards they open, and what each shows.

Who opens which dashboard follows the "aggregates" column of the README's "Roles and who sees
what", read from the person's scope (`lisa.accounts.selectors.scope_for`), the same scope
every list of reports starts from: a coordinator or desk agent, their office; a police
officer, their zone; the agents and managers of a municipal or prevention service (who work
for their whole organisation, whose jurisdiction is the municipality), their municipality;
regional analysts and administrators, everything. Anyone else (a housing company, a CPAS, a
regional agency's agent) has no dashboard: asking for one is "not found".

The figures are counts and durations, never a resident, a text or a place finer than a
neighbourhood. Every count is a GROUP BY in the database on the located-area, category,
status and date columns of the report, which are indexed; only the resolution durations
come to Python, where their percentiles are computed the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lisa.accounts.models import Organisation, OrganisationKind, User
from lisa.accounts.selectors import memberships_of, scope_for
from lisa.dashboards.models import DurationRollup, OverdueRollup, ReportRollup
from lisa.dashboards.rollup import rollups_built
from lisa.errors import NotFound
from lisa.events.models import Event, EventKind, RegistrationStatus
from lisa.funding.selectors import programme_overview
from lisa.geo.locator import OutsideTerritory, locate
from lisa.geo.models import Area, AreaKind
from lisa.lib.percentiles import nearest_rank
from lisa.offices.models import DeskVisit, Office, VisitTopic
from lisa.reports.models import OPEN_STATUSES, Category, Channel, Report, Status, StatusChange
from lisa.reports.selectors import latest_satisfactions

_Rollup = TypeVar("_Rollup", ReportRollup, DurationRollup, OverdueRollup)


class Level(enum.StrEnum):
    REGION = "region"
    MUNICIPALITY = "municipality"
    ZONE = "zone"
    OFFICE = "office"


# Organisations whose staff read their municipality's figures: they work for it as a whole.
MUNICIPAL_KINDS = (OrganisationKind.MUNICIPAL_SERVICE, OrganisationKind.PREVENTION_SERVICE)


@dataclass(frozen=True)
class DashboardScope:
    """One dashboard a person may open: the region, or one municipality, zone or office."""

    level: Level
    pk: int | None
    name: str

    @property
    def key(self) -> str:
        return self.level.value if self.pk is None else f"{self.level.value}-{self.pk}"


def _area_ids(organisation_ids: frozenset[int], kind: str) -> set[int]:
    return set(
        Organisation.jurisdiction.through.objects.filter(
            organisation_id__in=organisation_ids, area__kind=kind
        ).values_list("area_id", flat=True)
    )


def dashboard_scopes_for(user: User | None) -> list[DashboardScope]:
    """Return the dashboards the person may open, the widest first."""
    scope = scope_for(user)
    if scope.sees_all_reports:
        zones = Area.objects.filter(kind=AreaKind.POLICE_ZONE)
        municipalities = Area.objects.filter(kind=AreaKind.MUNICIPALITY)
        offices = Office.objects.all()
        region = [DashboardScope(Level.REGION, None, _("Brussels-Capital Region"))]
    else:
        municipal = set(
            Organisation.objects.filter(
                pk__in=scope.handler_organisation_ids, kind__in=MUNICIPAL_KINDS
            ).values_list("pk", flat=True)
        )
        zones = Area.objects.filter(
            pk__in=_area_ids(scope.police_organisation_ids, AreaKind.POLICE_ZONE)
        )
        municipalities = Area.objects.filter(
            pk__in=_area_ids(frozenset(municipal), AreaKind.MUNICIPALITY)
        )
        offices = Office.objects.filter(pk__in=scope.catchment_office_ids)
        region = []
    return [
        *region,
        *(
            DashboardScope(Level.ZONE, area.pk, area.name)
            for area in zones.only("name_fr", "name_nl", "name_en").order_by("code")
        ),
        *(
            DashboardScope(Level.MUNICIPALITY, area.pk, area.name)
            for area in municipalities.only("name_fr", "name_nl", "name_en").order_by("code")
        ),
        *(
            DashboardScope(Level.OFFICE, office.pk, office.name)
            for office in offices.only("name_fr", "name_nl", "name_en").order_by("code")
        ),
    ]


def has_dashboard(user: User | None) -> bool:
    """Return whether the person opens at least one dashboard, read from their memberships."""
    scope = scope_for(user)
    if scope.sees_all_reports or scope.catchment_office_ids or scope.police_organisation_ids:
        return True
    return user is not None and any(
        membership.organisation_id in scope.handler_organisation_ids
        and membership.organisation.kind in MUNICIPAL_KINDS
        for membership in memberships_of(user)
    )


def dashboard_scope_for(user: User | None, level: str, pk: int | None) -> DashboardScope:
    """Return the dashboard if the person may open it, else raise NotFound."""
    for scope in dashboard_scopes_for(user):
        if scope.level.value == level and scope.pk == pk:
            return scope
    raise NotFound("dashboard_not_found", _("There is no such dashboard."))


@dataclass(frozen=True)
class Period:
    """Whole months, from the first day of `first` to the last day of `last`."""

    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        following = (self.last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return timezone.make_aware(dt.datetime.combine(following, dt.time.min))

    def months(self) -> list[dt.date]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return months


def last_months(count: int = 12, today: dt.date | None = None) -> Period:
    """Return the `count` months up to and including this one."""
    last = (today or timezone.localdate()).replace(day=1)
    first = last
    for _step in range(count - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return Period(first=first, last=last)


@dataclass(frozen=True)
class Table:
    """Figures in rows: what a page shows beside its chart, and what CSV and XLSX hold."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[object]]
    # The column a bar chart draws (its labels are the first column); None: no chart.
    chart_column: int | None = None
    note: str = ""

    def chart(self) -> list[tuple[str, float]]:
        if self.chart_column is None:
            return []
        return [
            (str(row[0]), float(value))
            for row in self.rows
            if isinstance(value := row[self.chart_column], int | float | Decimal)
        ]


@dataclass(frozen=True)
class Resolution:
    """How reports were resolved: durations, deadlines, transfers and reopenings."""

    reports: int
    resolved: int
    median_days: float | None
    p90_days: float | None
    on_time: int
    late: int
    transferred_reports: int
    transfers: int
    reopened_reports: int

    @property
    def compliance(self) -> float | None:
        """Return the share of reports due so far that were resolved by their deadline."""
        due = self.on_time + self.late
        return self.on_time / due if due else None

    @property
    def transfer_rate(self) -> float | None:
        return self.transferred_reports / self.reports if self.reports else None

    @property
    def reopen_rate(self) -> float | None:
        """Return the share of resolved reports that were reopened."""
        return self.reopened_reports / self.resolved if self.resolved else None


@dataclass(frozen=True)
class Figures:
    scope: DashboardScope
    period: Period
    category: Category | None
    resolution: Resolution
    satisfaction_average: float | None
    tables: list[Table] = field(default_factory=list)
    # Reports per neighbourhood code, for the map.
    by_neighbourhood: dict[str, int] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise NotFound("table_not_found", _("There is no such table."))


def scope_reports(scope: DashboardScope) -> QuerySet[Report]:
    """Return every report of a dashboard's place, on the located-area columns."""
    if scope.level == Level.MUNICIPALITY:
        return Report.objects.filter(municipality_id=scope.pk)
    if scope.level == Level.ZONE:
        return Report.objects.filter(police_zone_id=scope.pk)
    if scope.level == Level.OFFICE and scope.pk is not None:
        return Report.objects.filter(office_id=scope.pk)
    return Report.objects.all()


def scope_offices(scope: DashboardScope) -> QuerySet[Office]:
    """Return the offices whose events and desk count for a dashboard's place."""
    if scope.level == Level.OFFICE and scope.pk is not None:
        return Office.objects.filter(pk=scope.pk)
    if scope.level == Level.MUNICIPALITY:
        return Office.objects.filter(municipality_id=scope.pk)
    if scope.level == Level.ZONE:
        # Offices are few, and the locator in memory says which zone holds each one.
        in_zone = [
            office.pk
            for office in Office.objects.only("lat", "lon")
            if _zone_of(office) == scope.pk
        ]
        return Office.objects.filter(pk__in=in_zone)
    return Office.objects.all()


def _zone_of(office: Office) -> int | None:
    try:
        zone = locate(lat=office.lat, lon=office.lon).police_zone
    except OutsideTerritory:
        return None
    return zone.pk if zone is not None else None


def with_category(reports: QuerySet[Report], category: Category | None) -> QuerySet[Report]:
    """Return the reports of the category and its sub-categories (all without one)."""
    if category is None:
        return reports
    return reports.filter(Q(category_id=category.pk) | Q(category__parent_id=category.pk))


def filter_categories() -> list[Category]:
    """Return the categories a dashboard filters by: the top of the tree."""
    return list(Category.objects.filter(parent__isnull=True))


def dashboard_figures(
    user: User | None,
    scope: DashboardScope,
    period: Period,
    category: Category | None = None,
    *,
    today: dt.date | None = None,
    live: bool | None = None,
) -> Figures:
    """Return the figures of a dashboard the person may open (else raise NotFound).

    The report figures come from the rollups (`lisa.dashboards.rollup`) once they are built,
    else, or with `live=True` (or a category below the top of the tree), from the reports.
    """
    dashboard_scope_for(user, scope.level.value, scope.pk)
    today = today or timezone.localdate()
    if live is None:
        live = not rollups_built()
    if category is not None and category.parent_id is not None:
        live = True  # the rollups count top categories only
    if live:
        reports = with_category(
            scope_reports(scope).filter(created_at__gte=period.start, created_at__lt=period.end),
            category,
        )
        resolution = resolution_of(reports, today=today)
        by_category = _by_category(reports)
        by_month = _by_month(reports, period)
        neighbourhoods = _by_neighbourhood(reports)
        satisfaction = _satisfaction(reports)
        desk_reports = _desk_reports(reports)
    else:
        cells = _rollup_cells(ReportRollup.objects.all(), scope, period, category)
        resolution = _rollup_resolution(scope, period, category, cells, today=today)
        by_category = _category_table(
            {
                row["category"]: (row["total"], row["open"])
                for row in cells.values("category").annotate(
                    total=Sum("reports"), open=Sum("still_open")
                )
            }
        )
        by_month = _month_table(
            {
                row["month"]: (row["total"], row["open"])
                for row in cells.values("month").annotate(
                    total=Sum("reports"), open=Sum("still_open")
                )
            },
            period,
        )
        neighbourhoods = _neighbourhood_table(
            {
                int(pk): total
                for pk, total in cells.exclude(neighbourhood=None)
                .values("neighbourhood")
                .annotate(total=Sum("reports"))
                .values_list("neighbourhood", "total")
                if pk is not None
            }
        )
        scores = cells.aggregate(**{f"s{n}": Sum(f"score_{n}") for n in range(1, 6)})
        satisfaction = _satisfaction_table({n: scores[f"s{n}"] or 0 for n in range(1, 6)})
        desk_reports = _desk_table(
            {
                (row["category"], row["language"]): row["total"]
                for row in cells.filter(desk=True)
                .values("category", "language")
                .annotate(total=Sum("reports"))
            }
        )
    answers = sum(int(row[1]) for row in satisfaction.rows)  # type: ignore[call-overload]
    total = sum(int(row[0]) * int(row[1]) for row in satisfaction.rows)  # type: ignore[call-overload]
    tables = [
        _summary(resolution, average=total / answers if answers else None, answers=answers),
        by_category,
        by_month,
        neighbourhoods,
        satisfaction,
        desk_reports,
        _desk_visits(scope, period),
        _events(scope, period),
        budget_execution(user, scope),
    ]
    return Figures(
        scope=scope,
        period=period,
        category=category,
        resolution=resolution,
        satisfaction_average=total / answers if answers else None,
        tables=tables,
        by_neighbourhood={str(row[0]): int(row[2]) for row in neighbourhoods.rows},  # type: ignore[call-overload]
    )


def _rollup_cells(
    cells: QuerySet[_Rollup], scope: DashboardScope, period: Period, category: Category | None
) -> QuerySet[_Rollup]:
    """Narrow rollup rows to a dashboard's place, period and top category."""
    cells = cells.filter(month__gte=period.first, month__lte=period.last).order_by()
    if scope.level == Level.MUNICIPALITY:
        cells = cells.filter(municipality=scope.pk)
    elif scope.level == Level.ZONE:
        cells = cells.filter(police_zone=scope.pk)
    elif scope.level == Level.OFFICE and scope.pk is not None:
        cells = cells.filter(office=scope.pk)
    if category is not None:
        cells = cells.filter(category=category.pk)
    return cells


def _rollup_resolution(
    scope: DashboardScope,
    period: Period,
    category: Category | None,
    cells: QuerySet[ReportRollup],
    *,
    today: dt.date,
) -> Resolution:
    """Return resolution_of() from the rollups."""
    sums = cells.aggregate(
        reports=Sum("reports"),
        resolved=Sum("resolved"),
        due_resolved=Sum("due_resolved"),
        on_time=Sum("on_time"),
        transferred_reports=Sum("transferred_reports"),
        transfers=Sum("transfers"),
        reopened_reports=Sum("reopened_reports"),
    )
    counts = {name: value or 0 for name, value in sums.items()}
    buckets = sorted(
        _rollup_cells(DurationRollup.objects.all(), scope, period, category)
        .values("hours")
        .annotate(total=Sum("count"))
        .values_list("hours", "total")
    )
    # Still open past the deadline depends on the day: the rows due before today.
    overdue = (
        _rollup_cells(OverdueRollup.objects.all(), scope, period, category)
        .filter(deadline__lt=today)
        .aggregate(total=Sum("count"))["total"]
        or 0
    )
    return Resolution(
        reports=counts["reports"],
        resolved=counts["resolved"],
        median_days=_weighted_rank(buckets, 0.5),
        p90_days=_weighted_rank(buckets, 0.9),
        on_time=counts["on_time"],
        late=counts["due_resolved"] - counts["on_time"] + overdue,
        transferred_reports=counts["transferred_reports"],
        transfers=counts["transfers"],
        reopened_reports=counts["reopened_reports"],
    )


def _weighted_rank(buckets: list[tuple[int, int]], share: float) -> float | None:
    """Return nearest_rank() of durations given as (hours, how many), in days."""
    total = sum(count for _hours, count in buckets)
    if not total:
        return None
    rank = max(math.ceil(share * total), 1)
    seen = 0
    for hours, count in buckets:
        seen += count
        if seen >= rank:
            return hours / 24
    return None  # pragma: no cover - the ranks add up to the total


def resolution_of(reports: QuerySet[Report], *, today: dt.date) -> Resolution:
    """Return durations, deadline compliance, transfers and reopenings of these reports.

    A report is resolved when it first reached "resolved"; its time to resolve runs from its
    creation to then. It kept its deadline when resolved on or before the deadline's day,
    and missed it when resolved later or still open after it; reports still open before
    their deadline, or closed without being resolved, are not counted either way.
    """
    ids = reports.values("pk")
    # The durations come from the database already subtracted, one value a report: reading
    # both timestamps and converting each to a local date cost seconds per 100,000 reports.
    days = [
        taken.total_seconds() / 86400
        for taken in StatusChange.objects.filter(report__in=ids, to_status=Status.RESOLVED)
        .values("report_id")
        .annotate(
            taken=ExpressionWrapper(
                Min("at") - F("report__created_at"), output_field=DurationField()
            )
        )
        .values_list("taken", flat=True)
    ]
    resolved = StatusChange.objects.filter(report=OuterRef("pk"), to_status=Status.RESOLVED)
    # Resolved by the deadline's day (in Brussels) at least once: then first, too.
    in_time = resolved.filter(at__date__lte=OuterRef("deadline"))
    counts = reports.aggregate(
        reports=Count("pk"),
        due_resolved=Count("pk", filter=Q(deadline__isnull=False) & Q(Exists(resolved))),
        on_time=Count("pk", filter=Q(deadline__isnull=False) & Q(Exists(in_time))),
        overdue=Count(
            "pk",
            filter=Q(status__in=OPEN_STATUSES, deadline__lt=today) & ~Q(Exists(resolved)),
        ),
    )
    on_time = counts["on_time"]
    late = counts["due_resolved"] - on_time
    changes = StatusChange.objects.filter(report__in=ids)
    transfers = changes.filter(to_status=Status.TRANSFERRED).aggregate(
        changes=Count("pk"), reports=Count("report_id", distinct=True)
    )
    reopened = (
        changes.filter(to_status=Status.REOPENED)
        .aggregate(reports=Count("report_id", distinct=True))
        .get("reports")
    )
    return Resolution(
        reports=counts["reports"],
        resolved=len(days),
        median_days=nearest_rank(days, 0.5),
        p90_days=nearest_rank(days, 0.9),
        on_time=on_time,
        late=late + counts["overdue"],
        transferred_reports=transfers["reports"],
        transfers=transfers["changes"],
        reopened_reports=reopened or 0,
    )


def _rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _summary(resolution: Resolution, *, average: float | None, answers: int) -> Table:
    return Table(
        key="summary",
        title=_("Summary"),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("Reports"), resolution.reports],
            [_("Resolved"), resolution.resolved],
            [_("Median time to resolve (days)"), _rounded(resolution.median_days)],
            [_("90th percentile time to resolve (days)"), _rounded(resolution.p90_days)],
            [_("Resolved by the deadline (%)"), _percent(resolution.compliance)],
            [_("Deadlines kept"), resolution.on_time],
            [_("Deadlines missed"), resolution.late],
            [_("Transfers"), resolution.transfers],
            [_("Reports transferred (%)"), _percent(resolution.transfer_rate)],
            [_("Resolved reports reopened (%)"), _percent(resolution.reopen_rate)],
            [_("Satisfaction (average of 5)"), _rounded(average, 2)],
            [_("Satisfaction answers"), answers],
        ],
    )


def _by_category(reports: QuerySet[Report]) -> Table:
    categories = {c.pk: c for c in Category.objects.all()}
    per_top: dict[int, tuple[int, int]] = {}
    for row in reports.values("category_id").annotate(
        total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES))
    ):
        category = categories[row["category_id"]]
        top = category.parent_id or category.pk
        total, still = per_top.get(top, (0, 0))
        per_top[top] = (total + row["total"], still + row["open"])
    return _category_table(per_top, categories)


def _category_table(
    per_top: dict[int, tuple[int, int]], categories: dict[int, Category] | None = None
) -> Table:
    """Return the table of reports and still open ones per top category."""
    categories = categories or {c.pk: c for c in Category.objects.all()}
    counts: Counter[int] = Counter({pk: total for pk, (total, _open) in per_top.items()})
    still_open = {pk: still for pk, (_total, still) in per_top.items()}
    rows: list[list[object]] = [
        [categories[pk].name, total, still_open[pk]] for pk, total in counts.most_common()
    ]
    return Table(
        key="categories",
        title=_("Reports by category"),
        columns=[_("Category"), _("Reports"), _("Still open")],
        rows=rows,
        chart_column=1,
    )


def month_of(value: dt.datetime | dt.date) -> dt.date:
    """Return the first day of the month TruncMonth gave (a local datetime, or a date)."""
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def _by_month(reports: QuerySet[Report], period: Period) -> Table:
    counts = {
        month_of(row["month"]): (row["total"], row["open"])
        for row in reports.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES)))
    }
    return _month_table(counts, period)


def _month_table(counts: dict[dt.date, tuple[int, int]], period: Period) -> Table:
    """Return the table of reports and still open ones per month of the period."""
    rows: list[list[object]] = []
    for month in period.months():
        total, still_open = counts.get(month, (0, 0))
        rows.append([month.strftime("%Y-%m"), total, still_open])
    return Table(
        key="months",
        title=_("Reports by month"),
        columns=[_("Month"), _("Reports"), _("Still open")],
        rows=rows,
        chart_column=1,
    )


def _by_neighbourhood(reports: QuerySet[Report]) -> Table:
    counts = dict(
        reports.exclude(neighbourhood_id=None)
        .values("neighbourhood_id")
        .annotate(total=Count("pk"))
        .values_list("neighbourhood_id", "total")
    )
    return _neighbourhood_table(counts)


def _neighbourhood_table(counts: dict[int, int]) -> Table:
    """Return the table of reports per neighbourhood, the most first."""
    areas = Area.objects.filter(pk__in=counts).only("code", "name_fr", "name_nl", "name_en")
    rows: list[list[object]] = [
        [area.code, area.name, counts[area.pk]]
        for area in sorted(areas, key=lambda area: (-counts[area.pk], area.code))
    ]
    return Table(
        key="neighbourhoods",
        title=_("Reports by neighbourhood"),
        columns=[_("Code"), _("Neighbourhood"), _("Reports")],
        rows=rows,
    )


def _satisfaction(reports: QuerySet[Report]) -> Table:
    counts = dict(
        latest_satisfactions()
        .filter(report__in=reports.values("pk"))
        .values("score")
        .annotate(total=Count("pk"))
        .values_list("score", "total")
    )
    return _satisfaction_table(counts)


def _satisfaction_table(counts: dict[int, int]) -> Table:
    """Return the table of answers per score."""
    return Table(
        key="satisfaction",
        title=_("Satisfaction of residents"),
        columns=[_("Score (of 5)"), _("Answers")],
        rows=[[score, counts.get(score, 0)] for score in range(5, 0, -1)],
        chart_column=1,
        note=_("Each resident's latest answer about a resolved report."),
    )


def _desk_reports(reports: QuerySet[Report]) -> Table:
    categories = {c.pk: c for c in Category.objects.all()}
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for row in (
        reports.filter(channel__in=(Channel.DESK, Channel.PHONE))
        .values("category_id", "language")
        .annotate(total=Count("pk"))
    ):
        category = categories[row["category_id"]]
        counts[(category.parent_id or category.pk, row["language"])] += row["total"]
    return _desk_table(counts)


def _desk_table(counts: dict[tuple[int, str], int]) -> Table:
    """Return the table of desk and phone reports per top category and language."""
    categories = {c.pk: c for c in Category.objects.all()}
    rows: list[list[object]] = [
        [categories[pk].name, language.upper(), total]
        for (pk, language), total in sorted(counts.items(), key=lambda item: -item[1])
    ]
    return Table(
        key="desk-reports",
        title=_("Reports made at a desk or by phone, by category and language"),
        columns=[_("Category"), _("Language"), _("Reports")],
        rows=rows,
    )


def _desk_visits(scope: DashboardScope, period: Period) -> Table:
    topics = dict(VisitTopic.choices)
    rows: list[list[object]] = [
        [str(topics.get(row["topic"], row["topic"])), row["language"].upper(), row["total"]]
        for row in DeskVisit.objects.filter(
            office__in=scope_offices(scope), at__gte=period.start, at__lt=period.end
        )
        .values("topic", "language")
        .annotate(total=Count("pk"))
        .order_by("-total", "topic", "language")
    ]
    return Table(
        key="desk-visits",
        title=_("Desk visits by topic and language"),
        columns=[_("Topic"), _("Language"), _("Visits")],
        rows=rows,
    )


def _events(scope: DashboardScope, period: Period) -> Table:
    kinds = dict(EventKind.choices)
    rows: list[list[object]] = [
        [
            str(kinds.get(row["kind"], row["kind"])),
            row["held"],
            row["cancelled"],
            row["confirmed"],
            row["waiting"],
        ]
        for row in Event.objects.filter(
            office__in=scope_offices(scope), starts_at__gte=period.start, starts_at__lt=period.end
        )
        .values("kind")
        .annotate(
            held=Count("pk", filter=Q(cancelled_at__isnull=True), distinct=True),
            cancelled=Count("pk", filter=Q(cancelled_at__isnull=False), distinct=True),
            confirmed=Count(
                "registrations",
                filter=Q(
                    cancelled_at__isnull=True,
                    registrations__status=RegistrationStatus.CONFIRMED,
                ),
            ),
            waiting=Count(
                "registrations",
                filter=Q(
                    cancelled_at__isnull=True, registrations__status=RegistrationStatus.WAITING
                ),
            ),
        )
        .order_by("kind")
    ]
    return Table(
        key="events",
        title=_("Events and attendance"),
        columns=[
            _("Kind"),
            _("Events"),
            pgettext("events", "Cancelled"),
            _("Places taken"),
            _("On the waiting list"),
        ],
        rows=rows,
        note=_("Places taken are the confirmed registrations; LISA does not record who came."),
    )


def budget_execution(user: User | None, scope: DashboardScope) -> Table:
    """Return the funding programme per financial year, as far as the person sees it.

    The region's dashboard shows the whole programme, envelope and what is left of it; a
    municipality's, zone's or office's the grants of its offices only (an envelope is the
    region's, so it is left out there). What the person may see is the funding app's rule.
    """
    whole_region = scope.level == Level.REGION
    overview = programme_overview(user, offices=None if whole_region else scope_offices(scope))
    rows: list[list[object]] = [
        [
            row.financial_year,
            row.envelope if whole_region else None,
            row.awarded,
            row.committed,
            row.paid,
            row.remaining if whole_region else None,
            row.to_pay,
        ]
        for row in overview.years
    ]
    return Table(
        key="budget",
        title=_("Budget execution of the funding programme"),
        columns=[
            _("Financial year"),
            _("Envelope (EUR)"),
            _("Grants awarded"),
            _("Committed (EUR)"),
            _("Paid (EUR)"),
            _("Envelope left (EUR)"),
            _("Still to pay (EUR)"),
        ],
        rows=rows,
        chart_column=3,
        note=_("Committed: the grants awarded; left: the envelope less what is committed."),
    )
