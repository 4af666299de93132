"""`kpss export-hsds --area valmez --out DIR`: the area's directory as HSDS 3.0 files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kpss.portal.hsds import hsds_export, hsds_validate, write_package
from kpss.territory.models import PlanningArea


class Command(BaseCommand):
    help = "Export an area's social services as Open Referral HSDS 3.0 (JSON + CSV package)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="slug of the planning area")
        parser.add_argument("--out", required=True, type=Path, help="output directory")
        parser.add_argument(
            "--no-validate", action="store_true", help="skip validation against the schemas"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        area = PlanningArea.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"Unknown planning area: {options['area']}")
        export = hsds_export(area=area)
        if not options["no_validate"]:
            problems = hsds_validate(export)
            if problems:
                for problem in problems[:50]:
                    self.stderr.write(problem)
                raise CommandError(f"The export is not valid HSDS 3.0: {len(problems)} problems.")
        files = write_package(export, options["out"])
        state = "not validated" if options["no_validate"] else "valid HSDS 3.0"
        self.stdout.write(
            f"{len(export.services)} services, {len(files)} files in {options['out']} ({state})."
        )
