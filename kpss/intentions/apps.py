from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntentionsConfig(AppConfig):
    name = "kpss.intentions"
    label = "intentions"
    verbose_name = _("Development intentions")

    def ready(self) -> None:
        from kpss.intentions import permissions  # noqa: F401  (registers the rules)
