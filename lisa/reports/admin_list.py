"""Filters and a paginator that keep the admin's report list fast at a million reports.

Django's defaults read the whole reports table on every page: a related-only
filter lists its choices with a DISTINCT over the reports, the date bar with
another, and the paginator counts every row. Here the choices come from the
small tables they name, and an unfiltered list is counted from PostgreSQL's
statistics. bench/admin_list.py measures the list.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Field, QuerySet
from django.utils.functional import cached_property

from lisa.accounts.models import Organisation
from lisa.geo.models import Area, AreaKind
from lisa.reports.models import Category

# The beginning of a reference such as BXL-2026-000123: its prefix, a dash, a digit.
REFERENCE_START = re.compile(r"[A-Z]{2,10}-[0-9][0-9-]*")


class ChoicesFromTheirTable(admin.RelatedFieldListFilter):
    """A filter on a related object whose choices are read from that object's table."""

    def choice_objects(self, field: Field) -> QuerySet[Any]:
        raise NotImplementedError

    def field_choices(self, field: Any, request: Any, model_admin: Any) -> Any:
        return [(choice.pk, choice.name) for choice in self.choice_objects(field)]


class ParentCategoryFilter(ChoicesFromTheirTable):
    def choice_objects(self, field: Field) -> QuerySet[Category]:
        return Category.objects.filter(parent__isnull=True, children__isnull=False).distinct()


class MunicipalityFilter(ChoicesFromTheirTable):
    def choice_objects(self, field: Field) -> QuerySet[Area]:
        return Area.objects.filter(kind=AreaKind.MUNICIPALITY).only("name_fr", "name_nl", "name_en")


class OrganisationFilter(ChoicesFromTheirTable):
    def choice_objects(self, field: Field) -> QuerySet[Organisation]:
        return Organisation.objects.all()


class EstimatedCountPaginator(Paginator):
    """Count an unfiltered list of many rows from PostgreSQL's statistics.

    The estimate is the planner's (pg_class.reltuples, kept by autovacuum): a
    few rows off on a table of a million, so the last page may be short or
    empty. A filtered list, a small table or another database is counted.
    """

    estimate_above = 100_000

    @cached_property
    def count(self) -> int:
        estimate = self.estimate()
        if estimate is not None and estimate > self.estimate_above:
            return estimate
        return super().count

    def estimate(self) -> int | None:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or queryset.query.where:
            return None
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [connection.ops.quote_name(queryset.model._meta.db_table)],
            )
            row = cursor.fetchone()
        # -1: the table was never analysed.
        return int(row[0]) if row is not None and row[0] >= 0 else None
