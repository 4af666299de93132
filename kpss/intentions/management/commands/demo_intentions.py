from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the demo content of intentions for the pilot area. Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pass
