from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kpss.accounts.models import system_actor
from kpss.monitoring.demo import monitoring_demo_load


class Command(BaseCommand):
    help = (
        "Load the demo content of monitoring for the pilot area. Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = monitoring_demo_load(actor=system_actor())
        if options["verbosity"] >= 1:
            self.stdout.write(result.message)
