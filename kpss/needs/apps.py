from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "kpss.needs"
    label = "needs"
    verbose_name = _("Needs and analysis")

    def ready(self) -> None:
        from kpss.needs import permissions  # noqa: F401  (registers the rules)
