from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "kpss.registry"
    label = "registry"
    verbose_name = _("Registry of social services")

    def ready(self) -> None:
        from kpss.registry import permissions  # noqa: F401  (registers the rules)
