"""Fixtures of the monitoring tests: the planning test plan (one measure 1.1 with an
activity, a cost for 2022 and an indicator) put in force, its measure's responsible
organisation being the provider persona's (Diakonie)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpss.organisations.models import Organisation
from kpss.planning.models import Approval, Measure, PlanVersion
from kpss.planning.tests.conftest import codes, force_state, plan, working_group  # noqa: F401


@pytest.fixture
def plan_in_force(plan, provider_user):  # noqa: F811
    version = plan.versions.get()
    diakonie = Organisation.objects.get(ico="73632783")
    Measure.objects.filter(plan_version=version).update(responsible_organisation=diakonie)
    force_state(version, PlanVersion.State.IN_FORCE)
    Approval.objects.create(
        plan_version=version, body_name="Valná hromada", decided_on=dt.date(2022, 3, 1)
    )
    return plan


@pytest.fixture
def action_plan(plan_in_force, coordinator):
    from kpss.monitoring.services import action_plan_generate, action_plan_publish

    ap = action_plan_generate(actor=coordinator, plan=plan_in_force, year=2022)
    return action_plan_publish(actor=coordinator, action_plan=ap)
