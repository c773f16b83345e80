import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.utils.text import slugify
from django.utils.translation import override

from lisa.geo.locator import locate
from lisa.geo.models import Area, AreaKind
from lisa.offices.models import OfficeStatus
from lisa.reports.models import Category, RoutingRule, TargetType
from lisa.reports.questions import clean_answers
from lisa.reports.routing import RoutingDecision, route
from lisa.testing.personas import GRAND_PLACE, OUTSIDE, VAILLANCE, area, organisation

pytestmark = pytest.mark.django_db

# More points from streets.csv; where they are is part of the test.
RUE_WAYEZ = (50.835757, 4.312303)  # Anderlecht, neighbourhood 58, zone Midi
CHAUSSEE_DE_MONS = (50.829568, 4.306534)  # Anderlecht, neighbourhood 52, zone Midi
AVENUE_DE_FRE = (50.804299, 4.356997)  # Uccle, no local housing company listed
PARVIS_SAINT_PIERRE = (50.803207, 4.339563)  # Uccle, a municipal road


def category(code: str) -> Category:
    return Category.objects.get(code=code)


def route_at(point: tuple[float, float], category_code: str, **answers: Any) -> RoutingDecision:
    return route(
        category=category(category_code),
        location=locate(lat=point[0], lon=point[1]),
        attributes=answers,
    )


def rule(position: int, category_code: str | None, **fields: Any) -> RoutingRule:
    if "organisation" in fields:
        fields["organisation"] = organisation(fields["organisation"])
        fields.setdefault("target_type", TargetType.ORGANISATION)
    return RoutingRule.objects.create(
        position=position,
        category=category(category_code) if category_code else None,
        **fields,
    )


# --- The Brussels rules at real places -------------------------------------------------


@dataclass(frozen=True)
class Case:
    street: str
    point: tuple[float, float]
    municipality: str  # NIS code where the point lies
    zone: str  # police zone number
    category: str
    expected: str  # organisation code
    rule: int  # position of the rule that decides
    answers: dict[str, str] = field(default_factory=dict)
    with_office: bool = False  # the anderlecht_office persona (catchment: neighbourhood 58)

    @property
    def id(self) -> str:
        answers = "".join(f"[{key}={value}]" for key, value in self.answers.items())
        office = "[office]" if self.with_office else ""
        return f"{slugify(self.street)}:{self.category}{answers}{office}->{self.expected}"


