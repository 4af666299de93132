from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kpss.accounts.models import system_actor
from kpss.intentions.demo import intentions_demo_load


class Command(BaseCommand):
    help = (
        "Load the demo content of intentions for the pilot area. Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        call, created = intentions_demo_load(actor=system_actor())
        if call is None:
            self.stdout.write(_("No plan in force in the pilot area; run `kpss demo-plan` first."))
        elif created:
            self.stdout.write(_("Created the demo call: %(title)s.") % {"title": call.title})
        else:
            self.stdout.write(_("The demo call already exists: %(title)s.") % {"title": call.title})
