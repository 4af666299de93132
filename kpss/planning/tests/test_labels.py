"""Labels that share an English word with another meaning."""

from __future__ import annotations

from django.utils import translation

from kpss.planning.models import FundingSource, PlanVersion


def test_the_state_as_a_funding_source_is_not_the_state_of_a_version() -> None:
    with translation.override("cs"):
        assert FundingSource.STATE.label == "stát"
        assert str(PlanVersion._meta.get_field("state").verbose_name) == "stav"