CASES = [
    # Anderlecht (Midi)
    Case("Rue Wayez", (50.835757, 4.312303), "21001", "5341",
         "neighbourhood-housing-estate", "foyer-anderlechtois", 30),
    Case("Boulevard Sylvain Dupuis", (50.837417, 4.291534), "21001", "5341",
         "dumping-bulky", "bruxelles-proprete", 10, {"road": "regional"}),
    Case("Chaussée de Mons", (50.829568, 4.306534), "21001", "5341",
         "traffic-speeding", "police-5341", 110),
    Case("Place de la Vaillance", (50.835767, 4.306556), "21001", "5341",
         "other", "anderlecht-prevention", 230, with_office=True),
    Case("Place de la Vaillance", (50.835767, 4.306556), "21001", "5341",
         "other", "anderlecht-prevention", 240),
    # Auderghem (Uccle/Watermael-Boitsfort/Auderghem)
    Case("Rue Charles Lemaire", (50.810506, 4.429447), "21002", "5342",
         "neighbourhood-housing-estate", "slrb-bghm", 40),
    Case("Parvis Jeanne de Brabant", (50.816148, 4.433658), "21002", "5342",
         "noise-night", "police-5342", 80),
    # Berchem-Sainte-Agathe (Bruxelles-Ouest)
    Case("Rue de Grand-Bigard", (50.861238, 4.292945), "21003", "5340",
         "tags-public", "berchem-sainte-agathe-cleanliness", 220),
    Case("Avenue du Roi Albert", (50.864285, 4.296499), "21003", "5340",
         "neighbourhood-housing-estate", "comensia", 30),
    # Bruxelles (Bruxelles-Capitale/Ixelles)
    Case("Rue Blaes", (50.837411, 4.3469), "21004", "5339",
         "neighbourhood-distress", "bruxelles-cpas", 50),
    Case("Place du Jeu de Balle", (50.836914, 4.346183), "21004", "5339",
         "noise-night", "police-5339", 80),
    Case("Rue Marie-Christine", (50.875564, 4.353608), "21004", "5339",
         "lighting-street", "sibelga", 210, {"road": "municipal"}),
    Case("Avenue Louise", (50.833534, 4.357312), "21004", "5339",
         "traffic-dangerous", "brussels-mobility", 120, {"road": "regional"}),
    Case("Rue de Laeken", (50.854444, 4.352069), "21004", "5339",
         "dumping-construction", "bruxelles-cleanliness", 20),
    # Etterbeek (Montgomery)
    Case("Place Jourdan", (50.83706, 4.381176), "21005", "5343",
         "noise-business", "brussels-environment", 90),
    Case("Chaussée de Wavre", (50.830911, 4.389369), "21005", "5343",
         "parking-abandoned", "police-5343", 150),
    # Evere (Bruxelles-Nord)
    Case("Rue Paul Gauguin", (50.873608, 4.410853), "21006", "5344",
         "neighbourhood-housing-estate", "everecity", 30),
    Case("Avenue Léon Grosjean", (50.85682, 4.413531), "21006", "5344",
         "tags-offensive", "evere-cleanliness", 220),
    # Forest (Midi)
    Case("Avenue Van Volxem", (50.823952, 4.326282), "21007", "5341",
         "furniture-bench", "forest-public-works", 190),
    Case("Parvis Saint-Antoine", (50.828311, 4.33128), "21007", "5341",
         "neighbourhood-housing-estate", "foyer-du-sud", 30),
    # Ganshoren (Bruxelles-Ouest)
    Case("Avenue de la Réforme", (50.875061, 4.313538), "21008", "5340",
         "traffic-signs", "ganshoren-public-works", 130, {"road": "municipal"}),
    Case("Avenue Charles-Quint", (50.871426, 4.301556), "21008", "5340",
         "furniture-bin", "bruxelles-proprete", 160, {"road": "regional"}),
    # Ixelles (Bruxelles-Capitale/Ixelles)
    Case("Place Fernand Cocq", (50.833295, 4.36701), "21009", "5339",
         "noise-neighbours", "ixelles-prevention", 100),
    Case("Boulevard Général Jacques", (50.820679, 4.3851), "21009", "5339",
         "lighting-damaged", "brussels-mobility", 200, {"road": "regional"}),
    Case("Rue Gray", (50.83228, 4.377584), "21009", "5339",
         "neighbourhood-housing-estate", "binhome", 30),
    # Jette (Bruxelles-Ouest)
    Case("Rue Léopold I", (50.874395, 4.332484), "21010", "5340",
         "neighbourhood-gathering", "police-5340", 60),
    Case("Rue des Wallons", (50.874668, 4.324155), "21010", "5340",
         "dumping-hazardous", "jette-cleanliness", 20),
    # Koekelberg (Bruxelles-Ouest)
    Case("Rue Herkoliers", (50.861388, 4.332715), "21011", "5340",
         "dumping-bags", "koekelberg-cleanliness", 20, {"road": "municipal"}),
    Case("Place de Bastogne", (50.862728, 4.316925), "21011", "5340",
         "furniture-pavement", "koekelberg-public-works", 190),
    # Molenbeek-Saint-Jean (Bruxelles-Ouest)
    Case("Chaussée de Gand", (50.85741, 4.321107), "21012", "5340",
         "neighbourhood-housing-estate", "logement-molenbeekois", 30),
    Case("Rue Picard", (50.864162, 4.343756), "21012", "5340",
         "parking-blocking", "police-5340", 150),
    Case("Parvis Saint-Jean-Baptiste", (50.856731, 4.339668), "21012", "5340",
         "neighbourhood-dispute", "molenbeek-saint-jean-prevention", 70),
    Case("Rue de Ribaucourt", (50.860224, 4.341644), "21012", "5340",
         "dumping", "molenbeek-saint-jean-cleanliness", 20, {"road": "unknown"}),
    # Saint-Gilles (Midi)
    Case("Parvis Saint-Gilles", (50.83048, 4.3446), "21013", "5341",
         "noise-night", "police-5341", 80),
    Case("Rue Théodore Verhaegen", (50.829489, 4.338915), "21013", "5341",
         "neighbourhood-housing-estate", "foyer-du-sud", 30),
    Case("Square Jacques Franck", (50.832605, 4.341626), "21013", "5341",
         "furniture-playground", "saint-gilles-public-works", 190),
    Case("Avenue Jean Volders", (50.831508, 4.343487), "21013", "5341",
         "parking-paid-zone", "parking-brussels", 140),
    # Saint-Josse-ten-Noode (Bruxelles-Nord)
    Case("Chaussée de Haecht", (50.855335, 4.367791), "21014", "5344",
         "dumping-litter", "saint-josse-ten-noode-cleanliness", 20),
    Case("Place Saint-Josse", (50.849686, 4.374396), "21014", "5344",
         "neighbourhood-distress", "saint-josse-ten-noode-cpas", 50),
    # Schaerbeek (Bruxelles-Nord)
    Case("Place Liedts", (50.863387, 4.366919), "21015", "5344",
         "furniture-bin", "schaerbeek-cleanliness", 170),
    Case("Boulevard Lambermont", (50.868601, 4.384879), "21015", "5344",
         "furniture-bin", "bruxelles-proprete", 160, {"road": "regional"}),
    Case("Rue de Brabant", (50.859719, 4.362791), "21015", "5344",
         "traffic-speeding", "police-5344", 110),
    # Uccle (Uccle/Watermael-Boitsfort/Auderghem)
    Case("Parvis Saint-Pierre", (50.803207, 4.339563), "21016", "5342",
         "lighting-out", "sibelga", 210),
    Case("Avenue De Fré", (50.804299, 4.356997), "21016", "5342",
         "neighbourhood-housing-estate", "slrb-bghm", 40),
    Case("Chaussée de Waterloo", (50.792794, 4.374104), "21016", "5342",
         "traffic-lights", "brussels-mobility", 120, {"road": "regional"}),
    # Watermael-Boitsfort (Uccle/Watermael-Boitsfort/Auderghem)
    Case("Place des Zinnias", (50.809566, 4.424671), "21017", "5342",
         "neighbourhood-housing-estate", "logis-floreal", 30),
    Case("Place Eugène Keym", (50.809067, 4.403139), "21017", "5342",
         "neighbourhood-dispute", "watermael-boitsfort-prevention", 70),
    # Woluwe-Saint-Lambert (Montgomery)
    Case("Boulevard de la Woluwe", (50.842779, 4.437524), "21018", "5343",
         "furniture-bollard", "brussels-mobility", 180, {"road": "regional"}),
    Case("Avenue Georges Henri", (50.844263, 4.414371), "21018", "5343",
         "traffic-dangerous", "woluwe-saint-lambert-public-works", 130, {"road": "municipal"}),
    # Woluwe-Saint-Pierre (Montgomery)
    Case("Avenue de Tervueren", (50.834309, 4.422579), "21019", "5343",
         "traffic-speeding", "police-5343", 110, {"road": "regional"}),
    Case("Avenue de Tervueren", (50.834309, 4.422579), "21019", "5343",
         "lighting-day", "brussels-mobility", 200, {"road": "regional"}),
    Case("Place Dumon", (50.840026, 4.464755), "21019", "5343",
         "parking-disabled", "police-5343", 150),
    Case("Avenue Orban", (50.83515, 4.457363), "21019", "5343",
         "tags-private", "woluwe-saint-pierre-cleanliness", 220),
    Case("Parvis Sainte-Alix", (50.827819, 4.462143), "21019", "5343",
         "other", "woluwe-saint-pierre-prevention", 240),
]  # fmt: skip


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CASES])
def test_it_routes_a_real_report_to_the_organisation_in_charge(case, request):
    if case.with_office:
        request.getfixturevalue("anderlecht_office")
    location = locate(lat=case.point[0], lon=case.point[1])
    chosen = category(case.category)

    decision = route(
        category=chosen,
        location=location,
        attributes=clean_answers(category=chosen, answers=case.answers),
    )

    assert (location.municipality.code, location.police_zone.code) == (case.municipality, case.zone)
    assert decision.organisation.code == case.expected
    assert (decision.step, decision.rule.position) == ("rule", case.rule)


