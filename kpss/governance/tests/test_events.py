"""Events for the public: services, the public list (published only, upcoming first, past
below), detail, iCalendar files, the staff pages and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kpss.core.errors import PermissionDenied, ValidationFailed
from kpss.core.models import AuditEvent
from kpss.governance import events, ics_events
from kpss.governance.models import Event

pytestmark = pytest.mark.urls("kpss.governance.tests.urls_process_for_tests")


def _at(days: int, hour: int = 16) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def fair(coordinator, pilot_area) -> Event:
    return events.event_create(
        actor=coordinator,
        area=pilot_area,
        kind=Event.Kind.FAIR,
        title="Veletrh sociálních služeb",
        starts_at=_at(30, 9),
        ends_at=_at(30, 15),
        place="Valašské Meziříčí, Komenského 1; sál",
        description="Představí se 23 poskytovatelů.\nVstup volný, bezbariérový.",
        is_public=True,
        is_example=True,
    )


@pytest.fixture
def hearing(coordinator, pilot_area) -> Event:
    return events.event_create(
        actor=coordinator,
        area=pilot_area,
        kind=Event.Kind.HEARING,
        title="Veřejné projednání",
        starts_at=timezone.make_aware(dt.datetime(2021, 9, 15, 16)),
        is_public=True,
    )


@pytest.fixture
def draft(coordinator, pilot_area) -> Event:
    return events.event_create(
        actor=coordinator,
        area=pilot_area,
        kind=Event.Kind.OTHER,
        title="Ještě nezveřejněno",
        starts_at=_at(10),
    )


def test_event_services_check_the_rules_and_audit(officer, coordinator, fair):
    assert AuditEvent.objects.filter(verb="event.create").count() == 1
    with pytest.raises(PermissionDenied):
        events.event_update(actor=officer, event=fair, title="x")
    with pytest.raises(ValidationFailed) as error:
        events.event_update(actor=coordinator, event=fair, ends_at=_at(29))
    assert "ends_at" in error.value.details["errors"]
    events.event_delete(actor=coordinator, event=fair)
    assert AuditEvent.objects.filter(verb="event.delete").exists()


def test_public_lists_upcoming_first_and_only_published(pilot_area, fair, hearing, draft):
    later = Event.objects.create(
        planning_area=pilot_area, kind="other", title="Později", starts_at=_at(60), is_public=True
    )
    today_event = Event.objects.create(
        planning_area=pilot_area,
        kind="other",
        title="Dnes ráno",
        starts_at=_at(0, 0),
        is_public=True,
    )
    lists = events.public_event_lists(area=pilot_area, now=timezone.localtime())
    assert lists.upcoming == [today_event, fair, later]
    assert lists.past == [hearing]
    assert draft not in lists.upcoming


def test_unpublished_area_shows_no_public_events(other_coordinator, other_area):
    Event.objects.create(
        planning_area=other_area, kind="other", title="Tajné", starts_at=_at(5), is_public=True
    )
    assert list(events.public_events(area=other_area)) == []


def _public(name, area, **kwargs):
    return reverse(f"governance_events_public:{name}", kwargs={"slug": area.slug, **kwargs})


def test_public_pages(client, pilot_area, fair, hearing, draft):
    response = client.get(_public("events", pilot_area))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Veletrh sociálních služeb") < html.index("Veřejné projednání")
    assert "Ještě nezveřejněno" not in html
    assert "15.\xa09.\xa02021" in html
    detail = client.get(_public("event", pilot_area, pk=fair.pk))
    assert detail.status_code == 200
    assert client.get(_public("event", pilot_area, pk=draft.pk)).status_code == 404


def test_public_pages_of_an_unpublished_area_are_404(client, other_area):
    assert client.get(_public("events", other_area)).status_code == 404
    assert client.get(_public("feed", other_area)).status_code == 404


def test_event_ics(client, pilot_area, fair):
    response = client.get(_public("event_ics", pilot_area, pk=fair.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Veletrh sociálních služeb" in unfolded
    assert "LOCATION:Valašské Meziříčí\\, Komenského 1\\; sál" in unfolded
    assert "DESCRIPTION:Představí se 23 poskytovatelů.\\nVstup volný\\, bezbariérový." in unfolded
    start = fair.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in unfolded
    assert f"URL:http://testserver{_public('event', pilot_area, pk=fair.pk)}" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_feed_has_published_events_only(client, pilot_area, fair, hearing, draft):
    text = client.get(_public("feed", pilot_area)).content.decode().replace("\r\n ", "")
    assert text.count("BEGIN:VEVENT") == 2
    assert "Ještě nezveřejněno" not in text
    assert "X-WR-CALNAME:" in text


def test_event_without_end_lasts_two_hours(hearing):
    properties = dict(ics_events.event_properties(hearing, domain="kpss.test", now=timezone.now()))
    assert properties["DTSTART"] == "20210915T140000Z"
    assert properties["DTEND"] == "20210915T160000Z"


def test_staff_event_pages(client, coordinator, officer, pilot_area, fair, draft):
    client.force_login(officer)
    url = reverse("governance_process:events", kwargs={"slug": pilot_area.slug})
    html = client.get(url).content.decode()
    assert "Ještě nezveřejněno" in html
    create = reverse("governance_process:event_create", kwargs={"slug": pilot_area.slug})
    assert create not in html
    assert client.get(create).status_code == 403
    client.force_login(coordinator)
    response = client.post(
        create,
        {
            "kind": "hearing",
            "title": "Projednání v Kelči",
            "starts_at": "2027-03-01T17:00",
            "ends_at": "2027-03-01T19:00",
            "place": "Kelč",
            "description": "",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    created = Event.objects.get(title="Projednání v Kelči")
    assert timezone.localtime(created.starts_at).hour == 17
    edit = reverse(
        "governance_process:event_edit", kwargs={"slug": pilot_area.slug, "pk": created.pk}
    )
    assert 'value="2027-03-01T17:00"' in client.get(edit).content.decode()


def test_api_events(client, officer, pilot_area, fair, hearing, draft):
    url = f"/api/v1/areas/{pilot_area.slug}/events"
    public = client.get(url).json()
    assert [e["title"] for e in public] == ["Veřejné projednání", "Veletrh sociálních služeb"]
    assert public[1]["is_example"] is True
    assert public[1]["upcoming"] is True
    assert client.get(f"{url}/{draft.pk}").status_code == 404
    client.force_login(officer)
    assert len(client.get(url).json()) == 3
    assert client.get(f"{url}/{draft.pk}").json()["is_public"] is False
