"""Rollups of the reports for the dashboards: counts per month and place, never a report.

Derived data, not part of the record: `lisa.dashboards.rollup.refresh` recomputes the months
of the reports changed since its last run (`manage.py refresh_dashboards`, every minute from
cron), so that a dashboard adds up a few thousand rows instead of reading a million reports.
The area and office columns are plain ids rather than foreign keys: a rollup row is rebuilt,
never followed, and must not keep an area or an office from being removed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportRollup(models.Model):
    """The reports made in one month at one place, of one top category, language and way in."""

    month = models.DateField(_("month"))
    municipality = models.IntegerField(_("municipality"), null=True)
    police_zone = models.IntegerField(_("police zone"), null=True)
    office = models.IntegerField(_("office"), null=True)
    neighbourhood = models.IntegerField(_("neighbourhood"), null=True)
    # The top of the category tree, which is what a dashboard filters and groups by.
    category = models.IntegerField(_("category"))
    language = models.CharField(_("language"), max_length=5)
    # Made at a desk or by phone: the desk's table counts them apart.
    desk = models.BooleanField(_("at a desk or by phone"))
    reports = models.PositiveIntegerField(_("reports"), default=0)
    still_open = models.PositiveIntegerField(_("still open"), default=0)
    resolved = models.PositiveIntegerField(_("resolved"), default=0)
    # With a deadline and resolved at least once; of them, resolved by the deadline's day.
    due_resolved = models.PositiveIntegerField(_("resolved with a deadline"), default=0)
    on_time = models.PositiveIntegerField(_("deadlines kept"), default=0)
    transferred_reports = models.PositiveIntegerField(_("reports transferred"), default=0)
    transfers = models.PositiveIntegerField(_("transfers"), default=0)
    reopened_reports = models.PositiveIntegerField(_("reports reopened"), default=0)
    # Each resident's latest answer, by score.
    score_1 = models.PositiveIntegerField(default=0)
    score_2 = models.PositiveIntegerField(default=0)
    score_3 = models.PositiveIntegerField(default=0)
    score_4 = models.PositiveIntegerField(default=0)
    score_5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("report rollup")
        verbose_name_plural = _("report rollups")
        indexes = [models.Index(fields=["month"], name="reportrollup_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.reports}"


class DurationRollup(models.Model):
    """How many reports of a month and place took a bucket of time to their first resolution.

    A bucket is the duration rounded down to the hour below 7 days, to the day beyond
    (`lisa.dashboards.rollup.duration_bucket`), in hours.
    """

    month = models.DateField(_("month"))
    municipality = models.IntegerField(_("municipality"), null=True)
    police_zone = models.IntegerField(_("police zone"), null=True)
    office = models.IntegerField(_("office"), null=True)
    category = models.IntegerField(_("category"))
    hours = models.PositiveIntegerField(_("hours"))
    count = models.PositiveIntegerField(_("reports"))

    class Meta:
        verbose_name = _("duration rollup")
        verbose_name_plural = _("duration rollups")
        indexes = [models.Index(fields=["month"], name="durationrollup_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.hours} h: {self.count}"


class OverdueRollup(models.Model):
    """How many reports of a month and place are open, never resolved, due on a day.

    Whether they are overdue depends on the day the dashboard is read: it adds up the rows
    whose deadline is before today.
    """

    month = models.DateField(_("month"))
    municipality = models.IntegerField(_("municipality"), null=True)
    police_zone = models.IntegerField(_("police zone"), null=True)
    office = models.IntegerField(_("office"), null=True)
    category = models.IntegerField(_("category"))
    deadline = models.DateField(_("deadline"))
    count = models.PositiveIntegerField(_("reports"))

    class Meta:
        verbose_name = _("open reports rollup")
        verbose_name_plural = _("open reports rollups")
        indexes = [models.Index(fields=["month"], name="overduerollup_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} due {self.deadline}: {self.count}"


class RollupRefresh(models.Model):
    """When the rollups were last refreshed: one row, the next run starts from it.

    Each month is recomputed with this row locked, so that two runs at once (a slow one and
    the next minute's) take turns instead of both inserting a month's rows.
    """

    started_at = models.DateTimeField(_("started"))
    # None until the first refresh is over: until then the dashboards read the reports.
    finished_at = models.DateTimeField(_("finished"), null=True)
    months = models.PositiveIntegerField(_("months recomputed"))

    class Meta:
        verbose_name = _("rollup refresh")
        verbose_name_plural = _("rollup refreshes")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}: {self.months}"