def test_it_keeps_real_cases_for_every_municipality_zone_and_top_category():
    municipalities = set(
        Area.objects.filter(kind=AreaKind.MUNICIPALITY).values_list("code", flat=True)
    )
    zones = set(Area.objects.filter(kind=AreaKind.POLICE_ZONE).values_list("code", flat=True))
    tops = set(Category.objects.filter(parent=None).values_list("code", flat=True))
    lineages = {ancestor.code for case in CASES for ancestor in category(case.category).lineage()}
    sub_categories = set(Category.objects.exclude(parent=None).values_list("code", flat=True))

    assert len(municipalities) == 19
    assert len(zones) == 6
    assert {case.municipality for case in CASES} == municipalities
    assert {case.zone for case in CASES} == zones
    assert tops <= lineages
    assert len(sub_categories & lineages) >= 0.75 * len(sub_categories)


# --- Every category has somewhere to go, everywhere -------------------------------------


def test_it_routes_every_category_everywhere_in_the_region():
    places = list(
        Area.objects.filter(kind__in=[AreaKind.MUNICIPALITY, AreaKind.NEIGHBOURHOOD]).only(
            "kind", "code", "name_fr", "label_lat", "label_lon"
        )
    )
    locations = [(place, locate(lat=place.label_lat, lon=place.label_lon)) for place in places]
    variants: list[tuple[Category, dict[str, str]]] = []
    for chosen in Category.objects.filter(is_active=True):
        variants.append((chosen, {}))
        if any(question["code"] == "road" for question in chosen.all_questions()):
            variants.append((chosen, {"road": "regional"}))

    unrouted = []
    for place, location in locations:
        for chosen, answers in variants:
            decision = route(category=chosen, location=location, attributes=answers)
            if decision.organisation is None or not decision.organisation.is_active:
                unrouted.append(f"{chosen.code} {answers} at {place.kind} {place.name_fr}")

    assert len(places) == 19 + 145
    assert len(variants) > Category.objects.filter(is_active=True).count() > 0
    assert unrouted == []


