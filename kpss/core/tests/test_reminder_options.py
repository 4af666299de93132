"""The shared options of the reminder commands."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kpss.core.management.reminders import reminder_today


def test_today_is_the_local_date_unless_given() -> None:
    assert reminder_today({"today": None}) == timezone.localdate()
    assert reminder_today({"today": "2026-11-22"}) == dt.date(2026, 11, 22)


@pytest.mark.parametrize("command", ["remind_deadlines", "remind_progress"])
def test_a_wrong_day_is_refused_with_the_format(command: str) -> None:
    with pytest.raises(CommandError, match="--today"):
        call_command(command, "--today", "22. 11. 2026")
