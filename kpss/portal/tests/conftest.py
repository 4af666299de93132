from __future__ import annotations

import pytest

from kpss.portal.tests.fixtures import PilotServices, make_pilot_services


@pytest.fixture
def services(pilot_area, other_area) -> PilotServices:
    return make_pilot_services()
