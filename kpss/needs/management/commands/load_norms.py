from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kpss.accounts.models import system_actor
from kpss.needs.norms import norm_set_load_default


class Command(BaseCommand):
    help = "Load the default capacity norm set (values with sources or marked as assumptions)."

    def handle(self, *args: Any, **options: Any) -> None:
        norm_set = norm_set_load_default(actor=system_actor())
        self.stdout.write(f"{norm_set.name}: {norm_set.norms.count()} norem")
