from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from kpss.accounts.models import system_actor
from kpss.core.formats import format_date
from kpss.core.management.reminders import add_reminder_arguments, reminder_today
from kpss.governance.timeline import milestone_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the responsible persons about milestones due within their reminder window "
        "(remind_days_before), once per milestone. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_reminder_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = reminder_today(options)
        dry_run = options["dry_run"]
        milestones = milestone_reminders_send(actor=system_actor(), today=today, dry_run=dry_run)
        for milestone in milestones:
            person = milestone.responsible
            self.stdout.write(
                f"{format_date(milestone.due_on)}  {milestone.title}  →  "
                f"{person.name if person else ''} <{person.email if person else ''}>"
            )
        count = len(milestones)
        if dry_run:
            message = ngettext(
                "Dry run: %(count)d reminder would be sent; nothing was sent.",
                "Dry run: %(count)d reminders would be sent; nothing was sent.",
                count,
            )
        else:
            message = ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", count)
        self.stdout.write(message % {"count": count})
