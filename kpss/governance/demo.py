"""Demo content of the governance of the pilot area (`kpss demo-governance`).

Real, from the planning intention (seed 002) and the public sources in docs/DOMAIN.md: the
bodies (general assembly, council, managerial team, five working groups, project team) and
how they forward resolutions (WG → MT → council → assembly); the project with its real
name, registration number, dates, total budget and participation target; the dates of the
2021 process (public commenting 31 Aug – 14 Sep 2021, public hearing 15 Sep 2021, approval
by the general assembly 20 Dec 2021).

Illustrative, and labelled so: every person (fictional, `is_example`, obviously invented
names), the split of the budget into lines, the spending and participation records, the
dates of phases the sources do not give, and the social services fair.

Idempotent: rows are found by their natural keys and only created when missing, so running
it again changes nothing (and keeps what the coordinator has edited since)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from kpss.accounts.models import User
from kpss.core.audit import audit_record
from kpss.core.errors import NotFound
from kpss.governance.models import (
    Body,
    BodyMembership,
    BudgetLine,
    Event,
    Milestone,
    Participation,
    Person,
    Phase,
    Project,
    Spending,
    TriadSide,
)
from kpss.organisations.models import Membership, Organisation
from kpss.registry.models import TargetGroup
from kpss.territory.models import Municipality, PlanningArea

PILOT_SLUG = "valmez"
ILLUSTRATIVE = "(ilustrativní)"
EXAMPLE_DOMAIN = "example.org"  # reserved for examples (RFC 2606): no one receives the mail
MEMBERS_FROM = dt.date(2020, 3, 1)

PROJECT_NAME = (
    "Prohloubení kvality a účinnosti plánování sociálních služeb v mikroregionu "
    "Valašskomeziříčsko-Kelečsko"
)
PROJECT_NUMBER = "CZ.03.2.63/0.0/0.0/19_106/0015192"
PROJECT_START = dt.date(2020, 3, 1)
PROJECT_END = dt.date(2022, 2, 28)
PROJECT_TOTAL = Decimal("2814000")
PARTICIPATION_TARGET = 114

Kind = Body.Kind
Role = BodyMembership.Role


@dataclass(frozen=True)
class BodySpec:
    code: str
    kind: str
    name: str
    purpose: str
    forwards_to: str = ""
    target_group: str = ""
    allow_per_rollam: bool = False
    majority: str = Body.Majority.SIMPLE


BODIES = [
    BodySpec(
        "VH",
        Kind.ASSEMBLY,
        "Valná hromada DSO Mikroregion Valašskomeziříčsko-Kelečsko",
        "Nejvyšší orgán svazku obcí; schvaluje komunitní plán (plán 2022–2024 schválila "
        "20. 12. 2021).",
    ),
    BodySpec(
        "RADA",
        Kind.COUNCIL,
        "Rada DSO Mikroregion Valašskomeziříčsko-Kelečsko",
        "Nejvyšší úroveň organizační struktury KPSS; předkládá plán valné hromadě.",
        forwards_to="VH",
        allow_per_rollam=True,
    ),
    BodySpec(
        "MT",
        Kind.MANAGERIAL_TEAM,
        "Manažerský tým",
        "Manažeři pracovních skupin, zástupci svazku, města a dalších klíčových aktérů; "
        "posuzuje návrhy pracovních skupin a předává je radě.",
        forwards_to="RADA",
        allow_per_rollam=True,
    ),
    BodySpec(
        "PS-SEN",
        Kind.WORKING_GROUP,
        "PS Senioři",
        "Pracovní skupina pro seniory a pečující.",
        forwards_to="MT",
        target_group="senioři",
    ),
    BodySpec(
        "PS-OZP",
        Kind.WORKING_GROUP,
        "PS Osoby se zdravotním postižením",
        "Pracovní skupina pro lidi se zdravotním postižením.",
        forwards_to="MT",
        target_group="osoby se zdravotním postižením",
    ),
    BodySpec(
        "PS-RDM",
        Kind.WORKING_GROUP,
        "PS Rodiny s dětmi",
        "Pracovní skupina pro rodiny s dětmi (též „Rodina, děti a mládež“).",
        forwards_to="MT",
        target_group="rodiny s dítětem/dětmi",
    ),
    BodySpec(
        "PS-KRI",
        Kind.WORKING_GROUP,
        "PS Osoby ohrožené sociálním vyloučením",
        "Pracovní skupina pro lidi ohrožené sociálním vyloučením (též „Lidé v krizi a nouzi“).",
        forwards_to="MT",
        target_group="osoby v krizi",
    ),
    BodySpec(
        "PS-OBC",
        Kind.WORKING_GROUP,
        "PS Obce mikroregionu",
        "Pracovní skupina zástupců členských obcí – zadavatelů sociálních služeb.",
        forwards_to="MT",
    ),
    BodySpec(
        "RT",
        Kind.PROJECT_TEAM,
        "Realizační tým projektu",
        "Koordinátor KPSS; metodik 1 (podpora procesu KPSS); metodik 2 (práce s cílovými "
        "skupinami); projektový manažer (administrace a finanční řízení projektu).",
    ),
]

# Fictional people: invented names that cannot be mistaken for real ones.
FIRST_F = ["Alena", "Bára", "Dana", "Eva", "Hana", "Irena", "Jana", "Lenka", "Marie", "Olga"]
FIRST_M = ["Adam", "Bohumil", "Cyril", "David", "Emil", "Filip", "Jakub", "Karel", "Lukáš", "Petr"]
SURNAMES = [
    ("Ukázková", "Ukázkový"),
    ("Vzorová", "Vzorový"),
    ("Příkladná", "Příkladný"),
    ("Smyšlená", "Smyšlený"),
    ("Fiktivní", "Fiktivní"),
    ("Modelová", "Modelový"),
    ("Zkušební", "Zkušební"),
    ("Cvičná", "Cvičný"),
]
PROJECT_TEAM = [
    ("Karla Koordinační", Role.MANAGER, "coordinator"),
    ("Metoděj Procesní", Role.MEMBER, ""),
    ("Marta Skupinová", Role.MEMBER, ""),
    ("Petr Projektový", Role.SECRETARY, ""),
]
WG_SIDES = [
    TriadSide.PROVIDER,
    TriadSide.USER,
    TriadSide.COMMISSIONER,
    TriadSide.PROVIDER,
    TriadSide.PUBLIC,
    TriadSide.USER,
]

PHASES: list[dict[str, Any]] = [
    {
        "kind": Phase.Kind.ORGANISATION,
        "name": f"Poslání a organizace procesu {ILLUSTRATIVE}",
        "starts_on": dt.date(2020, 3, 1),
        "ends_on": dt.date(2020, 6, 30),
        "milestones": [
            ("Zahájení projektu", dt.date(2020, 3, 1), dt.date(2020, 3, 1)),
            (
                f"Ustavení pracovních skupin {ILLUSTRATIVE}",
                dt.date(2020, 6, 30),
                dt.date(2020, 6, 30),
            ),
        ],
    },
    {
        "kind": Phase.Kind.ANALYSIS,
        "name": f"Analytická část {ILLUSTRATIVE}",
        "starts_on": dt.date(2020, 7, 1),
        "ends_on": dt.date(2021, 3, 31),
        "milestones": [
            (
                "Vyjádření SO ORP k souladu rozvojových záměrů s komunitním plánem (typ A, B)",
                dt.date(2020, 12, 15),
                dt.date(2020, 12, 15),
            ),
            (f"Analýza potřeb a zdrojů {ILLUSTRATIVE}", dt.date(2021, 3, 31), dt.date(2021, 3, 31)),
        ],
    },
    {
        "kind": Phase.Kind.STRATEGY,
        "name": f"Strategická část {ILLUSTRATIVE}",
        "starts_on": dt.date(2021, 4, 1),
        "ends_on": dt.date(2021, 8, 30),
        "milestones": [
            (f"Pracovní verze plánu {ILLUSTRATIVE}", dt.date(2021, 8, 30), dt.date(2021, 8, 30)),
        ],
    },
    {
        "kind": Phase.Kind.CONSULTATION,
        "name": "Připomínkování a projednání návrhu",
        "starts_on": dt.date(2021, 8, 31),
        "ends_on": dt.date(2021, 11, 30),
        "milestones": [
            (
                "Zveřejnění pracovní verze k veřejnému připomínkování",
                dt.date(2021, 8, 31),
                dt.date(2021, 8, 31),
            ),
            ("Konec veřejného připomínkování", dt.date(2021, 9, 14), dt.date(2021, 9, 14)),
            ("Veřejné projednání", dt.date(2021, 9, 15), dt.date(2021, 9, 15)),
            (
                f"Projednání v radách členských obcí {ILLUSTRATIVE}",
                dt.date(2021, 11, 30),
                dt.date(2021, 11, 30),
            ),
        ],
    },
    {
        "kind": Phase.Kind.APPROVAL,
        "name": "Schválení komunitního plánu",
        "starts_on": dt.date(2021, 12, 1),
        "ends_on": dt.date(2021, 12, 20),
        "milestones": [
            (
                "Schválení plánu 2022–2024 valnou hromadou",
                dt.date(2021, 12, 20),
                dt.date(2021, 12, 20),
            ),
        ],
    },
    {
        "kind": Phase.Kind.IMPLEMENTATION,
        "name": "Realizace plánu 2022–2024",
        "starts_on": dt.date(2022, 1, 1),
        "ends_on": dt.date(2024, 12, 31),
        "milestones": [
            ("Ukončení projektu", dt.date(2022, 2, 28), dt.date(2022, 2, 28)),
        ],
    },
    {
        "kind": Phase.Kind.MONITORING,
        "name": f"Průběžné vyhodnocování plnění {ILLUSTRATIVE}",
        "starts_on": dt.date(2022, 1, 1),
        "ends_on": dt.date(2024, 12, 31),
        "milestones": [],
    },
]

# The real total split into illustrative lines; the amounts add up to 2 814 000 CZK.
BUDGET_LINES = [
    (BudgetLine.Category.PERSONNEL, f"Realizační tým – osobní náklady {ILLUSTRATIVE}", 2_050_000),
    (BudgetLine.Category.SERVICES, f"Analýzy, průzkumy a facilitace {ILLUSTRATIVE}", 380_000),
    (BudgetLine.Category.SERVICES, f"Tisk, propagace a veletrh {ILLUSTRATIVE}", 120_000),
    (BudgetLine.Category.MATERIALS, f"Materiál a vybavení {ILLUSTRATIVE}", 84_000),
    (BudgetLine.Category.OTHER, f"Nepřímé náklady {ILLUSTRATIVE}", 180_000),
]
SPENDING_SHARE = Decimal("0.96")  # illustrative: 96 % of each line drawn, spread by quarter

PARTICIPATION = [
    (dt.date(2020, 10, 14), "Setkání se seniory v klubech důchodců", "senioři", 21),
    (dt.date(2020, 11, 18), "Skupinový rozhovor s pečujícími", "pečující osoby", 9),
    (
        dt.date(2021, 3, 10),
        "Konzultace s lidmi se zdravotním postižením",
        "osoby se zdravotním postižením",
        14,
    ),
    (dt.date(2021, 5, 19), "Setkání s rodiči v rodinném centru", "rodiny s dítětem/dětmi", 17),
    (dt.date(2021, 6, 23), "Rozhovory v azylovém domě a na ubytovnách", "osoby v krizi", 11),
    (dt.date(2021, 9, 15), "Veřejné projednání pracovní verze plánu", "", 15),
]


@dataclass
class GovernanceDemo:
    area: PlanningArea
    bodies: int
    people: int
    memberships: int
    phases: int
    milestones: int
    project: Project
    events: int
    created: int


class _Counter:
    def __init__(self) -> None:
        self.created = 0

    def get_or_create(
        self, model: type[models.Model], defaults: dict[str, Any] | None = None, **lookup: Any
    ) -> Any:
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **(defaults or {}))
            obj.full_clean()
            obj.save()
            self.created += 1
        return obj


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _email(name: str) -> str:
    return ".".join(_ascii(part) for part in name.split()) + f"@{EXAMPLE_DOMAIN}"


class _People:
    """Hands out fictional people one after another, alternating women and men."""

    def __init__(self, counter: _Counter, area: PlanningArea) -> None:
        self.counter = counter
        self.area = area
        self.index = 0

    def next_name(self) -> str:
        i = self.index
        self.index += 1
        surname_f, surname_m = SURNAMES[(i // 2) % len(SURNAMES)]
        round_ = i // (2 * len(SURNAMES))
        if i % 2 == 0:
            return f"{FIRST_F[(i // 2 + round_) % len(FIRST_F)]} {surname_f}"
        return f"{FIRST_M[(i // 2 + round_) % len(FIRST_M)]} {surname_m}"

    def person(self, name: str | None = None, organisation: Organisation | None = None) -> Person:
        name = name or self.next_name()
        person: Person = self.counter.get_or_create(
            Person,
            planning_area=self.area,
            name=name,
            defaults={"is_example": True, "email": _email(name), "organisation": organisation},
        )
        return person


def _member(
    counter: _Counter,
    body: Body,
    person: Person,
    *,
    role: str = Role.MEMBER,
    side: str,
    organisation: Organisation | None = None,
) -> BodyMembership:
    membership: BodyMembership = counter.get_or_create(
        BodyMembership,
        body=body,
        person=person,
        valid_from=MEMBERS_FROM,
        defaults={
            "role": role,
            "triad_side": side,
            "organisation": organisation or person.organisation,
        },
    )
    return membership


def _bodies(counter: _Counter, area: PlanningArea) -> dict[str, Body]:
    bodies: dict[str, Body] = {}
    for order, spec in enumerate(BODIES, start=1):
        group = (
            TargetGroup.objects.filter(name=spec.target_group).first()
            if spec.target_group
            else None
        )
        bodies[spec.code] = counter.get_or_create(
            Body,
            planning_area=area,
            code=spec.code,
            defaults={
                "kind": spec.kind,
                "name": spec.name,
                "purpose": spec.purpose,
                "target_group": group,
                "allow_per_rollam": spec.allow_per_rollam,
                "majority": spec.majority,
                "order": order,
            },
        )
    for spec in BODIES:  # forwarding once all exist (WG → MT → council → assembly)
        body = bodies[spec.code]
        if spec.forwards_to and body.forwards_to_id is None:
            body.forwards_to = bodies[spec.forwards_to]
            body.save(update_fields=["forwards_to", "updated_at"])
    return bodies


def _memberships(counter: _Counter, area: PlanningArea, bodies: dict[str, Body]) -> Person:
    """Fictional members of every body; returns the KPSS coordinator's Person."""
    people = _People(counter, area)
    union = Organisation.objects.filter(kind=Organisation.Kind.UNION, name=area.name).first()
    # The assembly: one delegate of each member municipality; the council: five of them.
    delegates: list[Person] = []
    for municipality in Municipality.objects.filter(planning_areas=area).order_by("name"):
        org = Organisation.objects.filter(municipality=municipality).first()
        delegate = people.person(organisation=org)
        role = Role.CHAIR if not delegates else Role.MEMBER
        _member(counter, bodies["VH"], delegate, role=role, side=TriadSide.COMMISSIONER)
        delegates.append(delegate)
    for i, delegate in enumerate(delegates[:5]):
        role = Role.CHAIR if i == 0 else Role.MEMBER
        _member(counter, bodies["RADA"], delegate, role=role, side=TriadSide.COMMISSIONER)
    # The project team.
    coordinator = people.person(PROJECT_TEAM[0][0], organisation=union)
    for name, role, _key in PROJECT_TEAM:
        person = people.person(name, organisation=union)
        _member(counter, bodies["RT"], person, role=role, side=TriadSide.COMMISSIONER)
    # Working groups: a manager and five members across the triad each.
    managers = []
    for code in ("PS-SEN", "PS-OZP", "PS-RDM", "PS-KRI", "PS-OBC"):
        body = bodies[code]
        for i, side in enumerate(WG_SIDES):
            if code == "PS-OBC":
                side = TriadSide.COMMISSIONER
            person = (
                delegates[5 + i] if code == "PS-OBC" and 5 + i < len(delegates) else people.person()
            )
            role = Role.MANAGER if i == 0 else Role.MEMBER
            _member(counter, body, person, role=role, side=side)
            if i == 0:
                managers.append(person)
    # The managerial team: the WG managers, the coordinator and a delegate of the union.
    for manager in managers:
        _member(counter, bodies["MT"], manager, side=TriadSide.PROVIDER)
    _member(counter, bodies["MT"], coordinator, role=Role.CHAIR, side=TriadSide.COMMISSIONER)
    _member(counter, bodies["MT"], delegates[0], side=TriadSide.COMMISSIONER)
    # The demo coordinator login acts as the KPSS coordinator, for "my tasks".
    if coordinator.user_id is None:
        login = (
            User.objects.filter(
                memberships__planning_area=area, memberships__role=Membership.Role.COORDINATOR
            )
            .order_by("pk")
            .first()
        )
        if login is not None and not Person.objects.filter(planning_area=area, user=login).exists():
            coordinator.user = login
            coordinator.save(update_fields=["user", "updated_at"])
    return coordinator


