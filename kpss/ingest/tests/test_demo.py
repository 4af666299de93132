from __future__ import annotations

from django.core.management import call_command

from kpss.accounts.models import User
from kpss.core.models import AuditEvent
from kpss.ingest.demo import demo_load, demo_logins
from kpss.needs.models import Norm
from kpss.organisations.models import Membership
from kpss.registry.models import Service
from kpss.territory.models import PlanningArea


def _state() -> tuple[int, ...]:
    return (
        Service.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        PlanningArea.objects.count(),
        Norm.objects.count(),
    )


def test_demo_loads_the_pilot_with_one_login_per_role_and_is_idempotent(territory, system_user):
    logins = demo_load(actor=system_user, load_territory=False)
    assert {login.username for login in logins} == {
        "admin",
        "koordinator",
        "urednik",
        "poskytovatel",
    }
    area = PlanningArea.objects.get(slug="valmez")
    assert area.is_public
    assert area.memberships.count() == 18
    assert Service.objects.count() == 16
    assert Norm.objects.filter(norm_set__planning_area=None).count() == 8
    before = _state()
    demo_load(actor=system_user, load_territory=False)
    assert _state() == before
    assert [login.username for login in demo_logins()] == [login.username for login in logins]


def test_only_the_demo_administrator_reaches_the_django_admin(territory, system_user):
    demo_load(actor=system_user, load_territory=False)
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {"admin"}


def test_demo_command_prints_the_logins(territory, capsys):
    call_command("demo", "--skip-territory")
    out = capsys.readouterr().out
    assert "kpss-demo-2026" in out
    assert "koordinator" in out
    assert AuditEvent.objects.filter(verb="demo.load").exists()


def _later_apps() -> tuple[int, ...]:
    from kpss.financing.models import GrantApplication, Programme
    from kpss.intentions.models import Call, Intention
    from kpss.monitoring.models import ActionPlan, Evaluation
    from kpss.portal.models import LifeSituation

    return (
        Call.objects.count(),
        Intention.objects.count(),
        Programme.objects.count(),
        GrantApplication.objects.count(),
        ActionPlan.objects.count(),
        Evaluation.objects.count(),
        LifeSituation.objects.count(),
    )


def test_demo_fills_every_stage_of_the_cycle_once(territory, system_user):
    demo_load(actor=system_user, load_territory=False)
    first = _later_apps()
    assert all(count > 0 for count in first), first
    demo_load(actor=system_user, load_territory=False)
    assert _later_apps() == first
