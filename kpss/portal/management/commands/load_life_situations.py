"""`kpss load-life-situations`: the curated life situations and plain-language guides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kpss.accounts.models import system_actor
from kpss.core.errors import ValidationFailed
from kpss.portal.services import life_situations_load


class Command(BaseCommand):
    help = "Load the life situations (data/portal/zivotni_situace.csv) and service guides."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--situations", type=Path, help="CSV of life situations")
        parser.add_argument("--guides", type=Path, help="CSV of plain-language type guides")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = life_situations_load(
                actor=system_actor(),
                situations_path=options["situations"],
                guides_path=options["guides"],
            )
        except ValidationFailed as error:
            for problem in error.details.get("problems", []):
                self.stderr.write(problem)
            raise CommandError(error.message) from error
        self.stdout.write(
            _("Life situations loaded: %(situations)s; service guides: %(guides)s.")
            % {"situations": report.situations, "guides": report.guides}
        )
