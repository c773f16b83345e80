"""Teams of an organisation, that reports are assigned to."""

import pytest

from lisa.accounts.actions import team_save
from lisa.accounts.models import Organisation
from lisa.errors import LisaError
from lisa.testing.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleanliness():
    return Organisation.objects.get(code="anderlecht-cleanliness")


def test_it_makes_a_team_once_and_updates_it_by_its_french_name(cleanliness):
    yasmina = UserFactory.create(username="yasmina")
    grant(yasmina, "anderlecht-cleanliness", "partner_agent")
    first = team_save(
        organisation=cleanliness, name_fr="Équipe du matin", name_nl="Ochtendploeg", members=[]
    )

    again = team_save(
        organisation=cleanliness,
        name_fr="Équipe du matin",
        name_nl="Vroege ploeg",
        name_en="Morning team",
        members=[yasmina],
    )

    assert again.pk == first.pk
    assert (again.name_nl, again.name_en) == ("Vroege ploeg", "Morning team")
    assert list(again.members.all()) == [yasmina]


def test_it_refuses_a_member_of_another_organisation(cleanliness, carol):
    with pytest.raises(LisaError) as refused:
        team_save(
            organisation=cleanliness,
            name_fr="Équipe du soir",
            name_nl="Avondploeg",
            members=[carol],
        )

    assert refused.value.code == "member_not_in_organisation"
    assert not cleanliness.teams.exists()
