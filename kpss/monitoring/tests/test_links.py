"""A measure's connections shown on its item page: the intentions that implement it (from
kpss.intentions) appear automatically, found by the measure's lineage."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kpss.intentions.tests.conftest import (  # noqa: F401
    call,
    make_intention,
    plan_in_force,
    seniors,
)
from kpss.monitoring.services import action_plan_generate

pytestmark = pytest.mark.django_db


def test_item_page_lists_the_intention_of_its_measure(
    client,
    call,  # noqa: F811
    provider_user,
    plan_in_force,  # noqa: F811
    coordinator,
):
    intention = make_intention(call, provider_user, plan_in_force)
    action_plan = action_plan_generate(actor=coordinator, plan=plan_in_force, year=2026)
    item = action_plan.items.get(code="1.1", is_activity=False)
    client.force_login(coordinator)
    page = client.get(reverse("monitoring:item", args=["valmez", item.pk])).content.decode()
    assert reverse("intentions:intention", args=["valmez", intention.pk]) in page
    assert intention.title in page
