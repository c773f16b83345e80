import re

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lisa.append_only import UndeletableModel
from lisa.names import TranslatedName, pick_translation


class OfficeStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("office status", "planned")
    SETTING_UP = "setting_up", pgettext_lazy("office status", "being set up")
    OPERATIONAL = "operational", pgettext_lazy("office status", "operational")
    CLOSED = "closed", pgettext_lazy("office status", "closed")


class Office(TranslatedName):
    """A LISA antenna: the neighbourhood desk shared by the partners."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OfficeStatus.choices, default=OfficeStatus.PLANNED
    )
    municipality = models.ForeignKey(
        "geo.Area",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="offices",
        limit_choices_to={"kind": "municipality"},
    )
    address_fr = models.CharField(_("address (French)"), max_length=200, blank=True)
    address_nl = models.CharField(_("address (Dutch)"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    coordinator = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("coordinating organisation"),
        on_delete=models.PROTECT,
        related_name="coordinated_offices",
        help_text=_("Receives the reports that no routing rule claims."),
    )
    partners = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("partners present"),
        blank=True,
        related_name="partner_offices",
    )
    neighbourhoods = models.ManyToManyField(
        "geo.Area",
        verbose_name=_("catchment neighbourhoods"),
        blank=True,
        related_name="catchment_offices",
        limit_choices_to={"kind": "neighbourhood"},
    )
    catchment = models.OneToOneField(
        "geo.Area",
        verbose_name=_("catchment area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="office",
        limit_choices_to={"kind": "office_catchment"},
        help_text=_("Built from the catchment neighbourhoods, or imported."),
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    description_fr = models.TextField(_("public description (French)"), blank=True)
    description_nl = models.TextField(_("public description (Dutch)"), blank=True)
    description_en = models.TextField(_("public description (English)"), blank=True)
    source_url = models.URLField(_("source"), blank=True, max_length=400)
    is_demo = models.BooleanField(
        _("demo office"), default=False, help_text=_("Fictitious, generated for the demo.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name_fr"]

    def get_absolute_url(self) -> str:
        return reverse("office", kwargs={"code": self.code})

    @property
    def address(self) -> str:
        return pick_translation(fr=self.address_fr, nl=self.address_nl, en=self.address_fr)

    @property
    def phone_uri(self) -> str:
        """Return the phone number as a tel: link ("tel:+3225550123")."""
        digits = re.sub(r"[^0-9+]", "", self.phone)
        return f"tel:{digits}" if digits else ""

    @property
    def description(self) -> str:
        return pick_translation(
            fr=self.description_fr, nl=self.description_nl, en=self.description_en
        )

    def summary(self) -> dict[str, str]:
        return {
            "code": self.code,
            "name_fr": self.name_fr,
            "name_nl": self.name_nl,
            "name_en": self.name_en,
            "status": self.status,
        }


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="opening_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class PartnerHelp(models.Model):
    """What a partner present at an office can help residents with, in the three languages."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="partner_help"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    help_fr = models.CharField(_("can help with (French)"), max_length=300, blank=True)
    help_nl = models.CharField(_("can help with (Dutch)"), max_length=300, blank=True)
    help_en = models.CharField(_("can help with (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("what a partner helps with")
        verbose_name_plural = _("what the partners help with")
        constraints = [
            models.UniqueConstraint(fields=["office", "organisation"], name="partner_help_once"),
        ]

    def __str__(self) -> str:
        return f"{self.office.code}: {self.organisation.code}"

    @property
    def text(self) -> str:
        return pick_translation(fr=self.help_fr, nl=self.help_nl, en=self.help_en)


class VisitChannel(models.TextChoices):
    WALK_IN = "walk_in", _("walk-in")
    PHONE = "phone", _("phone call")


class VisitTopic(models.TextChoices):
    INFORMATION = "information", _("information about a service")
    ADMINISTRATIVE = "administrative", _("help with an administrative step")
    NEIGHBOURHOOD = "neighbourhood", _("neighbourhood problem or dispute")
    CLEANLINESS = "cleanliness", _("cleanliness and waste")
    SAFETY = "safety", _("feeling of safety, prevention advice")
    HOUSING = "housing", _("housing")
    SOCIAL = "social", _("social help")
    MOBILITY = "mobility", _("traffic and parking")
    FOLLOW_UP = "follow_up", _("follow-up of a report")
    OTHER = "other", _("other")


class DeskVisit(UndeletableModel):
    """A walk-in or a call that is not (yet) a report, kept anonymously for the figures."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="desk_visits"
    )
    channel = models.CharField(_("how"), max_length=10, choices=VisitChannel.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=VisitTopic.choices)
    language = models.CharField(_("language"), max_length=10)
    referred_to = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    referral_note = models.CharField(
        _("referral"),
        max_length=200,
        blank=True,
        help_text=_("Where the visitor was sent, without their name or contact details."),
    )
    registered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("desk visit")
        verbose_name_plural = _("desk visits")
        ordering = ["-at"]
        indexes = [models.Index(fields=["office", "at"], name="deskvisit_office_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_topic_display()}"
