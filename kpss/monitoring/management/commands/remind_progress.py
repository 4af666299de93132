from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kpss.accounts.models import system_actor
from kpss.core.formats import format_date
from kpss.core.management.reminders import add_reminder_arguments, reminder_today
from kpss.monitoring.reminders import progress_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the members of the responsible organisations about progress reports due "
        "within a week (or overdue), once per item and due date. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_reminder_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = reminder_today(options)
        dry_run = options["dry_run"]
        reminders = progress_reminders_send(actor=system_actor(), today=today, dry_run=dry_run)
        sent = 0
        for reminder in reminders:
            item = reminder.item
            to = ", ".join(reminder.recipients) or _("(nobody with an e-mail)")
            self.stdout.write(
                f"{format_date(item.next_update_due)}  {item.code} {item.title}  →  {to}"
            )
            sent += bool(reminder.recipients)
        if dry_run:
            message = ngettext(
                "Dry run: %(count)d reminder would be sent; nothing was sent.",
                "Dry run: %(count)d reminders would be sent; nothing was sent.",
                sent,
            )
        else:
            message = ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", sent)
        self.stdout.write(message % {"count": sent})
