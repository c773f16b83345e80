from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "lisa.open311"
    label = "open311"
    verbose_name = "Open311"

    def ready(self) -> None:
        from lisa.open311 import checks  # noqa: F401  (registers the rate's check)
