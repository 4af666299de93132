"""Reminders to the responsible organisations when a progress report is due: one e-mail per
item and due date to the organisation's members in the area. Run daily by
`kpss remind-progress` (cron)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import PermissionDenied
from kpss.core.formats import format_date
from kpss.core.permissions import is_admin
from kpss.monitoring.models import ActionItem
from kpss.monitoring.selectors import items_due_for_reminder, recipients_for


@dataclass
class Reminder:
    item: ActionItem
    recipients: list[str]


def _message(item: ActionItem, today: dt.date) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        area = item.action_plan.plan.planning_area
        values = {
            "code": item.code,
            "title": item.title,
            "year": item.action_plan.year,
            "date": format_date(item.next_update_due),
            "area": area.name,
            "organisation": item.responsible_organisation.name
            if item.responsible_organisation
            else "",
            "path": reverse("monitoring:item", args=[area.slug, item.pk]),
        }
        subject = _("Progress report due %(date)s: %(code)s %(title)s") % values
        overdue = item.next_update_due is not None and item.next_update_due < today
        lines = [
            _("Hello,"),
            "",
            _(
                "%(organisation)s is responsible for „%(code)s %(title)s“ in the action plan "
                "%(year)s of the planning area %(area)s."
            )
            % values,
            (
                _("Its progress report was due on %(date)s.")
                if overdue
                else _("Its progress report is due on %(date)s.")
            )
            % values,
            _(
                "Please report its status, completion and evidence on the page %(path)s (after "
                "logging in)."
            )
            % values,
            "",
            _("KPSS – Community planning of social services"),
        ]
        return subject, "\n".join(lines)


def _mailer(subject: str, body: str, recipients: list[str]) -> Callable[[], None]:
    def send() -> None:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)

    return send


def progress_reminders_send(
    *, actor: User, today: dt.date, dry_run: bool = False
) -> list[Reminder]:
    """E-mail the members of each responsible organisation about reports due within a week
    (or overdue), once per item and due date (`reminded_for`). A dry run sends and writes
    nothing. Items whose organisation has no member with an e-mail are listed with no
    recipient and not marked, so they come up again."""
    if not is_admin(actor):  # the operator's command, run as the system account
        raise PermissionDenied("Not permitted: sending reminders.", perm="send_reminders")
    reminders = [
        Reminder(item=item, recipients=recipients_for(item))
        for item in items_due_for_reminder(today=today)
    ]
    if dry_run:
        return reminders
    sent = []
    for reminder in reminders:
        item = reminder.item
        if not reminder.recipients:
            sent.append(reminder)
            continue
        subject, body = _message(item, today)
        with transaction.atomic():
            updated = (
                ActionItem.objects.filter(pk=item.pk, next_update_due=item.next_update_due)
                .exclude(reminded_for=item.next_update_due)
                .update(reminded_for=item.next_update_due)
            )
            if not updated:  # another run reminded it in the meantime
                continue
            audit_record(
                actor=actor,
                verb="progress.remind",
                obj=item,
                area_slug=item.action_plan.plan.planning_area.slug,
                payload={"to": reminder.recipients, "due_on": str(item.next_update_due)},
            )
            transaction.on_commit(_mailer(subject, body, reminder.recipients))
        sent.append(reminder)
    return sent
