from django.db import models
from django.utils.translation import gettext_lazy as _

from lisa.names import TranslatedName


class AreaKind(models.TextChoices):
    REGION = "region", _("region")
    MUNICIPALITY = "municipality", _("municipality")
    POLICE_ZONE = "police_zone", _("police zone")
    NEIGHBOURHOOD = "neighbourhood", _("neighbourhood")
    OFFICE_CATCHMENT = "office_catchment", _("office catchment")


# The kinds a report is located in; the region only bounds them.
LOCATED_KINDS = (
    AreaKind.MUNICIPALITY,
    AreaKind.POLICE_ZONE,
    AreaKind.NEIGHBOURHOOD,
    AreaKind.OFFICE_CATCHMENT,
)


class Area(TranslatedName):
    """A territory: the region, a municipality, a police zone, a neighbourhood, a catchment.

    The geometry is GeoJSON in WGS 84, validated on the way in by the importer;
    the representative point is guaranteed to lie inside it, and the outline is
    the geometry simplified for maps.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    code = models.CharField(
        _("code"),
        max_length=50,
        help_text=_("NIS code for a municipality, mdzone for a neighbourhood"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    geometry = models.JSONField(_("geometry (GeoJSON)"))
    # The geometry simplified for maps, computed once at import. Kept as the
    # GeoJSON text that /areas/<kind>.geojson sends as it is: no request parses it.
    outline = models.TextField(_("outline for maps (GeoJSON)"), blank=True, editable=False)
    label_lat = models.FloatField(_("representative latitude"))
    label_lon = models.FloatField(_("representative longitude"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["kind", "name_fr"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="area_unique_kind_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def summary(self) -> dict[str, str]:
        """Return the code and names, as the locator and the API show an area."""
        return {
            "code": self.code,
            "name_fr": self.name_fr,
            "name_nl": self.name_nl,
            "name_en": self.name_en,
        }
