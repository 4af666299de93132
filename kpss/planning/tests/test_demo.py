"""The demo plan: the real process dates, illustrative content, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from kpss.governance.models import Body
from kpss.planning.models import Comment, Measure, Plan, PlanVersion
from kpss.planning.selectors import council_progress, plan_version_diff

S = PlanVersion.State


@pytest.fixture
def demo_bodies(pilot_area):
    for code in ("PS-SEN", "PS-OZP", "PS-RDM", "PS-KRI"):
        Body.objects.create(
            planning_area=pilot_area, kind=Body.Kind.WORKING_GROUP, code=code, name=code
        )


def test_demo_plan_is_complete_and_idempotent(pilot_area, codelists, demo_bodies):
    call_command("demo_plan", verbosity=0)
    counts = (Plan.objects.count(), PlanVersion.objects.count(), Measure.objects.count())
    call_command("demo_plan", verbosity=0)
    assert (Plan.objects.count(), PlanVersion.objects.count(), Measure.objects.count()) == counts

    plan = Plan.objects.get()
    assert plan.is_example
    assert "Ilustrativní obsah" in plan.description
    first, second = plan.versions.order_by("number")
    assert (first.state, second.state) == (S.SUPERSEDED, S.IN_FORCE)
    consultation = first.consultation
    assert (consultation.starts_on, consultation.ends_on, consultation.hearing_on) == (
        dt.date(2021, 8, 31),
        dt.date(2021, 9, 14),
        dt.date(2021, 9, 15),
    )
    assert consultation.settlement_is_published
    assert second.approval.decided_on == dt.date(2021, 12, 20)
    comments = Comment.objects.filter(consultation=consultation)
    assert comments.count() == 4
    assert all(c.is_example and c.is_settled for c in comments)
    assert mail.outbox == []  # example commenters are never written to
    measures = first.content["priorities"][0]["measures"]
    assert measures[0]["working_group"]["code"] == "PS-SEN"
    assert Measure.objects.filter(plan_version=second, code="3.1", working_group=None).exists()
    assert len(second.content["priorities"]) == 3
    progress = council_progress(version=second)
    assert (progress.recorded, progress.total) == (6, 18)
    assert not plan_version_diff(a=first, b=second)["is_empty"]
