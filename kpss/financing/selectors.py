"""Reads of financing, scoped to the planning area (the tenant).

The public sees only approved (and closed) programmes of public areas, and of them only the
summary: contributions of municipalities and the amounts per provider and service — never
assessors, scores or personal data. Members of the area see programmes in preparation;
provider staff see only their own applications; assessors only those assigned to them.

For the monitoring app: `service_finance_for_year` and `grants_for_measure`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kpss.core.errors import NotFound
from kpss.core.text import czech_sort_key
from kpss.financing.models import (
    GrantApplication,
    Programme,
    ServiceBudget,
    UsualCost,
)
from kpss.financing.permissions import provider_icos
from kpss.financing.states import PUBLIC_STATES
from kpss.organisations.models import Membership
from kpss.organisations.selectors import user_can
from kpss.planning.models import Measure
from kpss.territory.models import PlanningArea
from kpss_analysis.financing import CompensationCheck, compensation_check

A = GrantApplication.State
KIND_RANK = {"planned": 0, "adjusted": 1, "actual": 2}


def sees_internal(user: Any, area: PlanningArea) -> bool:
    return user_can(user, "financing.view_internal", area)


def manages(user: Any, area: PlanningArea) -> bool:
    return user_can(user, "financing.manage", area)


def programme_list(*, area: PlanningArea, user: Any = None) -> QuerySet[Programme]:
    programmes = Programme.objects.filter(planning_area=area)
    if not sees_internal(user, area):
        programmes = programmes.filter(state__in=PUBLIC_STATES)
    return programmes.order_by("-year")


def programme_get_for_user(*, user: Any, area: PlanningArea, year: int) -> Programme:
    programme = programme_list(area=area, user=user).filter(year=year).first()
    if programme is None:
        raise NotFound(_("Programme not found."), year=year)
    return programme


def application_list_for_user(*, user: Any, programme: Programme) -> QuerySet[GrantApplication]:
    """The coordinator: every application; provider staff: their own; an assessor: the
    assigned ones. Nobody else sees any."""
    area = programme.planning_area
    applications = programme.applications.select_related(
        "provider", "service", "service__service_type", "form"
    )
    if manages(user, area):
        return applications
    if not getattr(user, "is_authenticated", False):
        return applications.none()
    return applications.filter(
        Q(provider__ico__in=provider_icos(user, area)) | Q(assignments__assessor=user)
    ).distinct()


def application_get_for_user(
    *, user: Any, area: PlanningArea, application_id: int
) -> GrantApplication:
    application = (
        GrantApplication.objects.select_related(
            "programme__planning_area", "provider", "service", "form"
        )
        .filter(pk=application_id, programme__planning_area=area)
        .first()
    )
    if application is None or not user_can(user, "financing.view_application", application):
        raise NotFound(_("Application not found."), application_id=application_id)
    return application


def assessor_candidates(*, area: PlanningArea) -> list[Any]:
    """Users who are members of the area (any role but provider staff)."""
    from kpss.accounts.models import User

    users = (
        User.objects.filter(memberships__planning_area=area)
        .exclude(memberships__planning_area=area, memberships__role=Membership.Role.PROVIDER)
        .distinct()
    )
    return sorted(users, key=lambda u: czech_sort_key(u.get_full_name() or u.username))


def pot(programme: Programme) -> int:
    return int(sum(p.contribution for p in programme.participants.all()))


# --- Reports ---------------------------------------------------------------------------------


@dataclass
class ServiceUse:
    service: str
    provider: str
    users: int
    amount: int
    is_illustrative: bool


@dataclass
class MunicipalityReport:
    code: str
    name: str
    inhabitants: int
    contribution: int
    share: float
    services: list[ServiceUse] = field(default_factory=list)

    @property
    def users(self) -> int:
        return sum(s.users for s in self.services)

    @property
    def money_for_residents(self) -> int:
        return sum(s.amount for s in self.services)


def _granted(application: GrantApplication) -> int:
    if application.state in (A.APPROVED, A.SETTLED):
        return application.approved_amount or 0
    return 0


def _amount(application: GrantApplication) -> int:
    """The approved amount, else the current proposal (before the approval)."""
    if application.state in (A.APPROVED, A.SETTLED, A.REJECTED):
        return application.approved_amount or 0
    return application.final_amount or 0


def municipality_report(*, programme: Programme) -> list[MunicipalityReport]:
    """Per participating municipality: its contribution and the services its residents use —
    users and the money of each grant attributed by the share of users resident there."""
    participants = list(programme.participants.select_related("municipality"))
    total = sum(p.contribution for p in participants) or 1
    reports = {
        p.municipality_id: MunicipalityReport(
            code=p.municipality.code,
            name=p.municipality.name,
            inhabitants=p.inhabitants,
            contribution=p.contribution,
            share=p.contribution / total,
        )
        for p in participants
    }
    applications = programme.applications.select_related("service", "provider").prefetch_related(
        "users_by_municipality"
    )
    for application in applications:
        rows = list(application.users_by_municipality.all())
        all_users = sum(r.users for r in rows)
        amount = _amount(application)
        for row in rows:
            report = reports.get(row.municipality_id)
            if report is None:
                continue
            report.services.append(
                ServiceUse(
                    service=application.service.name,
                    provider=application.provider.name,
                    users=row.users,
                    amount=round(amount * row.users / all_users) if all_users else 0,
                    is_illustrative=application.is_illustrative,
                )
            )
    result = sorted(reports.values(), key=lambda r: czech_sort_key(r.name))
    for r in result:
        r.services.sort(key=lambda s: (-s.amount, czech_sort_key(s.service)))
    return result


@dataclass
class ProviderReport:
    name: str
    ico: str
    grants: list[GrantApplication]
    total: int
    from_municipalities: list[tuple[str, int]]


def provider_report(*, programme: Programme) -> list[ProviderReport]:
    """Per provider: its grants and, in proportion to the contributions, from which
    municipalities the money came."""
    participants = list(programme.participants.select_related("municipality"))
    pot_total = sum(p.contribution for p in participants)
    grouped: dict[int, list[GrantApplication]] = defaultdict(list)
    for application in programme.applications.select_related("provider", "service"):
        grouped[application.provider_id].append(application)
    reports = []
    for applications in grouped.values():
        total = sum(_amount(a) for a in applications)
        split = [
            (p.municipality.name, round(total * p.contribution / pot_total) if pot_total else 0)
            for p in participants
        ]
        reports.append(
            ProviderReport(
                name=applications[0].provider.name,
                ico=applications[0].provider.ico,
                grants=applications,
                total=total,
                from_municipalities=split,
            )
        )
    return sorted(reports, key=lambda r: (-r.total, czech_sort_key(r.name)))


@dataclass
class ProgrammeSummary:
    programme: Programme
    pot: int
    municipalities: int
    applications: int
    providers: int
    requested: int
    proposed: int
    approved: int
    used: int
    returned: int
    illustrative_applications: bool


def programme_summary(*, programme: Programme) -> ProgrammeSummary:
    applications = list(programme.applications.all())
    return ProgrammeSummary(
        programme=programme,
        pot=pot(programme),
        municipalities=programme.participants.count(),
        applications=len(applications),
        providers=len({a.provider_id for a in applications}),
        requested=sum(a.requested_amount for a in applications),
        proposed=sum(a.final_amount or 0 for a in applications),
        approved=sum(_granted(a) for a in applications),
        used=sum(a.amount_used or 0 for a in applications),
        returned=sum(a.amount_returned or 0 for a in applications),
        illustrative_applications=any(a.is_illustrative for a in applications),
    )


# --- Budgets and compensation ----------------------------------------------------------------


def budgets_for_year(*, area: PlanningArea, year: int) -> list[ServiceBudget]:
    """The latest version (actual > adjusted > planned) of each service form's budget."""
    best: dict[tuple[int, int], ServiceBudget] = {}
    for budget in (
        ServiceBudget.objects.filter(planning_area=area, year=year)
        .select_related("service__provider", "service__service_type", "form")
        .prefetch_related("users_by_municipality")
    ):
        key = (budget.service_id, budget.form_id)
        if key not in best or KIND_RANK[best[key].kind] < KIND_RANK[budget.kind]:
            best[key] = budget
    return sorted(best.values(), key=lambda b: czech_sort_key(b.service.name))


