"""Demo reports that an office's coordinator splits: a vague complaint turns out, once the
resident is called back, to be about other problems, each of which gets a report of its own.

A split makes a report, so it happens in the year's timeline, in time order with the other
reports (references follow time), in office hours, while the first report is still open.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lisa.accounts.models import Membership, Role, User
from lisa.demo.moments import Clock
from lisa.demo.texts import DESCRIPTIONS
from lisa.reports.actions import SplitPart, report_split
from lisa.reports.models import OPEN_STATUSES, Category, Channel, Report
from lisa.reports.routing import office_serving
from lisa.reports.selectors import can_handle

if TYPE_CHECKING:
    from lisa.demo.reports import Plan

# A vague report of this category -> what it can turn out to be about.
SPLITS: dict[str, tuple[str, ...]] = {
    "neighbourhood": ("dumping-bags", "noise-night", "lighting-out"),
    "noise": ("noise-night", "noise-business"),
    "other": ("furniture-pavement", "lighting-out"),
}
# Splits looked for at each coordinator's office (some come to nothing: the report was
# closed first), among the reports of the past months.
TRIED_PER_OFFICE = 4
WITHIN_DAYS = 150


@dataclass(frozen=True)
class SplitPlan:
    """A report to split off `parent` at `created_at`, once the parent is made."""

    created_at: dt.datetime
    parent: Plan
    category: Category
    description: str


def plan_splits(
    plans: list[Plan], *, rng: random.Random, clock: Clock, categories: dict[str, Category]
) -> list[SplitPlan]:
    """Choose vague web and e-mail reports of the offices that have a demo coordinator, and
    when their coordinator splits them."""
    offices = set(
        Membership.objects.filter(
            role=Role.OFFICE_COORDINATOR, is_active=True, office__isnull=False
        ).values_list("office_id", flat=True)
    )
    since = clock.now - dt.timedelta(days=WITHIN_DAYS)
    chosen: dict[int, list[Plan]] = {}
    for plan in plans:
        if (
            plan.category.code in SPLITS
            and plan.channel in (Channel.WEB, Channel.EMAIL)
            and plan.created_at >= since
            and (office := office_serving(plan.location)) is not None
            and office.pk in offices
        ):
            chosen.setdefault(office.pk, []).append(plan)
    splits = []
    for office_id in sorted(chosen):
        for parent in rng.sample(chosen[office_id], min(TRIED_PER_OFFICE, len(chosen[office_id]))):
            at = clock.staff(after=parent.created_at, working_days=rng.uniform(0.3, 3))
            if at >= clock.now:
                continue
            code = rng.choice(SPLITS[parent.category.code])
            splits.append(
                SplitPlan(
                    created_at=at,
                    parent=parent,
                    category=categories[code],
                    description=rng.choice(DESCRIPTIONS[code][parent.language]),
                )
            )
    return splits


def split_off(split: SplitPlan, parent: Report | None) -> Report | None:
    """Split the report planned, by its office's coordinator, if it was still open then."""
    if parent is None or parent.office_id is None:
        return None
    before = parent.history.filter(at__lte=split.created_at).order_by("-at", "-id").first()
    if before is None or before.to_status not in OPEN_STATUSES:
        return None
    coordinator = (
        User.objects.filter(
            memberships__role=Role.OFFICE_COORDINATOR,
            memberships__office_id=parent.office_id,
            memberships__is_active=True,
            is_active=True,
        )
        .order_by("id")
        .first()
    )
    if coordinator is None or not can_handle(coordinator, parent):
        return None
    [child] = report_split(
        report=parent,
        parts=[SplitPart(category=split.category, description=split.description)],
        by=coordinator,
        now=split.created_at,
        announce=False,  # played back: no system outside LISA hears of the demo
    )
    return child
