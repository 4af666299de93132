from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kpss.accounts.models import system_actor
from kpss.intentions.demo import intentions_demo_load


class Command(BaseCommand):
    help = (
        "Load the demo content of intentions for the pilot area. Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        call, created = intentions_demo_load(actor=system_actor())
        if call is None:
            self.stdout.write("No plan in force in the pilot area; run `kpss demo_plan` first.")
        elif created:
            self.stdout.write(f"Created the demo call: {call.title}.")
        else:
            self.stdout.write(f"The demo call already exists: {call.title}.")
