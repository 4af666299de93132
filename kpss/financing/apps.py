from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "kpss.financing"
    label = "financing"
    verbose_name = _("Financing")

    def ready(self) -> None:
        from kpss.financing import permissions  # noqa: F401  (registers the rules)
