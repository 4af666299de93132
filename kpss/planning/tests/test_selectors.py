"""Visibility and tenancy: the public never sees a draft; one area never sees another's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from kpss.core.errors import NotFound
from kpss.planning.models import PlanVersion
from kpss.planning.selectors import (
    plan_get_for_user,
    plan_list,
    plan_version_get_for_user,
    plan_version_list,
)
from kpss.planning.services import plan_create

from .conftest import force_state

S = PlanVersion.State


@pytest.fixture
def other_plan(other_area, other_coordinator):
    return plan_create(
        actor=other_coordinator,
        area=other_area,
        title="Plán Rožnovska",
        period_from_year=2022,
        period_to_year=2024,
    )


def test_drafts_are_for_members_only(plan, coordinator, officer, other_coordinator):
    area = plan.planning_area
    draft = plan.versions.get()
    anon = AnonymousUser()
    assert list(plan_list(area=area, user=coordinator)) == [plan]
    assert list(plan_list(area=area, user=officer)) == [plan]
    assert list(plan_list(area=area, user=anon)) == []
    assert list(plan_list(area=area, user=other_coordinator)) == []
    assert plan_version_get_for_user(user=officer, version_id=draft.pk) == draft
    for outsider in (anon, other_coordinator):
        with pytest.raises(NotFound):
            plan_version_get_for_user(user=outsider, version_id=draft.pk)
        with pytest.raises(NotFound):
            plan_get_for_user(user=outsider, plan_id=plan.pk)


def test_the_public_sees_frozen_versions_of_public_areas(plan):
    version = force_state(plan.versions.get(), S.IN_CONSULTATION)
    anon = AnonymousUser()
    assert plan_get_for_user(user=anon, plan_id=plan.pk) == plan
    assert list(plan_version_list(plan=plan, user=anon)) == [version]
    assert plan_version_get_for_user(user=anon, version_id=version.pk) == version
    force_state(version, S.SETTLEMENT)
    assert list(plan_version_list(plan=plan, user=anon)) == []
    assert plan_version_get_for_user(user=anon, version_id=version.pk) == version


def test_another_areas_plans_stay_hidden_even_when_frozen(
    other_plan, coordinator, other_coordinator
):
    version = force_state(other_plan.versions.get(), S.IN_FORCE)
    # The other area is unpublished: its frozen versions are for its members only.
    with pytest.raises(NotFound):
        plan_version_get_for_user(user=coordinator, version_id=version.pk)
    with pytest.raises(NotFound):
        plan_version_get_for_user(user=AnonymousUser(), version_id=version.pk)
    assert plan_version_get_for_user(user=other_coordinator, version_id=version.pk) == version
