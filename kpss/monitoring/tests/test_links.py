"""A measure's connections shown on its item page: the intentions that implement it (from
kpss.intentions) appear automatically, found by the measure's lineage."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kpss.intentions.models import Call
from kpss.intentions.tests.conftest import (  # noqa: F401
    call,
    make_intention,
    other_provider,
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
    # The evaluation report names it under its measure.
    from kpss.monitoring.report import evaluation_data

    measure = evaluation_data(plan=plan_in_force, year=2026)["priorities"][0]["measures"][0]
    assert measure["code"] == "1.1"
    assert measure["intentions"] == []  # the call is still open: not public yet
    Call.objects.filter(pk=call.pk).update(state="closed")
    measure = evaluation_data(plan=plan_in_force, year=2026)["priorities"][0]["measures"][0]
    assert intention.title in measure["intentions"][0]


def test_another_provider_does_not_see_the_intention_while_the_call_is_open(
    client,
    call,  # noqa: F811
    provider_user,
    other_provider,  # noqa: F811
    plan_in_force,  # noqa: F811
    coordinator,
):
    intention = make_intention(call, provider_user, plan_in_force)
    action_plan = action_plan_generate(actor=coordinator, plan=plan_in_force, year=2026)
    item = action_plan.items.get(code="1.1", is_activity=False)
    url = reverse("monitoring:item", args=["valmez", item.pk])
    client.force_login(other_provider)
    assert intention.title not in client.get(url).content.decode()
    client.force_login(provider_user)
    assert intention.title in client.get(url).content.decode()


def test_flexible_counts_a_positive_statement_as_the_answer_to_a_need(
    call,  # noqa: F811
    provider_user,
    plan_in_force,  # noqa: F811
    coordinator,
):
    import datetime as dt

    from kpss.intentions.services import intention_assess, statement_issue
    from kpss.intentions.tests.conftest import STATEMENT_DAY
    from kpss.monitoring.goals import network_goals
    from kpss.needs.models import Need

    area = plan_in_force.planning_area
    need = Need.objects.create(
        planning_area=area, number=1, title="Víkendová péče v Kelči", raised_by="municipality"
    )
    Need.objects.filter(pk=need.pk).update(created_at=dt.datetime(2025, 11, 1, tzinfo=dt.UTC))
    intention = make_intention(call, provider_user, plan_in_force, needs=[need])
    intention_assess(
        actor=coordinator, intention=intention, outcome="consistent", reason="V souladu.", gaps={}
    )
    statement_issue(
        actor=coordinator,
        intention=intention,
        signatory_name="Ing. Jana Malá",
        signatory_function="vedoucí odboru",
        issued_on=STATEMENT_DAY,
        today=STATEMENT_DAY,
    )
    goals = {g.key: g for g in network_goals(area=area, year=2025, today=STATEMENT_DAY)}
    flexible = goals["flexible"].indicators[0]
    # 1 November → 10 December 2025: 39 days.
    assert flexible.result.value == (STATEMENT_DAY - dt.date(2025, 11, 1)).days
    assert flexible.result.count == 1


def test_flexible_counts_from_the_day_the_need_was_identified(
    call,  # noqa: F811
    provider_user,
    plan_in_force,  # noqa: F811
    coordinator,
):
    import datetime as dt

    from kpss.intentions.services import intention_assess, statement_issue
    from kpss.intentions.tests.conftest import STATEMENT_DAY
    from kpss.monitoring.goals import network_goals
    from kpss.needs.models import Need

    area = plan_in_force.planning_area
    need = Need.objects.create(
        planning_area=area,
        number=1,
        title="Víkendová péče v Kelči",
        raised_by="survey",
        identified_on=dt.date(2025, 9, 1),  # the survey; recorded in the register later
    )
    Need.objects.filter(pk=need.pk).update(created_at=dt.datetime(2025, 11, 1, tzinfo=dt.UTC))
    intention = make_intention(call, provider_user, plan_in_force, needs=[need])
    intention_assess(
        actor=coordinator, intention=intention, outcome="consistent", reason="V souladu.", gaps={}
    )
    statement_issue(
        actor=coordinator,
        intention=intention,
        signatory_name="Ing. Jana Malá",
        signatory_function="vedoucí odboru",
        issued_on=STATEMENT_DAY,
        today=STATEMENT_DAY,
    )
    goals = {g.key: g for g in network_goals(area=area, year=2025, today=STATEMENT_DAY)}
    flexible = goals["flexible"].indicators[0]
    assert flexible.result.value == (STATEMENT_DAY - dt.date(2025, 9, 1)).days
