"""Population scenarios for projections: always explicit, always labelled."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kpss_analysis.projection import Scenario


def scenario_from_options(*, year: int | None, growth_65: float | None) -> Scenario | None:
    """A simple scenario: the 65+ group changes by `growth_65` a year, others stay."""
    if year is None:
        return None
    rate = 0.0 if growth_65 is None else growth_65
    return Scenario(
        name=_("Scenario: 65+ changes by %(rate)s %% a year, other groups constant")
        % {"rate": f"{rate * 100:+.1f}".replace(".", ",")},
        annual_growth={"age_65_plus": rate, "age_0_14": 0.0, "age_15_64": 0.0, "total": 0.0},
        description=_("Illustrative scenario, not an official projection."),
    )
