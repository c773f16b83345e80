from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lisa.names import TranslatedName


class User(AbstractUser):
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("fr", "Français"), ("nl", "Nederlands"), ("en", "English")],
        default="fr",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class OrganisationKind(models.TextChoices):
    MUNICIPAL_SERVICE = "municipal_service", _("municipal service")
    POLICE_ZONE = "police_zone", _("police zone")
    REGIONAL_AGENCY = "regional_agency", _("regional agency")
    SOCIAL_HOUSING = "social_housing", _("social housing company")
    CPAS = "cpas", _("CPAS/OCMW")
    PREVENTION_SERVICE = "prevention_service", _("prevention service")
    NON_PROFIT = "non_profit", _("non-profit organisation")


class HolidayCalendar(models.TextChoices):
    BELGIAN = "belgian", _("Belgian public holidays")
    REGIONAL = "regional", _("Brussels regional public service: also Iris Day (8 May)")
    MUNICIPAL = "municipal", _("Municipal: also the days off of its municipality")


# The calendar of an organisation that names none: Iris Day is a day off for the
# regional administrations only; a municipality's own days off (LocalHoliday)
# apply to its services, its prevention service and its CPAS/OCMW.
CALENDAR_OF_KIND = {
    OrganisationKind.MUNICIPAL_SERVICE: HolidayCalendar.MUNICIPAL,
    OrganisationKind.POLICE_ZONE: HolidayCalendar.BELGIAN,
    OrganisationKind.REGIONAL_AGENCY: HolidayCalendar.REGIONAL,
    OrganisationKind.SOCIAL_HOUSING: HolidayCalendar.BELGIAN,
    OrganisationKind.CPAS: HolidayCalendar.MUNICIPAL,
    OrganisationKind.PREVENTION_SERVICE: HolidayCalendar.MUNICIPAL,
    OrganisationKind.NON_PROFIT: HolidayCalendar.BELGIAN,
}


class Organisation(TranslatedName):
    """A partner that handles reports: a municipal service, a police zone, an agency."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    service = models.SlugField(
        _("service"),
        max_length=40,
        blank=True,
        help_text=_(
            "What the organisation does, for routing rules that pick "
            "'the service of this kind in charge of the place' (e.g. cleanliness)."
        ),
    )
    jurisdiction = models.ManyToManyField(
        "geo.Area",
        verbose_name=_("jurisdiction"),
        blank=True,
        related_name="organisations",
        help_text=_("The areas where the organisation is competent."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    holiday_calendar = models.CharField(
        _("days off"),
        max_length=20,
        choices=HolidayCalendar.choices,
        blank=True,
        help_text=_(
            "The days that do not count towards its deadlines, besides weekends. Empty: "
            "the calendar of its kind (regional agencies: the regional one; municipal "
            "services, prevention services and CPAS/OCMW: the municipal one; others: "
            "Belgian public holidays)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_fr"]

    @property
    def is_police(self) -> bool:
        return self.kind == OrganisationKind.POLICE_ZONE

    @property
    def effective_holiday_calendar(self) -> str:
        return self.holiday_calendar or CALENDAR_OF_KIND.get(
            OrganisationKind(self.kind), HolidayCalendar.BELGIAN
        )


class LocalHoliday(models.Model):
    """A day off of a municipality's administration, for the deadlines of its organisations."""

    municipality = models.ForeignKey(
        "geo.Area",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="local_holidays",
        limit_choices_to={"kind": "municipality"},
    )
    day = models.DateField(_("day"))
    every_year = models.BooleanField(
        _("every year"),
        default=True,
        help_text=_("Yes: this day and month every year. No: this date only."),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("For example: All Souls' Day.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("municipal day off")
        verbose_name_plural = _("municipal days off")
        ordering = ["municipality__name_fr", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "day", "every_year"], name="local_holiday_unique"
            ),
        ]

    def __str__(self) -> str:
        when = f"{self.day:%d/%m}" if self.every_year else f"{self.day:%d/%m/%Y}"
        return f"{self.municipality.name} — {when} {self.name}".strip()

    def clean(self) -> None:
        from lisa.geo.models import AreaKind

        if self.municipality_id and self.municipality.kind != AreaKind.MUNICIPALITY:
            raise ValidationError({"municipality": _("Choose a municipality.")})


class Role(models.TextChoices):
    FRONT_DESK_AGENT = "front_desk_agent", _("front-desk agent")
    PARTNER_AGENT = "partner_agent", _("partner agent")
    PARTNER_MANAGER = "partner_manager", _("partner manager")
    OFFICE_COORDINATOR = "office_coordinator", _("office coordinator")
    POLICE_OFFICER = "police_officer", _("police officer")
    REGIONAL_ANALYST = "regional_analyst", _("regional analyst")
    ADMINISTRATOR = "administrator", _("administrator")


class Membership(models.Model):
    """A user's role in an organisation, and at an office where the role is local."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "office", "role"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        where = f" @ {self.office}" if self.office_id else ""
        return f"{self.user} — {self.get_role_display()}, {self.organisation}{where}"


class Team(TranslatedName):
    """A group of people of one organisation that reports can be assigned to."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="teams",
    )
    members = models.ManyToManyField(
        User, verbose_name=_("members"), blank=True, related_name="teams"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name_fr"]


class SavedFilter(models.Model):
    """A named set of queue filters a person keeps for themselves."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
