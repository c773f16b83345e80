from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "lisa.geo"
    verbose_name = _("Geography")

    def ready(self) -> None:
        from lisa.geo import checks  # noqa: F401  (registers the street search's checks)
        from lisa.geo.locator import invalidate_locator
        from lisa.geo.models import Area

        # Only a cache is dropped here; an edit in the admin takes effect at once
        # in this process, and within LISA_CONFIG_RECHECK_SECONDS in the others.
        post_save.connect(invalidate_locator, sender=Area, dispatch_uid="area-saved")
        post_delete.connect(invalidate_locator, sender=Area, dispatch_uid="area-deleted")
