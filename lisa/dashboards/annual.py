"""The annual activity report of an office or of the region, as a PDF people hand on.

Its figures come from the same selectors as the dashboard (`dashboard_figures` for the
calendar year), the meetings' and the funding programme's own selectors; its charts are the
dashboard's SVG, drawn inline. WeasyPrint renders it without reaching the network: the
style sheet is read from the app and inlined, and any URL the HTML would name is refused.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lisa.accounts.models import User
from lisa.accounts.selectors import Scope
from lisa.dashboards.charts import bar_chart
from lisa.dashboards.selectors import (
    DashboardScope,
    Figures,
    Level,
    Period,
    Table,
    dashboard_figures,
    dashboard_scope_for,
    scope_offices,
)
from lisa.errors import LisaError, NotFound
from lisa.funding.models import ApplicationStatus, Grant, Payment
from lisa.funding.selectors import applications_visible_to, programme_overview
from lisa.meetings.models import MeetingKind
from lisa.meetings.selectors import meeting_figures
from lisa.offices.models import Office

# WeasyPrint tells each step of each PDF at INFO: noise in the command's output and the logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The levels that have an annual report: the issue asks for offices and the region.
ANNUAL_LEVELS = (Level.OFFICE, Level.REGION)
FIRST_YEAR = 2000
CENT = Decimal("0.01")


def system_reader() -> User:
    """Return the acting person of the command: the system, reading as a regional analyst.

    It sees every dashboard and aggregate, and no personal data (the report holds none).
    The user is never saved; its scope is given, not read from memberships.
    """
    reader = User(username="lisa-system")
    setattr(reader, "_lisa_memberships", [])  # noqa: B010  (the scope cache of scope_for)
    setattr(reader, "_lisa_scope", Scope(user_id=None, is_analyst=True))  # noqa: B010
    return reader


def annual_scope_for(user: User | None, level: str, pk: int | None) -> DashboardScope:
    """Return the office or region the person may read the annual report of, else NotFound."""
    if level not in {item.value for item in ANNUAL_LEVELS}:
        raise NotFound("annual_report_not_found", _("There is no such annual report."))
    return dashboard_scope_for(user, level, pk)


def year_period(year: int) -> Period:
    """Return the calendar year as the dashboard's period."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise LisaError(
            "bad_year",
            _("Choose a year from %(first)d to %(last)d.")
            % {"first": FIRST_YEAR, "last": timezone.localdate().year},
            field="year",
        )
    return Period(first=dt.date(year, 1, 1), last=dt.date(year, 12, 1))


@dataclass(frozen=True)
class AnnualReport:
    scope: DashboardScope
    year: int
    figures: Figures
    meetings: Table
    funding: Table
    generated_on: dt.date

    def section_tables(self) -> list[Table]:
        """Return the tables in the order of the report."""
        tables = list(self.figures.tables)
        after_months = [table.key for table in tables].index("months") + 1
        tables.insert(after_months, self.resolution)
        return [*tables, self.meetings, self.funding]

    @property
    def resolution(self) -> Table:
        """Return the resolution times and deadlines, from the dashboard's figures."""
        summary = {str(row[0]): row[1] for row in self.figures.table("summary").rows}
        keys = [
            _("Resolved"),
            _("Median time to resolve (days)"),
            _("90th percentile time to resolve (days)"),
            _("Deadlines kept"),
            _("Deadlines missed"),
            _("Resolved by the deadline (%)"),
            _("Transfers"),
            _("Resolved reports reopened (%)"),
        ]
        return Table(
            key="resolution",
            title=_("Resolution times and deadline compliance"),
            columns=[_("Figure"), _("Value")],
            rows=[[key, summary.get(key)] for key in keys],
            note=_(
                "A deadline is kept when the report was resolved by its day, missed when "
                "resolved later or still open after it."
            ),
        )


def annual_report(
    user: User | None, scope: DashboardScope, year: int, *, today: dt.date | None = None
) -> AnnualReport:
    """Return the figures of a year for an office or the region the person may read."""
    scope = annual_scope_for(user, scope.level.value, scope.pk)
    period = year_period(year)
    today = today or timezone.localdate()
    figures = dashboard_figures(user, scope, period, today=today)
    office_ids = list(scope_offices(scope).values_list("pk", flat=True))
    return AnnualReport(
        scope=scope,
        year=year,
        figures=figures,
        meetings=_meetings(user, office_ids, period),
        funding=_funding(user, scope, year),
        generated_on=today,
    )


