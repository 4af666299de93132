"""The demo call: illustrative, closed and public, with statements; idempotent."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from kpss.intentions.models import Call, Intention, Statement


def test_demo_call_is_complete_and_idempotent(client, pilot_registry, plan_in_force):
    # The demo needs a plan in force with measures 1.1–1.3; the test plan has 1.1 and 1.2.
    call_command("demo_intentions", verbosity=0)
    call_command("demo_intentions", verbosity=0)
    call = Call.objects.get()
    assert call.is_example
    assert call.state == Call.State.CLOSED
    intentions = list(Intention.objects.order_by("number"))
    assert [i.kind for i in intentions] == ["A", "B", "C"]
    assert all(i.is_example for i in intentions)
    assert [s.number for s in Statement.objects.order_by("sequence")] == ["1/2022", "2/2022"]
    page = client.get(reverse("intentions_public:list", args=["valmez"])).content.decode()
    assert "Pečovatelská služba v menších obcích" in page
    assert "Ilustrativní obsah" in page


def test_demo_without_a_plan_does_nothing(pilot_area):
    call_command("demo_intentions", verbosity=0)
    assert not Call.objects.exists()
