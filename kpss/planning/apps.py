from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "kpss.planning"
    label = "planning"
    verbose_name = _("Mid-term plan")

    def ready(self) -> None:
        from kpss.planning import permissions  # noqa: F401  (registers the rules)
