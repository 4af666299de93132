"""`kpss leaflet --area valmez --municipality 542989 -o file.pdf`: the municipality leaflet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kpss.portal.leaflet import leaflet_pdf
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import municipality_codes_of_area, municipality_get


class Command(BaseCommand):
    help = "Print the one-page A4 leaflet of help available to a municipality's residents."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="slug of the planning area")
        parser.add_argument("--municipality", required=True, help="municipality code (6 digits)")
        parser.add_argument("-o", "--output", required=True, type=Path, help="PDF file to write")
        parser.add_argument("--url", default="", help="address of the municipality page to print")

    def handle(self, *args: Any, **options: Any) -> None:
        area = PlanningArea.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"Unknown planning area: {options['area']}")
        code = options["municipality"]
        if code not in municipality_codes_of_area(area=area):
            raise CommandError(f"Municipality {code} is not a member of {area.slug}.")
        municipality = municipality_get(code=code)
        assert municipality is not None
        pdf = leaflet_pdf(area=area, municipality=municipality, page_url=options["url"])
        options["output"].write_bytes(pdf)
        self.stdout.write(
            f"{options['output']}: leaflet for {municipality.name}, {len(pdf)} bytes."
        )
