"""Where a demo report is passed on when the organisation it reached is not the right one."""

from __future__ import annotations

from dataclasses import dataclass

from lisa.accounts.models import Organisation
from lisa.geo.locator import Location
from lisa.reports.routing import get_routing_table

# Internal reasons, in the language of the person who passes the report on.
REGIONAL_ROAD = {
    "fr": "Voirie régionale : transmis à %(organisation)s.",
    "nl": "Gewestweg: doorgestuurd naar %(organisation)s.",
    "en": "Regional road: passed on to %(organisation)s.",
}
MUNICIPAL_ROAD = {
    "fr": "Voirie communale : transmis à %(organisation)s.",
    "nl": "Gemeenteweg: doorgestuurd naar %(organisation)s.",
    "en": "Municipal road: passed on to %(organisation)s.",
}
MEDIATION = {
    "fr": "Relève de la médiation : transmis à %(organisation)s.",
    "nl": "Zaak voor bemiddeling: doorgestuurd naar %(organisation)s.",
    "en": "A matter for mediation: passed on to %(organisation)s.",
}
NIGHT_NOISE = {
    "fr": "Tapage nocturne : transmis à %(organisation)s.",
    "nl": "Nachtlawaai: doorgestuurd naar %(organisation)s.",
    "en": "Night-time disturbance: passed on to %(organisation)s.",
}
SOCIAL_HOUSING = {
    "fr": "Dans un logement social : transmis à %(organisation)s.",
    "nl": "In een sociale woning: doorgestuurd naar %(organisation)s.",
    "en": "In social housing: passed on to %(organisation)s.",
}
STREET_WORK = {
    "fr": "Pour le travail de rue : transmis à %(organisation)s.",
    "nl": "Voor het straathoekwerk: doorgestuurd naar %(organisation)s.",
    "en": "For the street workers: passed on to %(organisation)s.",
}
TRAFFIC_CALMING = {
    "fr": "Aménagement de la voirie demandé : transmis à %(organisation)s.",
    "nl": "Herinrichting van de weg gevraagd: doorgestuurd naar %(organisation)s.",
    "en": "Calls for traffic calming: passed on to %(organisation)s.",
}
DANGEROUS_PARKING = {
    "fr": "Stationnement dangereux : transmis à %(organisation)s.",
    "nl": "Gevaarlijk parkeren: doorgestuurd naar %(organisation)s.",
    "en": "Dangerous parking: passed on to %(organisation)s.",
}
PAID_BAY = {
    "fr": "Zone payante ou de livraison : transmis à %(organisation)s.",
    "nl": "Betaal- of leveringszone: doorgestuurd naar %(organisation)s.",
    "en": "Paid or delivery bay: passed on to %(organisation)s.",
}
TECHNICAL_TEAM = {
    "fr": "Intervention technique nécessaire : transmis à %(organisation)s.",
    "nl": "Technische ingreep nodig: doorgestuurd naar %(organisation)s.",
    "en": "Needs a technical team: passed on to %(organisation)s.",
}


@dataclass(frozen=True)
class Transfer:
    """A report of `category` (or of a sub-category) goes from `source` to `target`.

    Each end is an organisation's code, or "kind/service" for the organisation of that
    kind and service competent at the report's place.
    """

    category: str
    source: str
    target: str
    reason: dict[str, str]


CLEANLINESS = "municipal_service/cleanliness"
PUBLIC_WORKS = "municipal_service/public_works"
POLICE = "police_zone/police"
PREVENTION = "prevention_service/prevention"

# The passes an office sees: the road turns out to be regional (or municipal), the noise
# is a night-time disturbance, the dispute is between social tenants. The most specific
# category is looked up first.
TRANSFERS = [
    Transfer("lighting", "sibelga", "brussels-mobility", REGIONAL_ROAD),
    Transfer("lighting", "brussels-mobility", "sibelga", MUNICIPAL_ROAD),
    Transfer("dumping", CLEANLINESS, "bruxelles-proprete", REGIONAL_ROAD),
    Transfer("dumping", "bruxelles-proprete", CLEANLINESS, MUNICIPAL_ROAD),
    Transfer("furniture-bin", CLEANLINESS, "bruxelles-proprete", REGIONAL_ROAD),
    Transfer("furniture-bin", "bruxelles-proprete", CLEANLINESS, MUNICIPAL_ROAD),
    Transfer("furniture", PUBLIC_WORKS, "brussels-mobility", REGIONAL_ROAD),
    Transfer("furniture", "brussels-mobility", PUBLIC_WORKS, MUNICIPAL_ROAD),
    Transfer("traffic-speeding", POLICE, PUBLIC_WORKS, TRAFFIC_CALMING),
    Transfer("traffic", PUBLIC_WORKS, "brussels-mobility", REGIONAL_ROAD),
    Transfer("traffic", "brussels-mobility", PUBLIC_WORKS, MUNICIPAL_ROAD),
    Transfer("parking-paid-zone", "parking-brussels", POLICE, DANGEROUS_PARKING),
    Transfer("parking", POLICE, "parking-brussels", PAID_BAY),
    Transfer("noise-night", POLICE, PREVENTION, MEDIATION),
    Transfer("noise-business", "brussels-environment", POLICE, NIGHT_NOISE),
    Transfer("noise", PREVENTION, POLICE, NIGHT_NOISE),
    Transfer("neighbourhood-housing-estate", "social_housing/housing", PREVENTION, MEDIATION),
    Transfer("neighbourhood-housing-estate", "slrb-bghm", PREVENTION, MEDIATION),
    Transfer("neighbourhood-gathering", POLICE, PREVENTION, STREET_WORK),
    Transfer("neighbourhood-distress", "cpas/social", PREVENTION, STREET_WORK),
    Transfer("neighbourhood", PREVENTION, "social_housing/housing", SOCIAL_HOUSING),
    Transfer("other", PREVENTION, PUBLIC_WORKS, TECHNICAL_TEAM),
]


@dataclass(frozen=True)
class Pass:
    organisation: Organisation
    reason: str


def transfer_for(
    *, lineage: list[str], organisation: Organisation, location: Location, language: str
) -> Pass | None:
    """Return where a report now with `organisation` is plausibly passed on, if anywhere.

    `lineage` is the report's category code and those of its parents, most specific
    first. The target is never the organisation itself, nor an inactive one.
    """
    for code in lineage:
        for transfer in TRANSFERS:
            if transfer.category != code or not _is(organisation, transfer.source):
                continue
            target = competent_at(transfer.target, location)
            if target is None or target == organisation or not target.is_active:
                return None
            reason = transfer.reason[language] % {"organisation": target.name_in(language)}
            return Pass(organisation=target, reason=reason)
    return None


def _is(organisation: Organisation, spec: str) -> bool:
    if "/" in spec:
        return f"{organisation.kind}/{organisation.service}" == spec
    return organisation.code == spec


def competent_at(spec: str, location: Location) -> Organisation | None:
    """Return the organisation of this code, or of this "kind/service" competent at the place."""
    if "/" not in spec:
        return Organisation.objects.filter(code=spec, is_active=True).first()
    kind, service = spec.split("/")
    competent = get_routing_table().competent
    for area in (
        location.neighbourhood,
        location.office_catchment,
        location.police_zone,
        location.municipality,
        location.region,
    ):
        if area is not None and (found := competent.get((kind, service, area.id))):
            return found
    return None
