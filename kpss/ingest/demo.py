"""The pilot planning area with its real data, and one demo login per role.

Idempotent: running it again changes nothing. The demo passwords are printed on purpose —
this is for a developer's machine, never for production.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext as _

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.organisations.models import Membership, Organisation
from kpss.territory.models import Municipality, PlanningArea
from kpss.territory.services import planning_area_create

PILOT_SLUG = "valmez"
PILOT_NAME = "Mikroregion Valašskomeziříčsko-Kelečsko"
PILOT_ORP = "7210"
PILOT_DESCRIPTION = (
    "Dobrovolný svazek 18 obcí založený v roce 2001; jeho území je shodné se správním obvodem "
    "ORP Valašské Meziříčí (Zlínský kraj)."
)
SAMPLE_FILE = Path(settings.DATA_DIR) / "pilot" / "rpss_valmez_sample.json"
DEMO_PASSWORD = "kpss-demo-2026"  # noqa: S105  (printed for local demos only)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


def _organisation(**kwargs: object) -> Organisation:
    lookup = {"ico": kwargs["ico"]} if kwargs.get("ico") else {"name": kwargs["name"]}
    org, _created = Organisation.objects.get_or_create(**lookup, defaults=kwargs)
    return org


def _login(username: str, *, superuser: bool = False, first: str, last: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            # The Django admin is the system administrator's tool; everyone else works in
            # the area pages under /sprava/, where rules decide per area.
            is_staff=superuser,
            is_superuser=superuser,
        )
    return user


def demo_load(*, actor: User, load_territory: bool = True) -> list[DemoLogin]:
    if load_territory:
        call_command("load_territory", "--no-progress", verbosity=0)
    call_command("load_codelists", verbosity=0)
    call_command("load_life_situations", verbosity=0)  # by name: the portal is the top layer
    area = PlanningArea.objects.filter(slug=PILOT_SLUG).first()
    if area is None:
        area = planning_area_create(
            actor=actor,
            slug=PILOT_SLUG,
            name=PILOT_NAME,
            kind=PlanningArea.Kind.UNION,
            orp_code=PILOT_ORP,
            is_public=True,
            description=PILOT_DESCRIPTION,
        )
    call_command(
        "import_registry", str(SAMPLE_FILE), "--area", PILOT_SLUG, "--no-progress", verbosity=0
    )
    # By name: the needs app sits beside this one in the layers, not below it.
    call_command("load_norms", verbosity=0)
    with transaction.atomic():
        logins = _demo_people(area)
        audit_record(actor=actor, verb="demo.load", obj=area, area_slug=area.slug)
    call_command("demo_governance", verbosity=0)  # by name: governance sits above ingest
    call_command("demo_plan", verbosity=0)  # after governance, to link the working groups
    call_command("demo_intentions", verbosity=0)  # after the plan: intentions cite measures
    call_command("demo_financing", verbosity=0)
    call_command("demo_monitoring", verbosity=0)  # last: it shows what the others produced
    return logins


def demo_logins() -> list[DemoLogin]:
    """The demo logins that exist, without loading anything."""
    logins = []
    if User.objects.filter(username="admin", is_superuser=True).exists():
        logins.append(DemoLogin("admin", str(_("system administrator")), "—"))
    memberships = Membership.objects.filter(
        planning_area__slug=PILOT_SLUG, user__username__in=[p[0] for p in _PEOPLE]
    ).select_related("user", "organisation")
    for membership in memberships.order_by("user__username"):
        logins.append(
            DemoLogin(
                membership.user.username,
                str(membership.get_role_display()),
                membership.organisation.name,
            )
        )
    return logins


_PEOPLE = [
    ("koordinator", "Koordinátor", "KPSS", Membership.Role.COORDINATOR),
    ("urednik", "Úředník", "obce Kelč", Membership.Role.MUNICIPALITY_OFFICER),
    ("poskytovatel", "Pracovník", "poskytovatele", Membership.Role.PROVIDER),
]


def _demo_people(area: PlanningArea) -> list[DemoLogin]:
    union = _organisation(kind=Organisation.Kind.UNION, name=PILOT_NAME)
    for municipality in Municipality.objects.filter(orp__code=PILOT_ORP):
        _organisation(
            kind=Organisation.Kind.MUNICIPALITY,
            name=f"Obec {municipality.name}",
            municipality=municipality,
        )
    kelc = Organisation.objects.get(municipality__code="542989")
    diakonie = _organisation(
        kind=Organisation.Kind.PROVIDER,
        ico="73632783",
        name="Diakonie ČCE – středisko ve Valašském Meziříčí",
    )
    organisation_of_role = {
        Membership.Role.COORDINATOR: union,
        Membership.Role.MUNICIPALITY_OFFICER: kelc,
        Membership.Role.PROVIDER: diakonie,
    }
    _login("admin", superuser=True, first="Správce", last="systému")
    for username, first, last, role in _PEOPLE:
        user = _login(username, first=first, last=last)
        Membership.objects.get_or_create(
            user=user, organisation=organisation_of_role[role], planning_area=area, role=role
        )
    return demo_logins()
