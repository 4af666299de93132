from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from kpss.accounts.models import system_actor
from kpss.ingest.territory import territory_load


class Command(BaseCommand):
    help = "Load regions, districts, ORPs and all municipalities with population and boundaries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--orp", help="Load municipalities of this ORP only (ČSÚ code).")
        parser.add_argument("--no-boundaries", action="store_true", help="Skip boundaries.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        codes = None
        if options["orp"]:
            from kpss.ingest.territory import _read_csv

            codes = {
                r["kod_obce"] for r in _read_csv("cz_obce.csv") if r["orp_kod"] == options["orp"]
            }

        def progress(items: Iterable[Any], label: str, total: int) -> Iterable[Any]:
            if options["no_progress"]:
                return items
            return tqdm(items, desc=label, total=total, unit=" ř.", leave=False)

        counts = territory_load(
            actor=system_actor(),
            municipality_codes=codes,
            with_boundaries=not options["no_boundaries"],
            progress=progress,
        )
        for kind in counts.created:
            self.stdout.write(
                f"{kind}: {counts.created[kind]} nových, {counts.updated[kind]} změněných, "
                f"{counts.unchanged[kind]} beze změny"
            )
