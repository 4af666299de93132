"""Council opinions of the member municipalities and the approval by the assembly."""

from __future__ import annotations

import datetime as dt

import pytest

from kpss.core.errors import PermissionDenied, ValidationFailed
from kpss.governance.models import Body
from kpss.planning.models import PlanVersion
from kpss.planning.selectors import council_progress
from kpss.planning.services import (
    council_opinion_record,
    plan_version_approve,
    plan_version_create_draft,
)
from kpss.territory.models import Municipality

from .conftest import KELC, VALMEZ, force_state

S = PlanVersion.State
DAY = dt.date(2021, 11, 15)


@pytest.fixture
def submitted(plan):
    return force_state(plan.versions.get(), S.SUBMITTED_TO_COUNCILS)


def _opinion(actor, version, code, result="agrees"):
    return council_opinion_record(
        actor=actor,
        version=version,
        municipality=Municipality.objects.get(code=code),
        decided_on=DAY,
        result=result,
        resolution_number="RM/2021/15",
    )


def test_progress_counts_member_councils(submitted, coordinator, officer):
    assert (
        council_progress(version=submitted).recorded,
        council_progress(version=submitted).total,
    ) == (0, 18)
    _opinion(coordinator, submitted, VALMEZ)
    _opinion(officer, submitted, KELC, result="agrees_with_reservations")
    _opinion(officer, submitted, KELC, result="agrees")  # a correction, not a second opinion
    progress = council_progress(version=submitted)
    assert (progress.recorded, progress.total) == (2, 18)
    assert progress.by_result == {"agrees": 2}
    assert len(progress.missing) == 16
    assert not progress.complete


def test_an_officer_records_only_their_own_municipality(submitted, officer, provider_user):
    with pytest.raises(PermissionDenied):
        _opinion(officer, submitted, VALMEZ)
    with pytest.raises(PermissionDenied):
        _opinion(provider_user, submitted, KELC)


def test_only_member_municipalities(submitted, coordinator, other_area):
    outsider = Municipality.objects.exclude(planning_areas__slug="valmez").first()
    with pytest.raises(ValidationFailed):
        _opinion(coordinator, submitted, outsider.code)


def test_not_before_the_version_is_submitted(plan, coordinator):
    from kpss.planning.states import IllegalTransition

    with pytest.raises(IllegalTransition):
        _opinion(coordinator, plan.versions.get(), KELC)


def test_approval_puts_in_force_and_supersedes_the_previous(plan, coordinator, pilot_area):
    assembly = Body.objects.create(
        planning_area=pilot_area, kind=Body.Kind.ASSEMBLY, code="VH", name="Valná hromada"
    )
    first = force_state(plan.versions.get(), S.SUBMITTED_TO_COUNCILS)
    plan_version_approve(
        actor=coordinator,
        version=first,
        decided_on=dt.date(2021, 12, 20),
        body=assembly,
        resolution_number="VH/2021/5",
    )
    first.refresh_from_db()
    assert first.state == S.IN_FORCE
    assert first.approval.body_name == "Valná hromada"

    second = plan_version_create_draft(actor=coordinator, plan=plan)
    force_state(second, S.SUBMITTED_TO_COUNCILS)
    plan_version_approve(
        actor=coordinator, version=second, decided_on=dt.date(2022, 12, 1), body=assembly
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (S.SUPERSEDED, S.IN_FORCE)
    assert list(first.transitions.values_list("action", flat=True))[-1] == "supersede"


def test_approval_by_a_body_that_is_not_the_assembly(plan, coordinator, working_group):
    version = force_state(plan.versions.get(), S.SUBMITTED_TO_COUNCILS)
    with pytest.raises(ValidationFailed):
        plan_version_approve(actor=coordinator, version=version, decided_on=DAY, body=working_group)
    with pytest.raises(ValidationFailed):
        plan_version_approve(actor=coordinator, version=version, decided_on=DAY)
