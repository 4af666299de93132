"""The financing API: public summaries of approved programmes, the coordinator's allocation."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(pilot_registry):
    call_command("demo_financing")
    return pilot_registry


def test_public_lists_only_approved_programmes(client, demo):
    listed = client.get("/api/v1/areas/valmez/financing/programmes").json()
    assert [p["year"] for p in listed] == [2024, 2021, 2020, 2019]
    detail = client.get("/api/v1/areas/valmez/financing/programmes/2020").json()
    assert detail["real_total"] == 1_780_000
    assert detail["pot"] == 1_780_000
    assert len(detail["contributions"]) == 13
    current = client.get("/api/v1/areas/valmez/financing/programmes/2024").json()
    assert current["grants"]
    assert all(g["is_illustrative"] for g in current["grants"])
    assert "score" not in str(current).lower()


def test_allocation_is_for_the_coordinator_only(client, demo, coordinator, other_coordinator):
    url = "/api/v1/areas/valmez/financing/allocation?year=2024&budget=2000000"
    assert client.get(url).status_code == 403
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    body = client.get(url).json()
    assert body["feasible"]
    assert sum(s["amounts"]["need"] for s in body["services"]) <= 2_000_000
    assert all(c["ok"] for c in body["checks"])
    assert body["unmet_need"]["need"] <= body["unmet_need"]["proportional"] + 1


def test_allocation_explains_infeasible_budget(client, demo, coordinator):
    client.force_login(coordinator)
    body = client.get("/api/v1/areas/valmez/financing/allocation?year=2024&budget=1000").json()
    assert not body["feasible"]
    assert body["reason"] == "budget_below_minimums"
    assert body["figures"]["missing"] > 0
    assert body["explanation"]