# --- How rules are tried ---------------------------------------------------------------


@pytest.fixture
def no_loaded_rules() -> None:
    RoutingRule.objects.all().delete()


def test_it_takes_the_first_matching_rule_by_position():
    later = rule(2, "dumping-bulky", organisation="parking-brussels")
    first = rule(1, "dumping-bulky", organisation="sibelga")

    decision = route_at(GRAND_PLACE, "dumping-bulky")

    assert decision.rule == first
    assert decision.rule != later
    assert decision.organisation.code == "sibelga"


def test_it_applies_a_rule_on_a_category_to_its_sub_categories():
    rule(1, "noise", organisation="safe-brussels")

    assert route_at(GRAND_PLACE, "noise-night").organisation.code == "safe-brussels"
    assert route_at(GRAND_PLACE, "noise-business").organisation.code == "safe-brussels"


def test_it_does_not_apply_a_rule_on_a_sub_category_to_its_parent_or_siblings():
    rule(1, "noise-night", organisation="safe-brussels")

    assert route_at(GRAND_PLACE, "noise").organisation.code == "bruxelles-prevention"
    assert route_at(GRAND_PLACE, "noise-neighbours").organisation.code == "bruxelles-prevention"


def test_it_applies_a_rule_limited_to_a_neighbourhood_only_inside_it():
    rule(1, "tags", area=area(AreaKind.NEIGHBOURHOOD, "58"), organisation="safe-brussels")

    assert locate(lat=RUE_WAYEZ[0], lon=RUE_WAYEZ[1]).neighbourhood.code == "58"
    assert route_at(RUE_WAYEZ, "tags-public").organisation.code == "safe-brussels"
    assert locate(lat=CHAUSSEE_DE_MONS[0], lon=CHAUSSEE_DE_MONS[1]).neighbourhood.code == "52"
    assert route_at(CHAUSSEE_DE_MONS, "tags-public").organisation.code == "anderlecht-cleanliness"


