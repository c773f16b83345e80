from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    name = "lisa.front"
    verbose_name = _("Front")

    def ready(self) -> None:
        from lisa.front import checks  # noqa: F401  (registers the production checks)