def usual_costs_for_year(*, year: int) -> dict[tuple[int, int], UsualCost]:
    return {(u.service_type_id, u.form_id): u for u in UsualCost.objects.filter(year=year)}


@dataclass(frozen=True)
class CompensationRow:
    budget: ServiceBudget
    check: CompensationCheck
    usual_limit: int | None


def compensation_rows(*, area: PlanningArea, year: int) -> list[CompensationRow]:
    """Per service and year: public money from all sources against the justified net cost;
    overcompensation flagged with the amount."""
    usual = usual_costs_for_year(year=year)
    rows = []
    for budget in budgets_for_year(area=area, year=year):
        cost = usual.get((budget.service.service_type_id, budget.form_id))
        rows.append(
            CompensationRow(
                budget=budget,
                check=compensation_check(
                    total_cost=budget.total_cost,
                    non_public_revenue=budget.non_public_revenue,
                    public_funding=budget.public_funding,
                ),
                usual_limit=int(cost.compensation_per_unit * budget.units) if cost else None,
            )
        )
    return rows


@dataclass(frozen=True)
class ServiceFinance:
    """One service form's money in a year, for monitoring.

    - `units`, `unit_kind`: network units ("fte" direct-care FTE or "beds");
    - `total_cost`: all costs of the year (personnel + operating + other), CZK;
    - `public_funding`: state/region + municipalities + EU + other public sources, CZK;
    - `justified_net_cost`: costs − non-public revenues (users' payments, care allowance,
      health insurance, donations, other), CZK;
    - `basic_operation_cost`: the minimum the service needs for basic operation, CZK;
    - `usual_cost_per_unit`: the region's usual cost per unit of the type and form in that
      year (None when the table has no row).
    """

    service_id: int
    provider_id: int
    service_type_key: str
    form_code: str
    units: Decimal
    unit_kind: str
    total_cost: int
    public_funding: int
    justified_net_cost: int
    basic_operation_cost: int
    usual_cost_per_unit: int | None


