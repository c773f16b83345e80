from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    source_url = models.URLField(_("source"), blank=True, max_length=400)
    is_demo = models.BooleanField(
        _("demo office"), default=False, help_text=_("Fictitious, generated for the demo.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name_fr"]

    @property
    def address(self) -> str:
        return pick_translation(fr=self.address_fr, nl=self.address_nl, en=self.address_fr)

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
