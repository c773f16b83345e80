"""The open data: reports per neighbourhood and month, for anyone, as CSV and GeoJSON.

Only what the public may see counts (`public_reports`: no private category, no duplicate or
rejected report), and nothing about a person is in it. A count under 5 is left blank and
flagged as suppressed, so that a row never points to one or two residents of a street. The
README's "Open data" section documents the columns and the licence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from lisa.dashboards.exports import csv_response
from lisa.dashboards.forms import DashboardFilterForm, bad_filters
from lisa.dashboards.selectors import Period, month_of
from lisa.geo.models import Area, AreaKind
from lisa.reports.models import OPEN_STATUSES
from lisa.reports.public import public_reports

SUPPRESS_BELOW = 5
LICENCE = "CC0-1.0"
COLUMNS = [
    "month",
    "neighbourhood_code",
    "neighbourhood_fr",
    "neighbourhood_nl",
    "municipality_code",
    "reports",
    "reports_open",
    "suppressed",
]


@dataclass(frozen=True)
class OpenDataRow:
    month: str
    neighbourhood: Area
    municipality_code: str
    reports: int | None
    still_open: int | None

    @property
    def suppressed(self) -> bool:
        return self.reports is None or self.still_open is None

    def values(self) -> list[object]:
        return [
            self.month,
            self.neighbourhood.code,
            self.neighbourhood.name_fr,
            self.neighbourhood.name_nl,
            self.municipality_code,
            self.reports,
            self.still_open,
            "true" if self.suppressed else "false",
        ]


def _kept(count: int) -> int | None:
    """Return the count, or None when it is small enough to point to a few people."""
    return count if count == 0 or count >= SUPPRESS_BELOW else None


def open_data(period: Period) -> list[OpenDataRow]:
    """Return the public reports of the period per neighbourhood and month, small counts hidden."""
    grouped = (
        public_reports()
        .filter(created_at__gte=period.start, created_at__lt=period.end)
        .exclude(neighbourhood_id=None)
        .annotate(month=TruncMonth("created_at"))
        .values("neighbourhood_id", "month")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES)))
        .order_by()
    )
    areas = {
        area.pk: area
        for area in Area.objects.filter(kind=AreaKind.NEIGHBOURHOOD)
        .select_related("parent")
        .only("code", "name_fr", "name_nl", "parent__code")
    }
    rows = []
    for row in grouped:
        month = month_of(row["month"])
        area = areas[row["neighbourhood_id"]]
        rows.append(
            OpenDataRow(
                month=f"{month:%Y-%m}",
                neighbourhood=area,
                municipality_code=area.parent.code if area.parent else "",
                reports=_kept(row["total"]),
                still_open=_kept(row["open"]),
            )
        )
    rows.sort(key=lambda row: (row.month, row.neighbourhood.code))
    return rows


def _period(request: HttpRequest) -> Period | HttpResponse:
    form = DashboardFilterForm(request.GET)
    if not form.is_valid():
        return bad_filters(form)
    return form.chosen_period


def _name(period: Period, extension: str) -> str:
    return f"lisa-reports-by-neighbourhood-{period.first:%Y-%m}_{period.last:%Y-%m}.{extension}"


@require_GET
@cache_control(public=True, max_age=3600)
def reports_csv(request: HttpRequest) -> HttpResponse:
    """Return the open data as CSV: one row per neighbourhood and month with reports."""
    period = _period(request)
    if isinstance(period, HttpResponse):
        return period
    return csv_response(COLUMNS, (row.values() for row in open_data(period)), _name(period, "csv"))


@require_GET
@cache_control(public=True, max_age=3600)
def reports_geojson(request: HttpRequest) -> HttpResponse:
    """Return the open data as GeoJSON: each neighbourhood's outline with its months."""
    period = _period(request)
    if isinstance(period, HttpResponse):
        return period
    months: dict[int, dict[str, dict[str, object]]] = {}
    areas: dict[int, Area] = {}
    for row in open_data(period):
        areas[row.neighbourhood.pk] = row.neighbourhood
        months.setdefault(row.neighbourhood.pk, {})[row.month] = {
            "reports": row.reports,
            "reports_open": row.still_open,
            "suppressed": row.suppressed,
        }
    outlines = dict(Area.objects.filter(pk__in=areas).values_list("pk", "outline"))
    features = [
        {
            "type": "Feature",
            "properties": {
                "neighbourhood_code": area.code,
                "neighbourhood_fr": area.name_fr,
                "neighbourhood_nl": area.name_nl,
                "municipality_code": area.parent.code if area.parent else "",
                "months": months[pk],
            },
            "geometry": json.loads(outlines[pk]) if outlines.get(pk) else None,
        }
        for pk, area in sorted(areas.items(), key=lambda item: item[1].code)
    ]
    body = {
        "type": "FeatureCollection",
        "licence": LICENCE,
        "period": {"first": f"{period.first:%Y-%m}", "last": f"{period.last:%Y-%m}"},
        "suppressed_below": SUPPRESS_BELOW,
        "features": features,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/geo+json"
    )
    response["Content-Disposition"] = f'inline; filename="{_name(period, "geojson")}"'
    return response
