from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kpss.core.errors import KpssError
from kpss.needs.analysis import AccessibilitySettings, accessibility_report, describe_value
from kpss.territory.models import PlanningArea


class Command(BaseCommand):
    help = "Spatial accessibility of one service type for the municipalities of an area."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True)
        parser.add_argument("--type", required=True, help='Service type, e.g. "§ 49" or 49.')
        parser.add_argument("--method", choices=["2sfca", "e2sfca", "g2sfca"], default="e2sfca")
        parser.add_argument("--threshold-km", type=float, default=30.0)
        parser.add_argument(
            "--circuity", type=float, default=1.3, help="Road distance / great-circle distance."
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        area = PlanningArea.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(_("Unknown planning area %(slug)s.") % {"slug": options["area"]})
        settings = AccessibilitySettings(
            method=options["method"],
            threshold_km=options["threshold_km"],
            circuity=options["circuity"],
        )
        try:
            report = accessibility_report(area=area, type_label=options["type"], settings=settings)
        except KpssError as error:
            raise CommandError(error.message) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("Accessibility of %(type)s (%(method)s, catchment %(km)s km) per 1,000 of %(group)s")
            % {
                "type": report.service_type,
                "method": settings.method,
                "km": settings.threshold_km,
                "group": report.population_group_label,
            }
        )
        for row in report.rows:
            self.stdout.write(f"  {row['code']}  {row['name']:<24} {describe_value(row['value'])}")
