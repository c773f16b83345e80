from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lisa.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from lisa.accounts.models import Organisation
        from lisa.offices.models import Office
        from lisa.reports.models import Category, RoutingRule
        from lisa.reports.routing import invalidate_routing

        # Only the routing cache is dropped here: admin edits apply at once in this
        # process, and within LISA_CONFIG_RECHECK_SECONDS in the others.
        for model in (RoutingRule, Organisation, Office, Category):
            post_save.connect(invalidate_routing, sender=model, dispatch_uid=f"route-{model}")
            post_delete.connect(invalidate_routing, sender=model, dispatch_uid=f"route-d-{model}")
        m2m_changed.connect(
            invalidate_routing,
            sender=Organisation.jurisdiction.through,
            dispatch_uid="route-jurisdiction",
        )
