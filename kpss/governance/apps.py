from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "kpss.governance"
    label = "governance"
    verbose_name = _("Governance of the planning process")

    def ready(self) -> None:
        from kpss.governance import permissions  # noqa: F401  (registers the rules)
