from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "lisa.webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from lisa.webhooks.models import Webhook
        from lisa.webhooks.outbound import invalidate_listening

        # Only a cache is dropped here: a webhook added in the admin listens at once in this
        # process, and within LISA_CONFIG_RECHECK_SECONDS in the others.
        post_save.connect(invalidate_listening, sender=Webhook, dispatch_uid="webhook-saved")
        post_delete.connect(invalidate_listening, sender=Webhook, dispatch_uid="webhook-deleted")
