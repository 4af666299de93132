from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from kpss.accounts.models import system_actor
from kpss.ingest.demo import DEMO_PASSWORD, demo_load, demo_logins


class Command(BaseCommand):
    help = "Load the pilot planning area (valmez) with real data and demo logins. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-territory",
            action="store_true",
            help="Do not (re)load the territory of Czechia.",
        )
        parser.add_argument(
            "--logins", action="store_true", help="Only print the demo logins; load nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["logins"]:
            logins = demo_logins()
        else:
            logins = demo_load(actor=system_actor(), load_territory=not options["skip_territory"])
        self.stdout.write(
            _("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD}
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role} – {login.organisation}")
