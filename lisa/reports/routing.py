"""Decide which organisation handles a report, and say why.

Rules are tried in their order and the first that matches, and whose target
can be found at the place, wins. When none does, the report goes to the
coordinator of the office whose catchment holds the place. Rules, the
competence map and offices are cached in memory and rebuilt when they change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from lisa.accounts.models import Organisation, OrganisationKind, User
from lisa.geo.locator import Location
from lisa.geo.models import Area
from lisa.lib.cache import StampedCache
from lisa.names import pick_translation
from lisa.offices.models import Office, OfficeStatus
from lisa.reports.models import Category, RoutingRule, TargetType


@dataclass(frozen=True)
class RoutingDecision:
    organisation: Organisation | None
    rule: RoutingRule | None
    step: str  # "rule", "office" or "none"
    category: Category
    area: Area | None = None  # where the competent organisation was found
    office: Office | None = None

    @property
    def explanation(self) -> str:
        return explain_reason(self.as_reason())

    def as_reason(self) -> dict[str, Any]:
        """Return the decision as stored on the report: a snapshot of the names involved,
        so that it can be explained in any language after rules and names change."""
        return {
            "step": self.step,
            "rule": self.rule.id if self.rule else None,
            "rule_position": self.rule.position if self.rule else None,
            "rule_note": _names(self.rule, "note") if self.rule else None,
            "category": _names(self.category),
            "organisation": _names(self.organisation) if self.organisation else None,
            "organisation_kind": self.organisation.kind if self.organisation else None,
            "area": _names(self.area) if self.area else None,
            "office": _names(self.office) if self.office else None,
        }


def transfer_reason(
    *,
    category: Category,
    from_organisation: Organisation | None,
    to_organisation: Organisation,
    by: User | None,
    reason: str,
    previous: Mapping[str, Any],
) -> dict[str, Any]:
    """Return why a transferred report is where it is, as stored on the report.

    The first routing decision is kept under "routed", so that how often a rule
    sent reports to the wrong place can still be counted.
    """
    return {
        "step": "transfer",
        "rule": None,
        "rule_position": None,
        "rule_note": None,
        "category": _names(category),
        "organisation": _names(to_organisation),
        "organisation_kind": to_organisation.kind,
        "area": None,
        "office": None,
        "from_organisation": _names(from_organisation) if from_organisation else None,
        "by": (by.get_full_name() or by.get_username()) if by else None,
        "reason": reason,
        "routed": previous.get("routed", previous) if previous else None,
    }


def _names(obj: Any, field: str = "name") -> dict[str, str]:
    return {language: getattr(obj, f"{field}_{language}") for language in ("fr", "nl", "en")}


def _in_language(names: Mapping[str, str] | None) -> str:
    names = names or {}
    return pick_translation(fr=names.get("fr", ""), nl=names.get("nl", ""), en=names.get("en", ""))


@dataclass
class RoutingTable:
    rules: list[RoutingRule]
    # (kind, service, area id) -> the organisation competent there
    competent: dict[tuple[str, str, int], Organisation]
    # office catchment area id -> office, with its coordinator loaded
    offices_by_catchment: dict[int, Office]
    category_parents: dict[int, int | None] = field(default_factory=dict)

    def lineage_ids(self, category: Category) -> list[int]:
        ids: list[int] = []
        current: int | None = category.id
        while current is not None and current not in ids:
            ids.append(current)
            current = self.category_parents.get(current)
        return ids


def route(
    *, category: Category, location: Location, attributes: Mapping[str, Any] | None = None
) -> RoutingDecision:
    """Return the organisation that handles this category at this place, and why."""
    table = get_routing_table()
    attributes = attributes or {}
    lineage = table.lineage_ids(category)
    located_ids = {area.id for area in location.areas()}
    office = office_serving(location)
    for rule in table.rules:
        if rule.category_id is not None and rule.category_id not in lineage:
            continue
        if rule.area_id is not None and rule.area_id not in located_ids:
            continue
        if not _conditions_hold(rule.conditions, attributes):
            continue
        decision = _resolve(rule, table, category=category, location=location, office=office)
        if decision is not None:
            return decision
    if office is not None:
        return RoutingDecision(
            organisation=office.coordinator,
            rule=None,
            step="office",
            category=category,
            office=office,
        )
    return RoutingDecision(organisation=None, rule=None, step="none", category=category)


def office_at(location: Location) -> Office | None:
    """Return the office whose catchment holds the located place, whatever its status."""
    if location.office_catchment is None:
        return None
    return get_routing_table().offices_by_catchment.get(location.office_catchment.id)


def office_serving(location: Location) -> Office | None:
    """Return the office of the place if it is open and its coordinator is active."""
    office = office_at(location)
    if office is None or office.status != OfficeStatus.OPERATIONAL:
        return None
    return office if office.coordinator.is_active else None


def _conditions_hold(conditions: Mapping[str, Any], attributes: Mapping[str, Any]) -> bool:
    for code, expected in (conditions or {}).items():
        value = attributes.get(code)
        allowed = expected if isinstance(expected, list) else [expected]
        if value not in allowed:
            return False
    return True


def _resolve(
    rule: RoutingRule,
    table: RoutingTable,
    *,
    category: Category,
    location: Location,
    office: Office | None,
) -> RoutingDecision | None:
    if rule.target_type == TargetType.ORGANISATION:
        if rule.organisation is None or not rule.organisation.is_active:
            return None
        return RoutingDecision(
            organisation=rule.organisation, rule=rule, step="rule", category=category
        )
    if rule.target_type == TargetType.OFFICE_COORDINATOR:
        if office is None:
            return None
        return RoutingDecision(
            organisation=office.coordinator,
            rule=rule,
            step="rule",
            category=category,
            office=office,
        )
    # The most local competent organisation wins: neighbourhood, catchment, zone,
    # municipality, and last the region.
    for area in (
        location.neighbourhood,
        location.office_catchment,
        location.police_zone,
        location.municipality,
        location.region,
    ):
        if area is None:
            continue
        organisation = table.competent.get((rule.target_kind, rule.target_service, area.id))
        if organisation is not None:
            return RoutingDecision(
                organisation=organisation, rule=rule, step="rule", category=category, area=area
            )
    return None


def explain_reason(reason: Mapping[str, Any], *, internal: bool = True) -> str:
    """Return, in the active language, why a report went where it went.

    `internal=False` leaves out what staff wrote for one another (the reason of a transfer),
    for readers who do not work on the report: analysts, residents.
    """
    if not reason:
        return ""
    step = reason.get("step")
    category = _in_language(reason.get("category"))
    organisation = _in_language(reason.get("organisation"))
    area = _in_language(reason.get("area"))
    office = _in_language(reason.get("office"))
    if step == "rule" and organisation:
        note = _in_language(reason.get("rule_note"))
        position = reason.get("rule_position")
        if note:
            label = _("rule %(position)s: %(note)s") % {"position": position, "note": note}
        else:
            label = _("rule %(position)s") % {"position": position}
        if area:
            return _(
                "%(category)s goes to %(organisation)s, the %(kind)s competent for %(area)s "
                "(%(rule)s)."
            ) % {
                "category": category,
                "organisation": organisation,
                "kind": OrganisationKind(reason["organisation_kind"]).label,
                "area": area,
                "rule": label,
            }
        if office:
            return _(
                "%(category)s goes to %(organisation)s, coordinator of the office %(office)s "
                "(%(rule)s)."
            ) % {
                "category": category,
                "organisation": organisation,
                "office": office,
                "rule": label,
            }
        return _("%(category)s goes to %(organisation)s (%(rule)s).") % {
            "category": category,
            "organisation": organisation,
            "rule": label,
        }
    if step == "transfer":
        return _explain_transfer(reason, organisation, internal=internal)
    if step == "chosen" and organisation:
        by = reason.get("by") or _("a member of staff")
        if reason.get("split_from"):
            return _("Split from %(parent)s by %(by)s, who sent it to %(organisation)s.") % {
                "parent": reason["split_from"],
                "by": by,
                "organisation": organisation,
            }
        return _("%(by)s sent it to %(organisation)s when registering it.") % {
            "by": by,
            "organisation": organisation,
        }
    if step == "office" and organisation and office:
        return _(
            "No routing rule covers %(category)s here, so it goes to %(organisation)s, "
            "coordinator of the office %(office)s whose catchment holds the place."
        ) % {"category": category, "organisation": organisation, "office": office}
    return _(
        "No routing rule covers %(category)s here and no office's catchment holds the place: "
        "an administrator must assign the report."
    ) % {"category": category}


def _explain_transfer(reason: Mapping[str, Any], organisation: str, *, internal: bool) -> str:
    values = {
        "user": reason.get("by") or _("an automatic process"),
        "from": _in_language(reason.get("from_organisation")),
        "organisation": organisation,
        "reason": (reason.get("reason") or "") if internal else "",
    }
    if values["from"] and values["reason"]:
        text = _("Transferred by %(user)s from %(from)s to %(organisation)s: %(reason)s")
    elif values["from"]:
        text = _("Transferred by %(user)s from %(from)s to %(organisation)s.")
    elif values["reason"]:
        text = _("Transferred by %(user)s to %(organisation)s: %(reason)s")
    else:
        text = _("Transferred by %(user)s to %(organisation)s.")
    return text % values


def _build() -> RoutingTable:
    rules = list(
        RoutingRule.objects.filter(is_active=True)
        .select_related("organisation")
        .order_by("position", "id")
    )
    competent: dict[tuple[str, str, int], Organisation] = {}
    through = Organisation.jurisdiction.through.objects.filter(
        organisation__is_active=True
    ).select_related("organisation")
    for link in through.order_by("organisation__code"):
        organisation = link.organisation
        competent.setdefault((organisation.kind, organisation.service, link.area_id), organisation)
    offices = Office.objects.filter(catchment__isnull=False).select_related("coordinator")
    return RoutingTable(
        rules=rules,
        competent=competent,
        offices_by_catchment={
            office.catchment_id: office for office in offices if office.catchment_id is not None
        },
        category_parents=dict(Category.objects.values_list("id", "parent_id")),
    )


def _stamp() -> tuple[Any, ...]:
    def totals(queryset: Any) -> tuple[Any, Any]:
        result = queryset.aggregate(count=Count("id"), last=Max("updated_at"))
        return result["count"], result["last"]

    return (
        totals(RoutingRule.objects.all()),
        totals(Organisation.objects.all()),
        totals(Office.objects.all()),
        totals(Category.objects.all()),
        Organisation.jurisdiction.through.objects.count(),
    )


_cache: StampedCache[RoutingTable] = StampedCache(
    _build, _stamp, lambda: settings.LISA_CONFIG_RECHECK_SECONDS
)


def get_routing_table() -> RoutingTable:
    return _cache.get()


def invalidate_routing(**_kwargs: object) -> None:
    _cache.invalidate()