def test_it_applies_a_rule_with_one_answer_only_when_that_answer_is_given():
    rule(1, "lighting", conditions={"road": "municipal"}, organisation="safe-brussels")

    assert route_at(GRAND_PLACE, "lighting-out", road="municipal").organisation.code == (
        "safe-brussels"
    )
    assert route_at(GRAND_PLACE, "lighting-out", road="unknown").organisation.code == "sibelga"
    assert route_at(GRAND_PLACE, "lighting-out").organisation.code == "sibelga"


def test_it_applies_a_rule_with_a_list_of_answers_when_any_of_them_is_given():
    rule(1, "dumping", conditions={"road": ["regional", "unknown"]}, organisation="safe-brussels")

    assert route_at(GRAND_PLACE, "dumping-bags", road="regional").organisation.code == (
        "safe-brussels"
    )
    assert route_at(GRAND_PLACE, "dumping-bags", road="unknown").organisation.code == (
        "safe-brussels"
    )
    assert route_at(GRAND_PLACE, "dumping-bags", road="municipal").organisation.code == (
        "bruxelles-cleanliness"
    )
    assert route_at(GRAND_PLACE, "dumping-bags").organisation.code == "bruxelles-cleanliness"


def test_it_skips_a_competent_rule_when_no_organisation_of_that_kind_serves_the_place():
    rule(1, "dumping", target_type=TargetType.COMPETENT, target_kind="social_housing",
         target_service="housing")  # fmt: skip

    in_anderlecht = route_at(VAILLANCE, "dumping-bulky")
    in_uccle = route_at(AVENUE_DE_FRE, "dumping-bulky")

    assert (in_anderlecht.organisation.code, in_anderlecht.rule.position) == (
        "foyer-anderlechtois",
        1,
    )
    assert (in_uccle.organisation.code, in_uccle.rule.position) == ("uccle-cleanliness", 20)


def test_it_skips_an_inactive_rule():
    rule(1, "dumping", organisation="safe-brussels", is_active=False)

    assert route_at(GRAND_PLACE, "dumping-bulky").organisation.code == "bruxelles-cleanliness"


def test_it_skips_a_rule_naming_an_inactive_organisation():
    rule(1, "dumping", organisation="safe-brussels")
    safe = organisation("safe-brussels")
    safe.is_active = False
    safe.save()

    decision = route_at(GRAND_PLACE, "dumping-bulky")

    assert (decision.organisation.code, decision.rule.position) == ("bruxelles-cleanliness", 20)


def test_it_skips_an_inactive_competent_organisation():
    company = organisation("foyer-anderlechtois")
    company.is_active = False
    company.save()

    decision = route_at(RUE_WAYEZ, "neighbourhood-housing-estate")

    assert (decision.organisation.code, decision.rule.position) == ("slrb-bghm", 40)


