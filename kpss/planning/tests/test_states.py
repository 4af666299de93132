"""The state machine as a role × state matrix: for every action, every persona tries it on a
version in every state; only the permitted roles succeed, and only where the table allows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from kpss.core.errors import PermissionDenied
from kpss.planning import states
from kpss.planning.models import Consultation, PlanVersion, PlanVersionTransition
from kpss.planning.services import (
    plan_create,
    plan_version_approve,
    plan_version_publish_for_consultation,
    plan_version_transition,
)
from kpss.planning.states import IllegalTransition

from .conftest import force_state

S = PlanVersion.State
ROLES = ["admin", "coordinator", "manager", "officer", "provider_user", "other_coordinator", "anon"]
ALLOWED = {
    states.PUBLISH_FOR_CONSULTATION: {"admin", "coordinator", "manager"},
    states.CLOSE_CONSULTATION: {"admin", "coordinator"},
    states.SUBMIT_TO_COUNCILS: {"admin", "coordinator"},
    states.REVISE: {"admin", "coordinator"},
    states.APPROVE: {"admin", "coordinator"},
}


def _act(actor, version, action):
    if action == states.PUBLISH_FOR_CONSULTATION:
        return plan_version_publish_for_consultation(
            actor=actor,
            version=version,
            starts_on=dt.date(2021, 8, 31),
            ends_on=dt.date(2021, 9, 14),
        )
    if action == states.APPROVE:
        return plan_version_approve(
            actor=actor,
            version=version,
            decided_on=dt.date(2021, 12, 20),
            body_name="Valná hromada",
        )
    return plan_version_transition(actor=actor, version=version, action=action)


def _version_in(plan, state):
    """Version 2 of `plan` in `state`; version 1 went through a settled consultation."""
    first = plan.versions.get(number=1)
    force_state(first, S.SUPERSEDED)
    Consultation.objects.filter(plan_version=first).update(
        settlement_published_at=dt.datetime(2021, 9, 30, tzinfo=dt.UTC)
    )
    second = PlanVersion.objects.create(plan=plan, number=2, based_on=first)
    if state == S.DRAFT:
        return second
    force_state(second, state)
    if state != S.IN_CONSULTATION and state != S.SETTLEMENT:
        Consultation.objects.filter(plan_version=second).delete()
    return second


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_transition_matrix(request, role, action, pilot_area, coordinator, system_user):
    actor = AnonymousUser() if role == "anon" else request.getfixturevalue(role)
    for state in S.values:
        plan = plan_create(
            actor=coordinator,
            area=pilot_area,
            title=f"Plán {state}",
            period_from_year=2022,
            period_to_year=2024,
        )
        version = _version_in(plan, state)
        legal = (state, action) in states.PLAN_VERSION_TRANSITIONS
        with transaction.atomic():
            if role not in ALLOWED[action]:
                with pytest.raises(PermissionDenied):
                    _act(actor, version, action)
            elif not legal:
                with pytest.raises(IllegalTransition):
                    _act(actor, version, action)
            else:
                _act(actor, version, action)
                version.refresh_from_db()
                expected = states.PLAN_VERSION_TRANSITIONS[(state, action)]
                assert version.state == expected, (role, state, action)
                last = PlanVersionTransition.objects.filter(plan_version=version).last()
                assert (last.from_state, last.to_state, last.action) == (state, expected, action)


def test_the_table_has_no_path_back_into_draft():
    assert all(target != S.DRAFT for target in states.PLAN_VERSION_TRANSITIONS.values())


def test_a_draft_cannot_go_to_the_councils_without_a_consultation(coordinator, pilot_area):
    from kpss.core.errors import ValidationFailed

    plan = plan_create(
        actor=coordinator, area=pilot_area, title="P", period_from_year=2022, period_to_year=2024
    )
    with pytest.raises(ValidationFailed) as error:
        plan_version_transition(
            actor=coordinator, version=plan.versions.get(), action=states.SUBMIT_TO_COUNCILS
        )
    assert error.value.code == "consultation_required"
