"""The past week of demo reports: every organisation with demo staff has received some.

A year of reports drawn at random leaves a small partner (a CPAS, a housing company) with no
report this week, and a small demo (DEMO_REPORTS=300) leaves most partners with none at all;
the person who signs in for it would find nothing to do. So a few of the year's reports are
drawn again as reports of the past week, of the kinds each organisation handles, at the
places of the offices where its demo staff work, and routed there by the rules like any
other. Their number stays the one asked for.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from lisa.accounts.models import Membership, Organisation
from lisa.accounts.selectors import HANDLER_ROLES
from lisa.demo.streets import Street
from lisa.reports.models import Category
from lisa.reports.routing import route

if TYPE_CHECKING:
    from lisa.demo.reports import Desk, Plan

RECENT_DAYS = 7
# Reports older than this may be drawn again as reports of the past week.
REDRAWN_BEFORE_DAYS = 45
TRIES = 300

# What an organisation receives in a week at the least, and the kinds of reports it handles
# (with the answers that send them there), by organisation code or "kind/service".
RECENT: dict[str, tuple[int, list[tuple[str, dict[str, str]]]]] = {
    "bruxelles-proprete": (
        4,
        [
            ("dumping-bulky", {"road": "regional"}),
            ("dumping-bags", {"road": "regional"}),
            ("dumping-litter", {"road": "regional"}),
            ("furniture-bin", {"road": "regional"}),
        ],
    ),
    "municipal_service/cleanliness": (
        4,
        [
            ("dumping-bulky", {"road": "municipal"}),
            ("dumping-bags", {"road": "municipal"}),
            ("dumping-construction", {"road": "municipal"}),
            ("tags-public", {}),
            ("furniture-bin", {"road": "municipal"}),
        ],
    ),
    "municipal_service/public_works": (
        2,
        [
            ("furniture-pavement", {"road": "municipal"}),
            ("furniture-bench", {"road": "municipal"}),
            ("traffic-signs", {"road": "municipal"}),
        ],
    ),
    "police_zone/police": (
        4,
        [
            ("parking-blocking", {}),
            ("parking-abandoned", {}),
            ("noise-night", {}),
            ("traffic-speeding", {}),
            ("neighbourhood-gathering", {}),
        ],
    ),
    "prevention_service/prevention": (
        3,
        [("neighbourhood-dispute", {}), ("noise-neighbours", {}), ("neighbourhood", {})],
    ),
    "social_housing/housing": (2, [("neighbourhood-housing-estate", {})]),
    "cpas/social": (1, [("neighbourhood-distress", {})]),
}


def staffed_organisations() -> tuple[list[Organisation], set[int]]:
    """Return the organisations whose partner staff have a demo account, and the offices
    where those staff work."""
    memberships = Membership.objects.filter(
        role__in=HANDLER_ROLES, is_active=True, user__is_active=True
    ).select_related("organisation")
    organisations = {m.organisation_id: m.organisation for m in memberships}
    offices = {m.office_id for m in memberships if m.office_id is not None}
    return sorted(organisations.values(), key=lambda o: o.code), offices


def add_recent(
    plans: list[Plan],
    *,
    draw: Callable[..., Plan],
    rng: random.Random,
    now: dt.datetime,
    categories: dict[str, Category],
    streets: Sequence[Street],
    desks: Sequence[Desk],
) -> int:
    """Draw some older plans again as reports of the past week, for every organisation with
    demo staff that would otherwise receive fewer than a week brings it; return how many.

    `draw` makes a plan (reports._plan) of a category, answers and number of days, on
    `streets` and at `desks`: those of the offices where demo staff work.
    """
    organisations, _offices = staffed_organisations()
    since = now - dt.timedelta(days=RECENT_DAYS)
    received = Counter(_routed_to(plan) for plan in plans if plan.created_at >= since)
    redrawn = [
        index
        for index, plan in enumerate(plans)
        if plan.created_at < now - dt.timedelta(days=REDRAWN_BEFORE_DAYS)
    ]
    rng.shuffle(redrawn)
    added = 0
    for organisation in organisations:
        wanted = RECENT.get(organisation.code) or RECENT.get(
            f"{organisation.kind}/{organisation.service}"
        )
        if wanted is None:
            continue
        minimum, kinds = wanted
        missing = minimum - received[organisation.pk]
        for _try in range(TRIES):
            if missing <= 0 or not redrawn:
                break
            code, answers = rng.choice(kinds)
            category = categories[code]
            asked = {q["code"] for q in category.all_questions()}
            plan = draw(
                category=category,
                attributes={k: v for k, v in answers.items() if k in asked},
                within_days=RECENT_DAYS,
                streets=streets,
                desks=desks,
            )
            if _routed_to(plan) != organisation.pk:
                continue
            plans[redrawn.pop()] = plan
            missing -= 1
            added += 1
    return added


def _routed_to(plan: Plan) -> int | None:
    """Return the id of the organisation the rules send the plan's report to."""
    organisation = route(
        category=plan.category, location=plan.location, attributes=plan.attributes
    ).organisation
    return organisation.pk if organisation is not None else None
