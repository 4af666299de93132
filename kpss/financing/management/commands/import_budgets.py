"""`kpss import-budgets FILE --area valmez [--dry-run] [--user NAME]`: import service budgets
from a CSV/XLSX table. Every problem is printed as `file:row:column: reason` and the command
exits with status 1; nothing is written unless the whole file is valid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kpss.accounts.models import User, system_actor
from kpss.core.errors import KpssError
from kpss.financing.services import service_budgets_import
from kpss.territory.models import PlanningArea


class Command(BaseCommand):
    help = "Import service budgets (one row per service, year and version) from CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (UTF-8 or cp1250, ';' or ',') or XLSX file.")
        parser.add_argument("--area", required=True, help="Planning area slug, e.g. valmez.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only check the file; write nothing."
        )
        parser.add_argument(
            "--user",
            help="Act as this user (their rules apply); the CLI system account by default.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        area = PlanningArea.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(
                _("Unknown planning area %(slug)s.") % {"slug": options["area"]}, returncode=1
            )
        actor = system_actor()
        if options["user"]:
            found = User.objects.filter(username=options["user"]).first()
            if found is None:
                raise CommandError(
                    _("Unknown user %(name)s.") % {"name": options["user"]}, returncode=1
                )
            actor = found
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(str(error), returncode=1) from error
        try:
            report = service_budgets_import(
                actor=actor,
                area=area,
                file_name=options["file"],
                data=data,
                dry_run=options["dry_run"],
            )
        except KpssError as error:
            raise CommandError(error.message, returncode=1) from error
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(count)d problems found; nothing was written.")
                % {"count": len(report.problems)},
                returncode=1,
            )
        if report.dry_run:
            self.stdout.write(_("Dry run: nothing was written. The import would make:"))
        self.stdout.write(
            _("Budgets: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
            % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            }
        )
