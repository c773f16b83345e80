"""The street search of the intake forms: both languages, accents, prefixes, the nearest street."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lisa.geo.geocoder import (
    GeocoderUnavailable,
    LocalGeocoder,
    Street,
    get_geocoder,
    invalidate_geocoder,
    normalize,
    resolve_street,
    split_house_number,
)
from lisa.geo.geodata import geodata_dir
from lisa.testing.personas import OUTSIDE, VAILLANCE


@pytest.fixture(scope="module")
def brussels() -> LocalGeocoder:
    return LocalGeocoder.from_csv(geodata_dir() / "streets.csv")


def street(name_fr: str, name_nl: str = "", municipality: str = "Anderlecht") -> Street:
    return Street(
        key=f"{name_fr} - {name_nl}",
        name_fr=name_fr,
        name_nl=name_nl,
        municipality_fr=municipality,
        municipality_nl=municipality,
        municipality_code="21001",
        lat=50.84,
        lon=4.31,
    )


def labels(matches) -> list[str]:
    return [m.label for m in matches]


def test_it_reads_the_streets_of_the_region(brussels):
    # 4,478 rows, of which 3 lie outside the municipalities (no municipality given)
    assert len(brussels.streets) == 4475
    assert all(s.municipality_code for s in brussels.streets)


def test_it_finds_the_vaillance_square_by_its_french_name(brussels):
    [first, *_] = brussels.search("Place de la Vaillance", "fr", 5)

    assert first.label == "Place de la Vaillance (Anderlecht)"
    assert first.other_name == "Dapperheidsplein"
    assert (first.street.lat, first.street.lon) == VAILLANCE


def test_it_finds_the_same_square_by_its_dutch_name_and_shows_it_in_dutch(brussels):
    [first, *_] = brussels.search("Dapperheidsplein", "nl", 5)

    assert first.label == "Dapperheidsplein (Anderlecht)"
    assert first.street.name_fr == "Place de la Vaillance"


def test_it_ignores_case_accents_and_apostrophes(brussels):
    typed = labels(brussels.search("RUE DE L EGLISE", "fr", 10))
    accented = labels(brussels.search("rue de l'Église", "fr", 10))

    assert typed == accented
    assert "Rue de l'Église (Woluwe-Saint-Pierre)" in typed


def test_it_finds_a_street_by_the_start_of_any_word_of_its_name(brussels):
    assert "Place de la Vaillance (Anderlecht)" in labels(brussels.search("vaill", "fr", 10))
    assert "Dapperheidsplein (Anderlecht)" in labels(brussels.search("dapperh", "nl", 10))


def test_it_finds_words_typed_in_any_order_and_the_municipality(brussels):
    assert labels(brussels.search("vaillance anderlecht", "fr", 10)) == [
        "Place de la Vaillance (Anderlecht)"
    ]
    assert labels(brussels.search("la vaillance place", "fr", 10)) == [
        "Place de la Vaillance (Anderlecht)"
    ]


def test_it_finds_nothing_for_a_street_that_does_not_exist(brussels):
    assert brussels.search("Rue du Zyxwvut", "fr", 10) == []
    assert brussels.search("   ", "fr", 10) == []


def test_it_gives_at_most_the_number_of_streets_asked_for(brussels):
    assert len(brussels.search("rue", "fr", 7)) == 7
    assert brussels.search("rue", "fr", 0) == []


def test_it_ranks_the_exact_name_then_names_starting_with_it_then_words():
    geocoder = LocalGeocoder(
        [
            street("Petite Rue Haute"),
            street("Rue Haute Chaussée"),
            street("Rue Haute", "Hoogstraat"),
            street("Rue de la Hauteur"),
        ]
    )

    assert [m.name for m in geocoder.search("rue haute", "fr", 10)] == [
        "Rue Haute",
        "Rue Haute Chaussée",
        "Petite Rue Haute",
        "Rue de la Hauteur",
    ]
    assert [m.name for m in geocoder.search("haute", "fr", 10)] == [
        "Petite Rue Haute",
        "Rue Haute",
        "Rue Haute Chaussée",
        "Rue de la Hauteur",
    ]


def test_it_shows_a_street_in_the_language_asked_for_when_both_names_match():
    geocoder = LocalGeocoder([street("10ème Avenue", "10ème Laan", municipality="Evere")])

    assert geocoder.search("10eme", "nl", 5)[0].label == "10ème Laan (Evere)"
    assert geocoder.search("10eme", "fr", 5)[0].label == "10ème Avenue (Evere)"
    # only the French name has "avenue": it is shown whatever the language
    assert geocoder.search("10eme av", "nl", 5)[0].name == "10ème Avenue"


def test_it_finds_the_street_nearest_to_a_position(brussels):
    nearby = brussels.reverse(VAILLANCE[0] + 0.0001, VAILLANCE[1] - 0.0001)

    assert nearby is not None
    assert nearby.name_nl == "Dapperheidsplein"


def test_it_finds_no_street_far_outside_the_region(brussels):
    assert brussels.reverse(*OUTSIDE) is None


def test_many_points_at_once_find_the_same_streets_as_one_by_one(brussels):
    # A grid over the region and beyond, more points than one block, and points of no place.
    points = [
        (50.76 + 0.0037 * row, 4.24 + 0.0051 * column) for row in range(30) for column in range(30)
    ]
    points += [OUTSIDE, (float("nan"), 4.35), (50.84, float("inf")), VAILLANCE]

    found = brussels.reverse_many(points)

    assert found == [brussels.reverse(lat, lon) for lat, lon in points]
    assert found[-1] is not None
    assert found[-1].name_nl == "Dapperheidsplein"
    assert found[-4:-1] == [None, None, None]
    assert None in found[:900]
    assert sum(street is not None for street in found) > 500
    assert brussels.reverse_many([]) == []


def test_it_says_so_when_the_street_list_is_missing(tmp_path: Path):
    with pytest.raises(GeocoderUnavailable) as refused:
        LocalGeocoder.from_csv(tmp_path / "streets.csv")

    assert refused.value.code == "geocoder_unavailable"


def test_it_normalizes_names_for_comparison():
    assert normalize("Chaussée d'Alsemberg") == "chaussee d alsemberg"
    assert normalize("  SINT-GILLISVOORPLEIN ") == "sint gillisvoorplein"


@pytest.mark.parametrize(
    ("typed", "street_part", "number"),
    [
        ("Place de la Vaillance 12", "Place de la Vaillance", "12"),
        ("Place de la Vaillance, 12A", "Place de la Vaillance", "12A"),
        ("Dapperheidsplein 12/3", "Dapperheidsplein", "12/3"),
        ("Dapperheidsplein (Anderlecht) 7", "Dapperheidsplein (Anderlecht)", "7"),
        ("10ème Avenue", "10ème Avenue", ""),
    ],
)
def test_it_reads_the_house_number_typed_after_the_street(typed, street_part, number):
    assert split_house_number(typed) == (street_part, number)


def test_it_resolves_a_picked_suggestion_and_a_full_name(brussels):
    picked = resolve_street("Dapperheidsplein (Anderlecht)", language="nl", geocoder=brussels)
    typed = resolve_street("place de la vaillance 12", language="fr", geocoder=brussels)

    assert picked.match is not None
    assert picked.match.street == typed.match.street
    assert typed.number == "12"


def test_it_takes_a_street_named_with_a_number_for_that_street(brussels):
    found = resolve_street("Chemin 3", language="fr", geocoder=brussels)
    numbered = resolve_street("Chemin 3 14", language="fr", geocoder=brussels)

    assert (found.match.name, found.number) == ("Chemin 3", "")
    assert (numbered.match.name, numbered.number) == ("Chemin 3", "14")


def test_it_resolves_a_part_of_a_name_that_only_one_street_has(brussels):
    found = resolve_street("vaillance", language="fr", geocoder=brussels)

    assert found.match is not None
    assert found.match.name == "Place de la Vaillance"


def test_it_asks_which_street_when_a_name_is_in_two_municipalities(brussels):
    found = resolve_street("Avenue de Jette", language="fr", geocoder=brussels)

    assert found.is_ambiguous
    assert labels(found.choices) == ["Avenue de Jette (Jette)", "Avenue de Jette (Koekelberg)"]
    chosen = resolve_street("Avenue de Jette (Koekelberg)", language="fr", geocoder=brussels)
    assert chosen.match is not None
    assert chosen.match.street.municipality_fr == "Koekelberg"


def test_it_finds_nothing_to_resolve_for_an_unknown_street(brussels):
    found = resolve_street("Rue du Zyxwvut 3", language="fr", geocoder=brussels)

    assert not found.is_found
    assert not found.is_ambiguous
    assert found.number == "3"


def test_the_configured_geocoder_is_built_once_per_process(settings):
    settings.LISA_GEOCODER = "local"
    invalidate_geocoder()

    assert get_geocoder() is get_geocoder()


def test_it_refuses_a_geocoder_it_does_not_know(settings):
    settings.LISA_GEOCODER = "urbis-but-not-yet"

    with pytest.raises(ImproperlyConfigured):
        get_geocoder()


def test_a_street_whose_other_name_starts_with_the_text_is_shown_in_the_persons_language(
    brussels: LocalGeocoder,
):
    french = brussels.search("Wayez", "fr", 5)
    assert french[0].name == "Rue Wayez"
    dutch = brussels.search("Wayez", "nl", 5)
    assert dutch[0].name == "Wayezstraat"
