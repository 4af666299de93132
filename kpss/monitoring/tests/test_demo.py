"""The monitoring demo on the demo plan: idempotent, illustrative, pages render."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from kpss.governance.models import Body
from kpss.monitoring.models import ActionPlan, Evaluation, IndicatorValue, ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_plan(pilot_area, codelists):
    for code in ("PS-SEN", "PS-OZP", "PS-RDM", "PS-KRI"):
        Body.objects.create(
            planning_area=pilot_area, kind=Body.Kind.WORKING_GROUP, code=code, name=code
        )
    call_command("demo_plan", verbosity=0)


def test_demo_monitoring_is_complete_and_idempotent(demo_plan, client):
    call_command("demo_monitoring", verbosity=0)
    counts = (ActionPlan.objects.count(), ProgressUpdate.objects.count())
    call_command("demo_monitoring", verbosity=0)
    assert (ActionPlan.objects.count(), ProgressUpdate.objects.count()) == counts
    assert sorted(ActionPlan.objects.values_list("year", flat=True)) == [2022, 2023]
    evaluation = Evaluation.objects.get()
    assert evaluation.is_published
    assert "Ilustrativní" in evaluation.summary
    assert all("Ilustrativní" in v.note for v in IndicatorValue.objects.all())
    page = client.get(reverse("monitoring_public:progress", args=["valmez"])).content.decode()
    assert "Ilustrativní obsah" in page
    assert client.get(reverse("monitoring_public:evaluation", args=["valmez", evaluation.pk]))
    assert client.get(reverse("monitoring_public:goals", args=["valmez"])).status_code == 200


def test_demo_without_plan_does_nothing(pilot_area):
    call_command("demo_monitoring", verbosity=0)
    assert not ActionPlan.objects.exists()
