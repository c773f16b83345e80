"""factory-boy factories for the models tests create themselves."""

from __future__ import annotations

from typing import Any

import factory

from lisa.accounts.actions import membership_grant
from lisa.accounts.models import Membership, Organisation, User
from lisa.geo.models import Area, AreaKind
from lisa.offices.actions import office_set_catchment
from lisa.offices.models import Office, OfficeStatus


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class OfficeFactory(factory.django.DjangoModelFactory[Office]):
    class Meta:
        model = Office
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"office-{n}")
    name_fr = factory.LazyAttribute(lambda office: f"Antenne {office.code}")
    name_nl = factory.LazyAttribute(lambda office: f"Antenne {office.code}")
    status = OfficeStatus.OPERATIONAL

    @classmethod
    def _create(cls, model_class: type[Office], *args: Any, **kwargs: Any) -> Office:
        codes = kwargs.pop("catchment_codes", [])
        office = super()._create(model_class, *args, **kwargs)
        if codes:
            office_set_catchment(
                office=office,
                neighbourhoods=Area.objects.filter(kind=AreaKind.NEIGHBOURHOOD, code__in=codes),
            )
            office.refresh_from_db()
        return office


def grant(
    user: User, organisation_code: str, role: str, office: Office | None = None
) -> Membership:
    return membership_grant(
        user=user,
        organisation=Organisation.objects.get(code=organisation_code),
        role=role,
        office=office,
    )
