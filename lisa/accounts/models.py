from django.contrib.auth.models import AbstractUser
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
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_fr"]

    @property
    def is_police(self) -> bool:
        return self.kind == OrganisationKind.POLICE_ZONE


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
