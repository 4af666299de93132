from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kpss.accounts.models import system_actor
from kpss.core.errors import NotFound
from kpss.planning.demo import plan_demo_load


class Command(BaseCommand):
    help = (
        "Create the demo mid-term plan 2022–2024 of the pilot area (illustrative content, "
        "real process dates). Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan, created = plan_demo_load(actor=system_actor())
        except NotFound as error:
            raise CommandError(error.message) from error
        message = (
            _("Created the demo plan: %(plan)s.")
            if created
            else _("The demo plan already exists: %(plan)s.")
        )
        self.stdout.write(message % {"plan": plan.title})
