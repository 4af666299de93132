"""The governance demo: real bodies, project and dates; fictional people; illustrative budget
lines that add up to the real total; idempotent; audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from kpss.core.models import AuditEvent
from kpss.governance.demo import governance_demo_load
from kpss.governance.models import (
    Body,
    BodyMembership,
    BudgetLine,
    Event,
    Milestone,
    Participation,
    Person,
    Phase,
    Project,
    Spending,
)
from kpss.governance.timeline import milestones_for_user

MODELS = [
    Body,
    Person,
    BodyMembership,
    Phase,
    Milestone,
    Project,
    BudgetLine,
    Spending,
    Participation,
    Event,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(pilot_area, codelists, coordinator, system_user):
    return governance_demo_load(actor=system_user)


def test_bodies_and_forwarding(demo, pilot_area):
    codes = set(Body.objects.filter(planning_area=pilot_area).values_list("code", flat=True))
    assert {"VH", "RADA", "MT", "PS-SEN", "PS-OZP", "PS-RDM", "PS-KRI", "PS-OBC", "RT"} <= codes
    body = {b.code: b for b in Body.objects.filter(planning_area=pilot_area)}
    for code in ("PS-SEN", "PS-OZP", "PS-RDM", "PS-KRI", "PS-OBC"):
        assert body[code].kind == Body.Kind.WORKING_GROUP
        assert body[code].forwards_to == body["MT"]
    assert body["MT"].forwards_to == body["RADA"]
    assert body["RADA"].forwards_to == body["VH"]
    assert body["VH"].kind == Body.Kind.ASSEMBLY
    assert body["PS-SEN"].target_group.name == "senioři"
    # One delegate of each of the 18 member municipalities in the assembly.
    assert body["VH"].memberships.count() == 18
    assert body["RT"].memberships.count() == 4


def test_people_are_fictional_and_marked(demo, pilot_area):
    people = Person.objects.filter(planning_area=pilot_area)
    assert people.count() == demo.people > 30
    assert not people.filter(is_example=False).exists()
    assert all(p.email.endswith("@example.org") for p in people)
    assert len(set(people.values_list("name", flat=True))) == people.count()
    for body in Body.objects.filter(planning_area=pilot_area, kind=Body.Kind.WORKING_GROUP):
        sides = set(body.memberships.values_list("triad_side", flat=True))
        assert len(sides) >= 1
        assert body.memberships.filter(role=BodyMembership.Role.MANAGER).count() == 1


def test_real_project_with_illustrative_lines(demo):
    project = demo.project
    assert project.registration_number == "CZ.03.2.63/0.0/0.0/19_106/0015192"
    assert (project.starts_on, project.ends_on) == (dt.date(2020, 3, 1), dt.date(2022, 2, 28))
    assert project.budget_total == Decimal("2814000")
    assert project.participation_target == 114
    lines = BudgetLine.objects.filter(project=project)
    assert lines.aggregate(s=Sum("planned"))["s"] == Decimal("2814000")
    assert all("(ilustrativní)" in line.name for line in lines)
    assert {line.category for line in lines} == {"personnel", "services", "materials", "other"}
    assert all(
        project.starts_on <= s.period_start and s.period_end <= project.ends_on
        for s in Spending.objects.filter(line__project=project)
    )
    assert all("(ilustrativní)" in p.activity for p in project.participation.all())


def test_real_process_dates(demo, pilot_area):
    milestones = {m.title: m for m in Milestone.objects.filter(phase__planning_area=pilot_area)}
    assert milestones["Konec veřejného připomínkování"].due_on == dt.date(2021, 9, 14)
    assert milestones["Veřejné projednání"].due_on == dt.date(2021, 9, 15)
    assert milestones["Schválení plánu 2022–2024 valnou hromadou"].due_on == dt.date(2021, 12, 20)
    consultation = Phase.objects.get(planning_area=pilot_area, kind=Phase.Kind.CONSULTATION)
    assert consultation.starts_on == dt.date(2021, 8, 31)
    hearing = Event.objects.get(planning_area=pilot_area, kind=Event.Kind.HEARING)
    assert hearing.is_public
    assert not hearing.is_example
    assert hearing.starts_at.date() == dt.date(2021, 9, 15)
    fair = Event.objects.get(planning_area=pilot_area, kind=Event.Kind.FAIR)
    assert fair.is_example
    assert "(ilustrativní)" in fair.title


def test_coordinator_login_is_linked_to_the_coordinator_person(demo, coordinator):
    person = Person.objects.get(user=coordinator)
    assert person.name == "Karla Koordinační"
    assert list(milestones_for_user(user=coordinator)) == []  # all demo milestones are done


def test_demo_is_idempotent_and_audited(demo, system_user):
    before = _counts()
    assert AuditEvent.objects.filter(verb="governance.demo_load").count() == 1
    again = governance_demo_load(actor=system_user)
    assert again.created == 0
    assert _counts() == before
    assert AuditEvent.objects.filter(verb="governance.demo_load").count() == 1


def test_command(pilot_area, codelists):
    out = StringIO()
    call_command("demo_governance", stdout=out)
    assert "Mikroregion Valašskomeziříčsko-Kelečsko" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("demo_governance", "--area", "neni", stdout=StringIO())
