from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kpss.accounts.models import system_actor
from kpss.core.errors import NotFound
from kpss.governance.demo import PILOT_SLUG, governance_demo_load


class Command(BaseCommand):
    help = (
        "Load the governance demo of the pilot area: its real bodies, project and 2021 process "
        "dates, with fictional members and illustrative budget lines. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", default=PILOT_SLUG, help="Short name of the planning area.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            demo = governance_demo_load(actor=system_actor(), slug=options["area"])
        except NotFound as error:
            raise CommandError(error.message) from error
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            _(
                "Governance demo of %(area)s: %(bodies)s bodies, %(people)s example people, "
                "%(phases)s phases with %(milestones)s milestones, %(events)s events; "
                "%(created)s records created now."
            )
            % {
                "area": demo.area.name,
                "bodies": demo.bodies,
                "people": demo.people,
                "phases": demo.phases,
                "milestones": demo.milestones,
                "events": demo.events,
                "created": demo.created,
            }
        )
