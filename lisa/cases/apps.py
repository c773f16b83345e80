from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "lisa.cases"
    verbose_name = _("Multi-agency cases")