def service_finance_for_year(area: PlanningArea, year: int) -> list[ServiceFinance]:
    """The finances of the area's services in a year: one entry per service form with a
    budget, from its latest version (actual, else adjusted, else planned)."""
    usual = usual_costs_for_year(year=year)
    result = []
    for budget in budgets_for_year(area=area, year=year):
        cost = usual.get((budget.service.service_type_id, budget.form_id))
        result.append(
            ServiceFinance(
                service_id=budget.service_id,
                provider_id=budget.service.provider_id,
                service_type_key=budget.service.service_type.key,
                form_code=budget.form.code,
                units=budget.units,
                unit_kind=budget.unit_kind,
                total_cost=budget.total_cost,
                public_funding=budget.public_funding,
                justified_net_cost=budget.justified_net_cost,
                basic_operation_cost=budget.basic_operation_cost,
                usual_cost_per_unit=cost.usual_cost_per_unit if cost else None,
            )
        )
    return result


def grants_for_measure(measure: Measure) -> QuerySet[GrantApplication]:
    """Grant applications linked to a plan measure — to this copy or to any copy of the
    same measure in another version of the plan (matched by `Measure.lineage`)."""
    return (
        GrantApplication.objects.filter(
            measures__lineage=measure.lineage,
            measures__plan_version__plan_id=measure.plan_version.plan_id,
        )
        .select_related("programme", "provider", "service")
        .distinct()
        .order_by("programme__year", "number")
    )