def test_it_sends_to_the_office_coordinator_when_no_rule_matches(
    no_loaded_rules, anderlecht_office
):
    decision = route_at(VAILLANCE, "dumping-bulky")

    assert decision.organisation == organisation("anderlecht-prevention")
    assert (decision.step, decision.rule, decision.office) == ("office", None, anderlecht_office)


def test_it_sends_nowhere_without_a_matching_rule_or_an_office(no_loaded_rules):
    decision = route_at(GRAND_PLACE, "dumping-bulky")

    assert (decision.organisation, decision.rule, decision.step) == (None, None, "none")


def test_it_does_not_send_reports_to_an_office_that_is_not_open(no_loaded_rules, anderlecht_office):
    anderlecht_office.status = OfficeStatus.PLANNED
    anderlecht_office.save()

    decision = route_at(VAILLANCE, "dumping-bulky")

    assert (decision.organisation, decision.step) == (None, "none")


def test_it_does_not_send_reports_to_an_inactive_coordinator(anderlecht_office):
    coordinator = anderlecht_office.coordinator
    coordinator.is_active = False
    coordinator.save()
    rule(1, "other", target_type=TargetType.OFFICE_COORDINATOR)

    decision = route_at(VAILLANCE, "other")

    assert decision.organisation != coordinator
    assert decision.office is None


def test_a_rule_can_be_limited_to_the_region(no_loaded_rules):
    region = area(AreaKind.REGION, "04000")
    rule(1, "tags", area=region, organisation="safe-brussels")

    assert route_at(GRAND_PLACE, "tags").organisation.code == "safe-brussels"


def test_a_competent_rule_finds_a_regional_organisation(no_loaded_rules):
    rule(
        1,
        "tags",
        target_type=TargetType.COMPETENT,
        target_kind="regional_agency",
        target_service="cleanliness",
    )

    decision = route_at(GRAND_PLACE, "tags")

    assert decision.organisation.code == "bruxelles-proprete"
    assert decision.area == area(AreaKind.REGION, "04000")


def test_an_office_catchment_stops_at_its_edge(anderlecht_office):
    # In Cureghem Vétérinaire (neighbourhood 12), some 15 metres from the catchment (58).
    location = locate(lat=50.837803, lon=4.318548)

    assert location.neighbourhood.code == "12"
    assert location.office_catchment is None


# --- Why -------------------------------------------------------------------------------


def test_it_explains_a_rule_naming_an_organisation():
    with override("en"):
        explanation = route_at(GRAND_PLACE, "parking-paid-zone").explanation

    assert explanation == (
        "Misuse of a paid or delivery bay goes to parking.brussels (regional parking agency) "
        "(rule 140: Paid and delivery bays: parking.brussels)."
    )


def test_it_explains_a_competent_rule_with_the_area_where_it_found_the_organisation():
    with override("en"):
        explanation = route_at(VAILLANCE, "dumping-bulky").explanation

    assert explanation == (
        "Bulky waste goes to Anderlecht – Public cleanliness, the municipal service competent "
        "for Anderlecht (rule 20: Illegal dumping: the municipality's cleanliness service)."
    )


def test_it_explains_a_rule_without_a_note_by_its_position():
    rule(7, "dumping", organisation="safe-brussels")

    with override("en"):
        explanation = route_at(GRAND_PLACE, "dumping-bulky").explanation

    assert explanation == (
        "Bulky waste goes to safe.brussels (Brussels Prevention & Security) (rule 7)."
    )


def test_it_explains_a_rule_sending_to_the_office_coordinator(anderlecht_office):
    with override("en"):
        explanation = route_at(VAILLANCE, "other").explanation

    assert explanation == (
        "Other problem goes to Anderlecht – Prevention service, coordinator of the office "
        "Antenne Vaillance (test) (rule 230: Other problems: the office of the place)."
    )


