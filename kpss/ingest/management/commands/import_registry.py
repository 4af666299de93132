from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from kpss.accounts.models import system_actor
from kpss.core.errors import KpssError
from kpss.ingest.registry_load import ImportReport, registry_import


class Command(BaseCommand):
    help = (
        "Import social services from the ministry's registry JSON (rpss.json structure) or from "
        "the CSV/XLSX template. Nothing is written unless the whole file is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="rpss.json-like JSON, or a CSV/XLSX template file.")
        parser.add_argument("--area", help="Import only services in this planning area (slug).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(items: Iterable[Any], label: str, total: int) -> Iterable[Any]:
            if options["no_progress"]:
                return items
            return tqdm(items, desc=label, total=total or None, unit=" sl.", leave=False)

        try:
            report = registry_import(
                actor=system_actor(),
                path=Path(options["file"]),
                area=options["area"],
                dry_run=options["dry_run"],
                progress=progress,
                file_label=options["file"],
            )
        except KpssError as exc:
            raise CommandError(exc.message, returncode=1) from exc
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)d problems found; nothing was written.")
                % {"count": len(report.problems)},
                returncode=1,
            )
        self._summary(report, options["verbosity"])

    def _summary(self, report: ImportReport, verbosity: int) -> None:
        if report.dry_run:
            self.stdout.write(_("Dry run: nothing was written. The import would make:"))
        self.stdout.write(
            _(
                "Services: %(created)d new, %(updated)d changed, %(unchanged)d unchanged, "
                "%(withdrawn)d withdrawn (end date in the past)."
            )
            % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "withdrawn": report.withdrawn,
            }
        )
        self.stdout.write(
            _("Providers: %(created)d new, %(updated)d changed.")
            % {"created": report.providers_created, "updated": report.providers_updated}
        )
        if report.area:
            self.stdout.write(
                _("Area %(area)s: %(selected)d of %(records)d services in the file.")
                % {"area": report.area, "selected": report.selected, "records": report.records}
            )
        if report.unmapped_codes:
            self.stdout.write(
                _("Codes not in our code lists (not linked): %(codes)s")
                % {"codes": ", ".join(f"{c} ×{n}" for c, n in report.unmapped_codes.items())}
            )
        if report.dry_run or verbosity >= 2:
            for label, keys in (
                (_("new"), report.created_keys),
                (_("changed"), report.updated_keys),
                (_("withdrawn"), report.withdrawn_keys),
            ):
                for key in keys:
                    self.stdout.write(f"  {label}: {key}")
