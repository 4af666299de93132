"""Labels that share an English word with another meaning."""

from __future__ import annotations

import pytest
from django.utils import translation

from kpss.planning.models import FundingSource, PlanVersion


def test_the_state_as_a_funding_source_is_not_the_state_of_a_version() -> None:
    with translation.override("cs"):
        assert FundingSource.STATE.label == "stát"
        assert str(PlanVersion._meta.get_field("state").verbose_name) == "stav"


@pytest.mark.django_db
def test_a_measure_on_the_plan_page_is_opatreni_not_a_chart_measure(client, plan, pilot_area):
    """The chart legend "Measure" (ukazatel) once translated the plan's measures too."""
    from django.urls import reverse

    from kpss.planning.tests.conftest import force_state

    force_state(plan.versions.get(), PlanVersion.State.IN_FORCE)
    html = client.get(reverse("planning_public:plan", args=[pilot_area.slug])).content.decode()
    assert "Opatření 1.1" in html
    assert "Ukazatel 1.1" not in html
