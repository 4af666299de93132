from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from kpss.accounts.models import system_actor
from kpss.ingest.codelists import codelists_load


class Command(BaseCommand):
    help = (
        "Load the registry code lists (service types, forms, target groups, age bands, "
        "capacity types) from data/codelists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(items: Iterable[Any], label: str, total: int) -> Iterable[Any]:
            if options["no_progress"]:
                return items
            return tqdm(items, desc=label, total=total, unit=" ř.", leave=False)

        counts = codelists_load(actor=system_actor(), progress=progress)
        for kind in counts.created:
            self.stdout.write(
                f"{kind}: {counts.created[kind]} nových, {counts.updated[kind]} změněných, "
                f"{counts.unchanged[kind]} beze změny"
            )
