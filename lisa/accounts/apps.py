from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lisa.accounts"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from django.core import checks
        from django.core.signals import setting_changed
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from lisa.accounts.calendars import invalidate_calendars
        from lisa.accounts.checks import check_extra_holidays
        from lisa.accounts.models import LocalHoliday, Organisation

        # Admin edits apply at once in this process, and within
        # LISA_CONFIG_RECHECK_SECONDS in the others.
        for model in (Organisation, LocalHoliday):
            post_save.connect(invalidate_calendars, sender=model, dispatch_uid=f"cal-{model}")
            post_delete.connect(invalidate_calendars, sender=model, dispatch_uid=f"cal-d-{model}")
        m2m_changed.connect(
            invalidate_calendars,
            sender=Organisation.jurisdiction.through,
            dispatch_uid="cal-jurisdiction",
        )
        setting_changed.connect(_on_setting_changed, dispatch_uid="cal-setting")
        checks.register(check_extra_holidays)


def _on_setting_changed(*, setting: str, **_kwargs: object) -> None:
    if setting == "LISA_EXTRA_HOLIDAYS":
        from lisa.accounts.calendars import invalidate_calendars

        invalidate_calendars()