def _timeline(counter: _Counter, area: PlanningArea, coordinator: Person) -> None:
    for order, spec in enumerate(PHASES, start=1):
        phase = counter.get_or_create(
            Phase,
            planning_area=area,
            name=spec["name"],
            defaults={
                "kind": spec["kind"],
                "starts_on": spec["starts_on"],
                "ends_on": spec["ends_on"],
                "status": Phase.Status.DONE,
                "order": order,
            },
        )
        for title, due_on, done_on in spec["milestones"]:
            counter.get_or_create(
                Milestone,
                phase=phase,
                title=title,
                defaults={"due_on": due_on, "done_on": done_on, "responsible": coordinator},
            )


def _quarters(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    periods = []
    day = start
    while day <= end:
        month = ((day.month - 1) // 3 + 1) * 3 + 1
        next_day = dt.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)
        periods.append((day, min(end, next_day - dt.timedelta(days=1))))
        day = next_day
    return periods


def _project(counter: _Counter, area: PlanningArea) -> Project:
    project: Project = counter.get_or_create(
        Project,
        planning_area=area,
        registration_number=PROJECT_NUMBER,
        defaults={
            "name": PROJECT_NAME,
            "starts_on": PROJECT_START,
            "ends_on": PROJECT_END,
            "budget_total": PROJECT_TOTAL,
            "participation_target": PARTICIPATION_TARGET,
        },
    )
    periods = _quarters(PROJECT_START, PROJECT_END)
    for category, name, planned in BUDGET_LINES:
        line = counter.get_or_create(
            BudgetLine,
            project=project,
            name=name,
            defaults={"category": category, "planned": Decimal(planned)},
        )
        if line.spending.exists():
            continue
        per_quarter = (Decimal(planned) * SPENDING_SHARE / len(periods)).quantize(Decimal("1"))
        for start, end in periods:
            counter.get_or_create(
                Spending,
                line=line,
                period_start=start,
                defaults={
                    "period_end": end,
                    "amount": per_quarter,
                    "note": "ilustrativní údaj",
                },
            )
    for held_on, activity, group_name, people in PARTICIPATION:
        group = TargetGroup.objects.filter(name=group_name).first() if group_name else None
        counter.get_or_create(
            Participation,
            project=project,
            held_on=held_on,
            activity=f"{activity} {ILLUSTRATIVE}",
            defaults={"target_group": group, "people": people},
        )
    return project


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _events(counter: _Counter, area: PlanningArea) -> int:
    counter.get_or_create(
        Event,
        planning_area=area,
        title="Veřejné projednání návrhu Komunitního plánu 2022–2024",
        defaults={
            "kind": Event.Kind.HEARING,
            "starts_at": _at(dt.date(2021, 9, 15), 16),
            "ends_at": _at(dt.date(2021, 9, 15), 18),
            "description": (
                "Veřejné projednání pracovní verze komunitního plánu mikroregionu na období "
                "2022–2024 po skončení veřejného připomínkování (31. 8. – 14. 9. 2021). "
                "Datum je skutečné; čas konání je v ukázce ilustrativní."
            ),
            "is_public": True,
        },
    )
    counter.get_or_create(
        Event,
        planning_area=area,
        title=f"Veletrh sociálních služeb {ILLUSTRATIVE}",
        defaults={
            "kind": Event.Kind.FAIR,
            "starts_at": _at(dt.date(2021, 10, 6), 9),
            "ends_at": _at(dt.date(2021, 10, 6), 15),
            "place": "Valašské Meziříčí",
            "description": (
                "Ukázková akce: poskytovatelé sociálních služeb (na veletrhu v mikroregionu "
                "jich bylo 23) představují, s čím pomáhají, aby lidé věděli, kam se obrátit. "
                "Datum a místo jsou ilustrativní."
            ),
            "is_public": True,
            "is_example": True,
        },
    )
    return Event.objects.filter(planning_area=area).count()


def governance_demo_load(*, actor: User, slug: str = PILOT_SLUG) -> GovernanceDemo:
    """Load the governance demo into the pilot area (which the main demo creates)."""
    area = PlanningArea.objects.select_related("orp").filter(slug=slug).first()
    if area is None:
        raise NotFound(f"Planning area '{slug}' not found; load the demo first.", slug=slug)
    counter = _Counter()
    with transaction.atomic():
        bodies = _bodies(counter, area)
        coordinator = _memberships(counter, area, bodies)
        _timeline(counter, area, coordinator)
        project = _project(counter, area)
        events = _events(counter, area)
        if counter.created:
            audit_record(
                actor=actor,
                verb="governance.demo_load",
                obj=area,
                area_slug=area.slug,
                payload={"created": counter.created},
            )
    return GovernanceDemo(
        area=area,
        bodies=Body.objects.filter(planning_area=area).count(),
        people=Person.objects.filter(planning_area=area).count(),
        memberships=BodyMembership.objects.filter(body__planning_area=area).count(),
        phases=Phase.objects.filter(planning_area=area).count(),
        milestones=Milestone.objects.filter(phase__planning_area=area).count(),
        project=project,
        events=events,
        created=counter.created,
    )
