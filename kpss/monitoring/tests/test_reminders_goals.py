"""Reminders of due progress reports, the network goals of the pilot area and the links of a
measure to meetings."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from kpss.core.errors import PermissionDenied
from kpss.monitoring.goals import network_goals
from kpss.monitoring.links import meetings_for_measure
from kpss.monitoring.models import ActionItem
from kpss.monitoring.reminders import progress_reminders_send
from kpss.monitoring.services import progress_update_record

pytestmark = pytest.mark.django_db


def _due(action_plan, day):
    ActionItem.objects.filter(action_plan=action_plan).update(next_update_due=day)


def test_remind_progress_once_per_due_date(
    action_plan, provider_user, django_capture_on_commit_callbacks
):
    provider_user.email = "diakonie@example.org"
    provider_user.save()
    _due(action_plan, dt.date(2022, 6, 30))
    out = StringIO()
    call_command("remind_progress", "--dry-run", "--today", "2022-06-25", stdout=out)
    assert " 2 " in out.getvalue().splitlines()[-1]
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_progress", "--today", "2022-06-25", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["diakonie@example.org"]
    assert "1.1" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_progress", "--today", "2022-06-26", stdout=StringIO())
    assert len(mail.outbox) == 2  # once per due date


def test_no_reminder_far_ahead_or_when_done(action_plan, provider_user, system_user):
    provider_user.email = "diakonie@example.org"
    provider_user.save()
    _due(action_plan, dt.date(2022, 9, 30))
    assert progress_reminders_send(actor=system_user, today=dt.date(2022, 6, 1)) == []
    for item in action_plan.items.all():
        progress_update_record(actor=provider_user, item=item, status="done", percent=100)
    assert progress_reminders_send(actor=system_user, today=dt.date(2030, 1, 1)) == []


def test_only_the_operator_sends_reminders(coordinator):
    with pytest.raises(PermissionDenied):
        progress_reminders_send(actor=coordinator, today=dt.date(2022, 1, 1))


def test_network_goals_show_five_goals_and_say_why_data_is_missing(plan_in_force):
    from kpss.needs.models import Need

    area = plan_in_force.planning_area
    measure = plan_in_force.versions.get().measures.get()
    need = Need.objects.create(
        planning_area=area, number=1, title="Víkendová péče", raised_by="municipality"
    )
    Need.objects.filter(pk=need.pk).update(created_at=dt.datetime(2021, 12, 1, tzinfo=dt.UTC))
    measure.needs.add(need)
    Need.objects.create(planning_area=area, number=2, title="Odlehčovací", raised_by="survey")
    goals = {g.key: g for g in network_goals(area=area, year=2022, today=dt.date(2022, 6, 1))}
    assert list(goals) == ["efficient", "stable", "flexible", "accessible", "fair"]
    flexible = goals["flexible"].indicators[0]
    # Recorded 1 December 2021, approved 1 March 2022: 90 days.
    assert flexible.result.value == 90
    assert flexible.result.details["waiting"] == 1
    for key in ("efficient", "stable", "fair"):
        indicator = goals[key].indicators[0]
        if not indicator.available:
            assert indicator.no_data_reason
        assert indicator.definition
        assert indicator.sources


def test_meetings_are_found_by_the_measure_code(plan_in_force):
    from django.utils import timezone

    from kpss.governance.models import AgendaItem, Body, Meeting

    area = plan_in_force.planning_area
    measure = plan_in_force.versions.get().measures.get()
    body = Body.objects.create(planning_area=area, kind="working_group", code="PS", name="PS")
    meeting = Meeting.objects.create(body=body, title="Jednání PS", starts_at=timezone.now())
    AgendaItem.objects.create(meeting=meeting, title="Plnění opatření 1.1 v roce 2022")
    AgendaItem.objects.create(meeting=meeting, title="Opatření 1.12 jinde")
    other = Meeting.objects.create(body=body, title="Jiné jednání", starts_at=timezone.now())
    AgendaItem.objects.create(meeting=other, title="Opatření 1.12")
    links = meetings_for_measure(measure, public_only=False)
    assert [m.title for m in links] == ["Jednání PS"]
    assert meetings_for_measure(measure, public_only=True) == []


def test_finance_goals_from_the_service_budgets(pilot_registry):
    """Efficient, stable and fair from the financing app's budgets and usual costs."""
    from decimal import Decimal

    from kpss.financing.models import ServiceBudget, UsualCost
    from kpss.registry.models import Service

    area = pilot_registry
    services = list(Service.objects.filter(forms__isnull=False).select_related("service_type")[:40])
    by_type: dict = {}
    for service in services:
        by_type.setdefault(service.service_type_id, []).append(service)
    pair = next(group for group in by_type.values() if len(group) >= 2)
    first, second = pair[0], pair[1]
    form_first = first.forms.first().form
    form_second = form_first  # the same type and form: comparable
    UsualCost.objects.create(
        year=2025,
        service_type=first.service_type,
        form=form_first,
        unit_kind="fte",
        usual_cost_per_unit=1_000_000,
        usual_revenue_per_unit=0,
        is_illustrative=True,
    )
    for service, form, cost, public, basic in (
        (first, form_first, 2_200_000, 1_000_000, 900_000),  # 2 FTE, 500 000 public per FTE
        (second, form_second, 1_000_000, 1_000_000, 1_200_000),  # 1 FTE, 1 000 000 per FTE
    ):
        ServiceBudget.objects.create(
            planning_area=area,
            service=service,
            form=form,
            year=2025,
            kind="actual",
            units=Decimal(2) if service is first else Decimal(1),
            unit_kind="fte",
            basic_operation_cost=basic,
            cost_personnel=cost,
            rev_state_region=public,
        )
    goals = {g.key: g.indicators[0] for g in network_goals(area=area, year=2025)}
    # (2 200 000 + 1 000 000) / ((2 + 1) FTE × 1 000 000)
    assert goals["efficient"].result.value == pytest.approx(3_200_000 / 3_000_000)
    assert goals["efficient"].illustrative  # the usual cost is an example
    assert goals["stable"].result.value == pytest.approx(0.5)
    # public money per FTE 500 000 and 1 000 000 from different providers: CV 1/3
    if first.provider_id != second.provider_id:
        assert goals["fair"].result.value == pytest.approx(1 / 3)
    empty = {g.key: g.indicators[0] for g in network_goals(area=area, year=2019)}
    assert empty["efficient"].no_data_reason
    assert empty["efficient"].result.reason == "finance_none"
