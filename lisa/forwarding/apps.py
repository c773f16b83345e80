from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ForwardingConfig(AppConfig):
    name = "lisa.forwarding"
    label = "forwarding"
    verbose_name = _("Forwarding to other Open311 systems")

    def ready(self) -> None:
        from lisa.forwarding.models import ExternalSystem
        from lisa.forwarding.outbound import invalidate_systems

        # Only a cache is dropped here: a system added in the admin is used at once in this
        # process, and within LISA_CONFIG_RECHECK_SECONDS in the others.
        post_save.connect(invalidate_systems, sender=ExternalSystem, dispatch_uid="system-saved")
        post_delete.connect(
            invalidate_systems, sender=ExternalSystem, dispatch_uid="system-deleted"
        )