def _meetings(user: User | None, office_ids: list[int], period: Period) -> Table:
    kinds = dict(MeetingKind.choices)
    rows: list[list[object]] = [
        [
            str(kinds.get(row.kind, row.kind)),
            row.held,
            row.cancelled,
            row.organisations_present,
            row.residents_present,
        ]
        for row in meeting_figures(user, office_ids=office_ids, start=period.start, end=period.end)
    ]
    return Table(
        key="meetings",
        title=_("Partnership meetings"),
        columns=[
            _("Kind"),
            _("Meetings held"),
            _("Meetings cancelled"),
            _("Organisations present"),
            _("Residents present"),
        ],
        rows=rows,
        chart_column=1,
        note=_("Organisations present are counted once for each meeting they attended."),
    )


def _euros(value: Decimal | None) -> Decimal:
    return (value or Decimal(0)).quantize(CENT)


def _funding(user: User | None, scope: DashboardScope, year: int) -> Table:
    columns = [_("Figure"), _("Value")]
    title = _("Funding of the financial year")
    if scope.pk is None:  # the region
        overview = programme_overview(user, year)
        row = next((item for item in overview.years if item.financial_year == year), None)
        rows: list[list[object]] = [
            [_("Envelope (EUR)"), _euros(row.envelope if row else None)],
            [_("Applications"), row.applications if row else 0],
            [_("Applications awarded"), row.awarded if row else 0],
            [_("Committed (EUR)"), _euros(row.committed if row else None)],
            [_("Paid (EUR)"), _euros(row.paid if row else None)],
            [_("Left of the envelope (EUR)"), _euros(row.remaining if row else None)],
        ]
        return Table(key="funding", title=title, columns=columns, rows=rows)
    applications = applications_visible_to(user).filter(
        office_id=scope.pk, call__financial_year=year
    )
    counts = applications.aggregate(
        applications=Count("pk"),
        awarded=Count("pk", filter=Q(status=ApplicationStatus.AWARDED)),
    )
    committed = Grant.objects.filter(application__in=applications).aggregate(total=Sum("amount"))
    paid = Payment.objects.filter(tranche__grant__application__in=applications).aggregate(
        total=Sum("amount")
    )
    rows = [
        [_("Applications"), counts["applications"]],
        [_("Applications awarded"), counts["awarded"]],
        [_("Committed (EUR)"), _euros(committed["total"])],
        [_("Paid (EUR)"), _euros(paid["total"])],
    ]
    return Table(key="funding", title=title, columns=columns, rows=rows)


def _style_sheet() -> str:
    path = finders.find("dashboards/annual.css")
    if not path:
        raise LookupError("dashboards/annual.css is missing from the static files")
    return Path(str(path)).read_text(encoding="utf-8")


def refuse_urls(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Refuse every URL: the report's assets are inline, and a PDF must not call out."""
    raise ValueError(f"The annual report fetches nothing: {url}")


def annual_html(report: AnnualReport) -> str:
    """Return the report as HTML for print, in the active language."""
    sections = [
        {"table": table, "chart": bar_chart(table.chart())} for table in report.section_tables()
    ]
    # An annual report with a pk is an office's (ANNUAL_LEVELS).
    office = (
        Office.objects.filter(pk=report.scope.pk).first() if report.scope.pk is not None else None
    )
    compliance = report.figures.resolution.compliance
    return render_to_string(
        "dashboards/annual.html",
        {
            "report": report,
            "compliance_percent": None if compliance is None else 100 * compliance,
            "office": office,
            "sections": sections,
            "language": translation.get_language(),
        },
    )


def annual_pdf(report: AnnualReport) -> bytes:
    """Return the report as a PDF, in the language its figures were read in."""
    # WeasyPrint loads Pango through cffi on import: only the PDF's callers pay for it.
    from weasyprint import CSS, HTML

    html = annual_html(report)
    # The style sheet is given as a string, not linked: the templates carry no style element
    # (the Content-Security-Policy rule), and nothing is fetched.
    style = CSS(string=_style_sheet(), url_fetcher=refuse_urls)
    return HTML(string=html, url_fetcher=refuse_urls, base_url=None).write_pdf(stylesheets=[style])


def annual_filename(report: AnnualReport) -> str:
    return f"lisa-{report.scope.key}-annual-{report.year}-{translation.get_language()}.pdf"
