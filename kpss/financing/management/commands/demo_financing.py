from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kpss.accounts.models import system_actor
from kpss.financing.demo import demo_financing_load


class Command(BaseCommand):
    help = (
        "Load the demo content of financing for the pilot area. Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        demo_financing_load(actor=system_actor())
