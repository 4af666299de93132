"""iCalendar files of public events: one per event, and a feed of an area's published events.
Built on the meeting invitations' writer (kpss.governance.ical: escaping, folding, UTC)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kpss.governance import ical
from kpss.governance.models import Event

CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_properties(
    event: Event, *, domain: str, url: str = "", now: dt.datetime
) -> list[tuple[str, str]]:
    ends_at = event.ends_at or event.starts_at + ical.DEFAULT_LENGTH
    properties = [
        ("UID", f"event-{event.pk}@{domain}"),
        ("DTSTAMP", ical.utc_stamp(now)),
        ("DTSTART", ical.utc_stamp(event.starts_at)),
        ("DTEND", ical.utc_stamp(ends_at)),
        ("SUMMARY", ical.escape_text(event.title)),
    ]
    if event.updated_at:
        properties.append(("LAST-MODIFIED", ical.utc_stamp(event.updated_at)))
    if event.place:
        properties.append(("LOCATION", ical.escape_text(event.place)))
    if event.description:
        properties.append(("DESCRIPTION", ical.escape_text(event.description)))
    if url:
        properties.append(("URL", url))
    return properties


def calendar(
    events: Iterable[tuple[Event, str]], *, domain: str, now: dt.datetime, name: str = ""
) -> bytes:
    """A VCALENDAR of (event, absolute URL of its page) pairs, named `name` in calendar
    applications that show names of subscribed calendars."""
    text = ical.calendar(
        [event_properties(event, domain=domain, url=url, now=now) for event, url in events]
    )
    if name:
        method = f"METHOD:PUBLISH{ical.CRLF}"
        named = ical.fold(f"X-WR-CALNAME:{ical.escape_text(name)}") + ical.CRLF
        text = text.replace(method, method + named, 1)
    return text.encode("utf-8")
