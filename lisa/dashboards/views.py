"""The dashboards at /staff/dashboards/: figures of the region, a municipality, a zone or an
office, filtered by period and category, every table downloadable as CSV and XLSX."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lisa.backoffice.access import AuthedRequest, staff_view
from lisa.dashboards.annual import (
    ANNUAL_LEVELS,
    annual_filename,
    annual_pdf,
    annual_report,
    annual_scope_for,
)
from lisa.dashboards.charts import bar_chart
from lisa.dashboards.exports import csv_response, xlsx_response
from lisa.dashboards.forms import DashboardFilterForm, bad_filters
from lisa.dashboards.selectors import (
    DashboardScope,
    Figures,
    Level,
    dashboard_figures,
    dashboard_scope_for,
    dashboard_scopes_for,
)
from lisa.errors import LisaError, NotFound


@require_GET
@staff_view
def dashboards(request: AuthedRequest) -> HttpResponse:
    """List the person's dashboards; with only one, open it."""
    scopes = dashboard_scopes_for(request.user)
    if len(scopes) == 1:
        return redirect(_url(scopes[0]))
    return render(
        request,
        "dashboards/list.html",
        {"section": "dashboards", "scopes": [(scope, _url(scope)) for scope in scopes]},
        status=200 if scopes else 404,
    )


def _url(scope: DashboardScope, suffix: str = "") -> str:
    if scope.pk is None:
        return reverse("dashboards:region") + suffix
    return reverse("dashboards:dashboard", args=[scope.level.value, scope.pk]) + suffix


def _figures(request: AuthedRequest, level: str, pk: int | None) -> tuple[Figures | None, Any]:
    scope = dashboard_scope_for(request.user, level, pk)
    form = DashboardFilterForm(request.GET)
    if not form.is_valid():
        return None, (scope, form)
    figures = dashboard_figures(request.user, scope, form.chosen_period, form.chosen_category)
    return figures, (scope, form)


@require_GET
@staff_view
def dashboard(request: AuthedRequest, level: str = Level.REGION, pk: int | None = None) -> Any:
    """Show a dashboard: its summary, charts with their tables, and the neighbourhood map."""
    figures, (scope, form) = _figures(request, level, pk)
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    context: dict[str, Any] = {
        "section": "dashboards",
        "scope": scope,
        "form": form,
        "figures": figures,
        "others": [(other, _url(other)) for other in dashboard_scopes_for(request.user)],
        "here": _url(scope),
        "workbook_url": _url(scope, "tables.xlsx" + suffix),
        "annual": _annual(scope, figures),
        "geojson_url": reverse("areas-geojson", args=["neighbourhood"]),
        "tiles": settings.LISA_TILE_URL,
        "attribution": settings.LISA_TILE_ATTRIBUTION,
    }
    if figures is not None:
        compliance = figures.resolution.compliance
        context["compliance_percent"] = None if compliance is None else 100 * compliance
        context["tables"] = [
            {
                "table": table,
                "chart": bar_chart(table.chart()),
                "csv": _url(scope, f"{table.key}.csv{suffix}"),
                "xlsx": _url(scope, f"{table.key}.xlsx{suffix}"),
            }
            for table in figures.tables
        ]
    return render(request, "dashboards/dashboard.html", context, status=200 if figures else 400)


def _filename(figures: Figures, name: str, extension: str) -> str:
    period = f"{figures.period.first:%Y-%m}_{figures.period.last:%Y-%m}"
    return f"lisa-{figures.scope.key}-{name}-{period}.{extension}"


def _heading(figures: Figures) -> str:
    category = figures.category.name if figures.category else _("All categories")
    return _("%(place)s, %(first)s to %(last)s, %(category)s") % {
        "place": figures.scope.name,
        "first": f"{figures.period.first:%Y-%m}",
        "last": f"{figures.period.last:%Y-%m}",
        "category": category,
    }


@require_GET
@staff_view
def table_export(
    request: AuthedRequest,
    table: str,
    extension: str,
    level: str = Level.REGION,
    pk: int | None = None,
) -> HttpResponse:
    """Download one table of a dashboard, as the page shows it with the same filters."""
    if extension not in ("csv", "xlsx"):
        raise NotFound("format_not_found", _("Tables come as CSV or XLSX."))
    figures, (_scope, form) = _figures(request, level, pk)
    if figures is None:
        return bad_filters(form)
    if table == "tables":
        if extension != "xlsx":
            raise NotFound("format_not_found", _("All the tables come as one XLSX workbook."))
        return xlsx_response(
            figures.tables, _filename(figures, "tables", "xlsx"), heading=_heading(figures)
        )
    found = figures.table(table)
    if extension == "csv":
        return csv_response(found.columns, found.rows, _filename(figures, found.key, "csv"))
    return xlsx_response([found], _filename(figures, found.key, "xlsx"), heading=_heading(figures))


def _annual(scope: DashboardScope, figures: Figures | None) -> tuple[int, str] | None:
    """Return the year and link of the annual report the page offers: the last month's year."""
    if figures is None or scope.level not in ANNUAL_LEVELS:
        return None
    year = figures.period.last.year
    return year, _url(scope, f"annual/{year}.pdf")


@require_GET
@staff_view
def annual_report_pdf(
    request: AuthedRequest, year: int, level: str = Level.REGION, pk: int | None = None
) -> HttpResponse:
    """Download the annual activity report of an office or the region, in the person's language."""
    scope = annual_scope_for(request.user, level, pk)
    try:
        report = annual_report(request.user, scope, year)
    except NotFound:
        raise
    except LisaError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(annual_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{annual_filename(report)}"'
    return response