def test_it_explains_the_office_fallback(no_loaded_rules, anderlecht_office):
    with override("en"):
        explanation = route_at(VAILLANCE, "other").explanation

    assert explanation == (
        "No routing rule covers Other problem here, so it goes to Anderlecht – Prevention "
        "service, coordinator of the office Antenne Vaillance (test) whose catchment holds "
        "the place."
    )


def test_it_explains_that_nobody_was_found(no_loaded_rules):
    with override("en"):
        explanation = route_at(GRAND_PLACE, "other").explanation

    assert explanation == (
        "No routing rule covers Other problem here and no office's catchment holds the "
        "place: an administrator must assign the report."
    )


# --- Edits apply at once ---------------------------------------------------------------


@pytest.fixture
def slow_recheck(settings) -> None:
    # Only the signals, not the periodic stamp check, can then refresh the table.
    settings.LISA_CONFIG_RECHECK_SECONDS = 3600


def test_it_routes_with_an_edited_rule_at_once(slow_recheck):
    lighting = RoutingRule.objects.get(code="brussels-0210")
    assert route_at(PARVIS_SAINT_PIERRE, "lighting-out").organisation.code == "sibelga"

    lighting.organisation = organisation("brussels-mobility")
    lighting.save()
    assert route_at(PARVIS_SAINT_PIERRE, "lighting-out").organisation.code == "brussels-mobility"

    lighting.is_active = False
    lighting.save()
    assert route_at(PARVIS_SAINT_PIERRE, "lighting-out").organisation.code == "uccle-prevention"


def test_it_routes_with_a_new_rule_at_once(slow_recheck):
    assert route_at(GRAND_PLACE, "tags-public").organisation.code == "bruxelles-cleanliness"

    rule(1, "tags", organisation="safe-brussels")

    assert route_at(GRAND_PLACE, "tags-public").organisation.code == "safe-brussels"


def test_it_routes_with_a_widened_jurisdiction_at_once(slow_recheck):
    assert route_at(AVENUE_DE_FRE, "neighbourhood-housing-estate").organisation.code == (
        "slrb-bghm"
    )

    organisation("foyer-du-sud").jurisdiction.add(area(AreaKind.MUNICIPALITY, "21016"))

    assert route_at(AVENUE_DE_FRE, "neighbourhood-housing-estate").organisation.code == (
        "foyer-du-sud"
    )


# --- The route command -----------------------------------------------------------------


def test_the_route_command_prints_json(capsys):
    # The command activates its own language; override() restores ours afterwards.
    with override("fr"):
        call_command(
            "route",
            "--category",
            "dumping-bulky",
            str(VAILLANCE[0]),
            str(VAILLANCE[1]),
            "--answer",
            "road=regional",
            "--json",
        )

    assert json.loads(capsys.readouterr().out) == {
        "organisation": {
            "code": "bruxelles-proprete",
            "kind": "regional_agency",
            "name_fr": "Bruxelles-Propreté",
            "name_nl": "Net Brussel",
            "name_en": "Bruxelles-Propreté (regional cleanliness agency)",
        },
        "rule": {"position": 10, "code": "brussels-0010"},
        "step": "rule",
        "explanation": (
            "Bulky waste goes to Bruxelles-Propreté (regional cleanliness agency) "
            "(rule 10: Illegal dumping on a regional road: Bruxelles-Propreté)."
        ),
        "municipality": "21001",
    }


def test_the_route_command_exits_2_outside_the_region(capsys):
    with override("fr"), pytest.raises(SystemExit) as caught:
        call_command("route", "--category", "dumping", str(OUTSIDE[0]), str(OUTSIDE[1]), "--json")

    assert caught.value.code == 2
    assert json.loads(capsys.readouterr().err)["code"] == "outside_region"
