"""An iCalendar (RFC 5545) invitation of a meeting, written by hand.

Text values are escaped (backslash, semicolon, comma, newline), lines are folded at 75
octets without splitting a UTF-8 character, and every line ends with CRLF. Times are in
UTC (the `Z` form), so no VTIMEZONE is needed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from kpss.governance.models import Meeting

CRLF = "\r\n"
PRODID = "-//KPSS//Komunitni planovani socialnich sluzeb//CS"
DEFAULT_LENGTH = dt.timedelta(hours=2)


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (RFC 5545, 3.1)."""
    pieces: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    pieces.append(current)
    return CRLF.join(pieces)


def utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: list[list[tuple[str, str]]], *, method: str = "PUBLISH") -> str:
    """A VCALENDAR of events, each a list of (property, already formatted value)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
    ]
    for properties in events:
        lines.append("BEGIN:VEVENT")
        lines.extend(f"{name}:{value}" for name, value in properties)
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def meeting_event(meeting: Meeting, *, url: str = "") -> list[tuple[str, str]]:
    body = meeting.body
    ends = meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH
    agenda = "\n".join(f"{item.order}. {item.title}" for item in meeting.agenda.all())
    description = "\n\n".join(part for part in (body.name, agenda, meeting.online_url) if part)
    status = {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}
    properties = [
        ("UID", f"meeting-{meeting.pk}@kpss"),
        ("DTSTAMP", utc_stamp(timezone.now())),
        ("DTSTART", utc_stamp(meeting.starts_at)),
        ("DTEND", utc_stamp(ends)),
        ("SEQUENCE", str(meeting.version)),
        ("STATUS", status.get(meeting.status, "CONFIRMED")),
        ("SUMMARY", escape_text(f"{body.code}: {meeting.title}")),
        ("DESCRIPTION", escape_text(description)),
    ]
    if meeting.place or meeting.online_url:
        properties.append(("LOCATION", escape_text(meeting.place or meeting.online_url)))
    if url:
        properties.append(("URL", url))
    return properties


def meeting_ics(meeting: Meeting, *, url: str = "") -> str:
    """The invitation of one meeting as an .ics file's text."""
    return calendar([meeting_event(meeting, url=url)])
