"""The demo content and `kpss allocate`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from kpss.financing.models import GrantApplication, Programme, ServiceBudget

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(pilot_registry):
    call_command("demo_financing")
    return pilot_registry


def test_demo_is_real_where_known_and_idempotent(demo):
    programmes = {p.year: p for p in Programme.objects.filter(planning_area=demo)}
    assert programmes[2019].participants.count() == 10
    assert programmes[2020].participants.count() == 13
    assert programmes[2020].real_total == 1_780_000
    assert sum(p.contribution for p in programmes[2020].participants.all()) == 1_780_000
    assert programmes[2024].state == Programme.State.APPROVED
    assert GrantApplication.objects.filter(adjustment_reason__gt="").count() == 1
    assert not GrantApplication.objects.filter(is_illustrative=False).exists()
    counts = (
        Programme.objects.count(),
        GrantApplication.objects.count(),
        ServiceBudget.objects.count(),
    )
    call_command("demo_financing")
    assert (
        Programme.objects.count(),
        GrantApplication.objects.count(),
        ServiceBudget.objects.count(),
    ) == counts


def test_allocate_prints_allocation_and_checks(demo):
    out = io.StringIO()
    call_command(
        "allocate", area="valmez", year=2024, budget=2_000_000, scenario="need", stdout=out
    )
    text = out.getvalue()
    assert "OK " in text
    assert "!! " not in text


def test_allocate_explains_an_infeasible_budget(demo):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("allocate", area="valmez", year=2024, budget=1000, stdout=out)
    assert exit_info.value.code == 2
    assert "missing" in out.getvalue() or "chybí" in out.getvalue()


def test_need_weights_come_from_the_gap_analysis(demo):
    from kpss.financing.allocation import allocation_inputs

    call_command("load_norms")
    inputs = allocation_inputs(area=demo, year=2024)
    assert len(inputs) >= 10
    assert all(s.weight >= 1 for s in inputs)
    assert any(s.weight > 1 for s in inputs)
