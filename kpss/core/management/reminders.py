"""The options every daily reminder command shares: `--dry-run` and `--today`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _


def add_reminder_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="Only list the reminders; send nothing."
    )
    parser.add_argument(
        "--today", help="Take this day (YYYY-MM-DD) as today, e.g. to test the schedule."
    )


def reminder_today(options: dict[str, Any]) -> dt.date:
    """The day to schedule from: `--today` if given, else the local date."""
    if not options.get("today"):
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(options["today"])
    except ValueError as error:
        raise CommandError(_("--today expects a date as YYYY-MM-DD.")) from error
