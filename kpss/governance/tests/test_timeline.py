"""Process timeline: phase and milestone services (rules, validation, audit), the Gantt
layout, "my tasks", reminders before deadlines and the staff pages by persona."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.management import call_command
from django.urls import reverse

from kpss.core.errors import PermissionDenied, ValidationFailed
from kpss.core.models import AuditEvent
from kpss.governance import timeline
from kpss.governance.models import Milestone, Person, Phase

pytestmark = pytest.mark.urls("kpss.governance.tests.urls_process_for_tests")

TODAY = dt.date(2021, 9, 10)


@pytest.fixture
def person(pilot_area, coordinator) -> Person:
    return Person.objects.create(
        planning_area=pilot_area,
        name="Karla Koordinační",
        email="karla@example.org",
        user=coordinator,
        is_example=True,
    )


@pytest.fixture
def consultation(coordinator, pilot_area) -> Phase:
    return timeline.phase_create(
        actor=coordinator,
        area=pilot_area,
        kind=Phase.Kind.CONSULTATION,
        name="Připomínkování",
        starts_on=dt.date(2021, 8, 31),
        ends_on=dt.date(2021, 11, 30),
        status=Phase.Status.IN_PROGRESS,
    )


@pytest.fixture
def hearing(coordinator, consultation, person) -> Milestone:
    return timeline.milestone_create(
        actor=coordinator,
        phase=consultation,
        title="Veřejné projednání",
        due_on=dt.date(2021, 9, 15),
        responsible=person,
    )


# Services --------------------------------------------------------------------------------


def test_coordinator_creates_phase_with_audit(consultation, pilot_area):
    assert consultation.pk
    event = AuditEvent.objects.get(verb="phase.create")
    assert event.area_slug == pilot_area.slug
    assert event.actor_label == "koordinatorka"


def test_phase_name_defaults_to_its_kind(coordinator, pilot_area):
    phase = timeline.phase_create(
        actor=coordinator,
        area=pilot_area,
        kind=Phase.Kind.ANALYSIS,
        starts_on=dt.date(2020, 7, 1),
        ends_on=dt.date(2021, 3, 31),
    )
    assert phase.name


def test_member_without_the_right_cannot_write(officer, pilot_area, consultation):
    with pytest.raises(PermissionDenied):
        timeline.phase_create(
            actor=officer,
            area=pilot_area,
            kind=Phase.Kind.ANALYSIS,
            starts_on=dt.date(2020, 7, 1),
            ends_on=dt.date(2021, 3, 31),
        )
    with pytest.raises(PermissionDenied):
        timeline.milestone_create(
            actor=officer, phase=consultation, title="x", due_on=dt.date(2021, 9, 1)
        )


def test_coordinator_of_another_area_cannot_write(other_coordinator, consultation):
    with pytest.raises(PermissionDenied):
        timeline.phase_update(actor=other_coordinator, phase=consultation, name="Cizí")


def test_phase_end_before_start_is_a_field_error(coordinator, consultation):
    with pytest.raises(ValidationFailed) as error:
        timeline.phase_update(actor=coordinator, phase=consultation, ends_on=dt.date(2021, 1, 1))
    assert "ends_on" in error.value.details["errors"]


def test_unknown_fields_are_refused(coordinator, consultation):
    with pytest.raises(ValidationFailed):
        timeline.phase_update(actor=coordinator, phase=consultation, planning_area=None)


def test_responsible_must_take_part_in_the_area(coordinator, consultation, other_area):
    stranger = Person.objects.create(planning_area=other_area, name="Cizí osoba")
    with pytest.raises(ValidationFailed) as error:
        timeline.milestone_create(
            actor=coordinator,
            phase=consultation,
            title="Konec připomínek",
            due_on=dt.date(2021, 9, 14),
            responsible=stranger,
        )
    assert "responsible" in error.value.details["errors"]


def test_milestone_title_is_required(coordinator, consultation):
    with pytest.raises(DjangoValidationError):
        timeline.milestone_create(
            actor=coordinator, phase=consultation, title="", due_on=dt.date(2021, 9, 14)
        )


def test_new_deadline_resets_the_reminder(coordinator, hearing):
    hearing.reminded_on = dt.date(2021, 9, 8)
    hearing.save()
    timeline.milestone_update(actor=coordinator, milestone=hearing, due_on=dt.date(2021, 9, 20))
    hearing.refresh_from_db()
    assert hearing.reminded_on is None
    timeline.milestone_update(actor=coordinator, milestone=hearing, done_on=dt.date(2021, 9, 20))
    assert AuditEvent.objects.filter(verb="milestone.update").count() == 2


def test_delete_phase_deletes_its_milestones(coordinator, consultation, hearing):
    timeline.phase_delete(actor=coordinator, phase=consultation)
    assert not Milestone.objects.filter(pk=hearing.pk).exists()
    assert AuditEvent.objects.filter(verb="phase.delete").exists()


# Selectors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "done", "state"),
    [
        (dt.date(2021, 9, 15), None, "due_soon"),
        (dt.date(2021, 12, 15), None, "open"),
        (dt.date(2021, 9, 1), None, "late"),
        (dt.date(2021, 9, 1), dt.date(2021, 9, 1), "done"),
        (dt.date(2021, 9, 1), dt.date(2021, 9, 3), "done_late"),
    ],
)
def test_milestone_state(due, done, state):
    milestone = Milestone(title="x", due_on=due, done_on=done, remind_days_before=7)
    assert timeline.milestone_state(milestone, today=TODAY) == state


def test_timeline_layout(coordinator, pilot_area, consultation, hearing):
    timeline.phase_create(
        actor=coordinator,
        area=pilot_area,
        kind=Phase.Kind.APPROVAL,
        name="Schválení",
        starts_on=dt.date(2021, 12, 1),
        ends_on=dt.date(2021, 12, 20),
    )
    late = timeline.milestone_create(
        actor=coordinator, phase=consultation, title="Zveřejnění", due_on=dt.date(2021, 8, 31)
    )
    data = timeline.timeline_for_area(area=pilot_area, today=TODAY)
    assert data.starts_on == dt.date(2021, 8, 31)
    assert data.ends_on == dt.date(2021, 12, 20)
    first, second = data.rows
    assert first.left == 0
    assert second.left + second.width == pytest.approx(100)
    assert [m.milestone for m in first.marks] == [late, hearing]
    assert first.marks[0].state == "late"
    assert data.late == 1
    assert 0 < data.today_left < first.marks[1].left
    assert [t.label for t in data.ticks] == ["8/2021", "10/2021"]


def test_timeline_of_an_empty_area(pilot_area):
    data = timeline.timeline_for_area(area=pilot_area, today=TODAY)
    assert data.is_empty
    assert data.today_left is None


def test_milestones_for_user_are_my_open_tasks(coordinator, officer, consultation, hearing):
    done = timeline.milestone_create(
        actor=coordinator,
        phase=consultation,
        title="Hotovo",
        due_on=dt.date(2021, 9, 1),
        done_on=dt.date(2021, 9, 1),
        responsible=hearing.responsible,
    )
    mine = list(timeline.milestones_for_user(user=coordinator))
    assert mine == [hearing]
    assert done not in mine
    assert list(timeline.milestones_for_user(user=officer)) == []
    assert list(timeline.milestones_for_user(user=coordinator, area=consultation.planning_area))


# Reminders -------------------------------------------------------------------------------


def test_reminders_are_sent_once(system_user, hearing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = timeline.milestone_reminders_send(actor=system_user, today=TODAY)
    assert sent == [hearing]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karla@example.org"]
    assert "Veřejné projednání" in mail.outbox[0].subject
    hearing.refresh_from_db()
    assert hearing.reminded_on == TODAY
    assert AuditEvent.objects.filter(verb="milestone.remind").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = timeline.milestone_reminders_send(actor=system_user, today=TODAY)
    assert again == []
    assert len(mail.outbox) == 1


def test_reminder_window_and_exclusions(system_user, hearing, coordinator):
    too_early = dt.date(2021, 9, 7)  # 8 days before, the window is 7
    assert timeline.milestones_due_for_reminder(today=too_early) == []
    assert timeline.milestones_due_for_reminder(today=dt.date(2021, 9, 8)) == [hearing]
    assert timeline.milestones_due_for_reminder(today=dt.date(2021, 9, 16)) == []  # past
    timeline.milestone_update(actor=coordinator, milestone=hearing, done_on=TODAY)
    assert timeline.milestones_due_for_reminder(today=TODAY) == []


def test_only_the_operator_sends_reminders(coordinator, hearing):
    with pytest.raises(PermissionDenied):
        timeline.milestone_reminders_send(actor=coordinator, today=TODAY)


def test_remind_deadlines_command_dry_run_and_send(hearing, django_capture_on_commit_callbacks):
    out = StringIO()
    call_command("remind_deadlines", "--dry-run", "--today", "2021-09-10", stdout=out)
    assert "Veřejné projednání" in out.getvalue()
    assert mail.outbox == []
    hearing.refresh_from_db()
    assert hearing.reminded_on is None
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_deadlines", "--today", "2021-09-10", stdout=StringIO())
    hearing.refresh_from_db()
    assert hearing.reminded_on == TODAY
    assert len(mail.outbox) == 1


# Pages -----------------------------------------------------------------------------------


def _url(name, area, **kwargs):
    return reverse(f"governance_process:{name}", kwargs={"slug": area.slug, **kwargs})


def test_login_is_required(client, pilot_area):
    response = client.get(_url("timeline", pilot_area))
    assert response.status_code == 302
    assert "/prihlaseni/" in response["Location"]


def test_member_reads_the_timeline_without_edit_links(client, officer, pilot_area, hearing):
    client.force_login(officer)
    response = client.get(_url("timeline", pilot_area))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Veřejné projednání" in html
    assert "15.\xa09.\xa02021" in html
    assert _url("phase_create", pilot_area) not in html
    assert client.get(_url("phase_create", pilot_area)).status_code == 403
    assert client.post(_url("milestone_delete", pilot_area, pk=hearing.pk)).status_code == 403
    assert Milestone.objects.filter(pk=hearing.pk).exists()


def test_outsider_of_an_unpublished_area_gets_404(
    client, other_coordinator, pilot_area, other_area
):
    client.force_login(other_coordinator)
    assert client.get(_url("timeline", other_area)).status_code == 200
    # A member of another area, on a published area it is not a member of: no right.
    assert client.get(_url("timeline", pilot_area)).status_code == 403
    client.logout()
    client.force_login(_stranger())
    assert client.get(_url("timeline", other_area)).status_code == 404


def _stranger():
    from kpss.accounts.models import User

    return User.objects.create_user(username="cizi", password="heslo-pro-testy")


def test_late_milestone_is_marked_in_text(client, coordinator, pilot_area, consultation):
    timeline.milestone_create(
        actor=coordinator, phase=consultation, title="Zapomenutý úkol", due_on=dt.date(2021, 9, 1)
    )
    client.force_login(coordinator)
    html = client.get(_url("timeline", pilot_area)).content.decode()
    assert "po termínu" in html.lower()


def test_coordinator_creates_a_phase_and_a_milestone(client, coordinator, pilot_area, person):
    client.force_login(coordinator)
    response = client.post(
        _url("phase_create", pilot_area),
        {
            "kind": "consultation",
            "name": "Připomínkování",
            "starts_on": "2021-08-31",
            "ends_on": "2021-11-30",
            "status": "planned",
            "order": "0",
        },
    )
    assert response.status_code == 302
    phase = Phase.objects.get(planning_area=pilot_area)
    response = client.post(
        _url("milestone_create", pilot_area),
        {
            "phase": phase.pk,
            "title": "Veřejné projednání",
            "due_on": "2021-09-15",
            "responsible": person.pk,
            "remind_days_before": "7",
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(phase=phase)
    assert milestone.responsible == person
    response = client.post(
        _url("milestone_edit", pilot_area, pk=milestone.pk),
        {
            "phase": phase.pk,
            "title": "Veřejné projednání",
            "due_on": "2021-09-15",
            "done_on": "2021-09-15",
            "remind_days_before": "7",
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == dt.date(2021, 9, 15)
    assert client.post(_url("milestone_delete", pilot_area, pk=milestone.pk)).status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_form_error_is_linked_to_its_field(client, coordinator, pilot_area):
    client.force_login(coordinator)
    response = client.post(
        _url("phase_create", pilot_area),
        {
            "kind": "analysis",
            "starts_on": "2021-08-31",
            "ends_on": "2021-01-01",
            "status": "planned",
            "order": "0",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-describedby="id_ends_on_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_ends_on"' in html
    assert not Phase.objects.exists()
