"""The demo of monitoring for the pilot area, on the demo plan 2022–2024 (whose content is
ILLUSTRATIVE, Plan.is_example): published action plans for 2022 and 2023, progress reports,
indicator values and the published evaluation of 2022. Every value here is an example,
labelled so in the notes and by the plan's "illustrative content" badge.

Idempotent: when the plan already has an action plan, nothing is changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from kpss.accounts.models import User
from kpss.monitoring import services
from kpss.monitoring.models import ActionPlan, Evaluation, ProgressUpdate
from kpss.organisations.models import Organisation
from kpss.planning.demo import TITLE
from kpss.planning.models import Indicator, Plan, PlanVersion

PILOT_SLUG = "valmez"
NOTE = "Ilustrativní hodnota (ukázková data)."

#: (measure code, 2022 status, percent, reason) of the measure items.
PROGRESS_2022 = {
    "1.1": ("done", 100, ""),
    "1.2": ("in_progress", 60, "Ilustrativní: setkání pro pečující začala až na podzim."),
    "1.3": ("postponed", 10, "Ilustrativní: chybí pracovníci v přímé péči."),
}


@dataclass
class DemoResult:
    created: bool
    message: str


def monitoring_demo_load(*, actor: User) -> DemoResult:
    plan = Plan.objects.filter(planning_area__slug=PILOT_SLUG, title=TITLE).first()
    if plan is None or not plan.versions.filter(state=PlanVersion.State.IN_FORCE).exists():
        return DemoResult(False, "The demo plan in force is missing; run demo_plan first.")
    if ActionPlan.objects.filter(plan=plan).exists():
        return DemoResult(False, "The monitoring demo is already loaded.")
    with transaction.atomic():
        _load(actor, plan)
    return DemoResult(True, "Loaded action plans 2022 and 2023 and the evaluation of 2022.")


def _load(actor: User, plan: Plan) -> None:
    diakonie = Organisation.objects.filter(ico="73632783").first()
    union = Organisation.objects.filter(
        memberships__planning_area=plan.planning_area, kind=Organisation.Kind.UNION
    ).first()
    for year in (2022, 2023):
        action_plan = services.action_plan_generate(actor=actor, plan=plan, year=year)
        for item in action_plan.items.select_related("measure__priority"):
            responsible = diakonie if item.code.startswith("1.") else union
            services.action_item_update(
                actor=actor,
                item=item,
                expected_version=item.version,
                responsible_organisation=responsible or item.responsible_organisation,
                budget_czk=item.budget_czk,
            )
        services.action_plan_publish(actor=actor, action_plan=action_plan)
        if year == 2022:
            _progress_2022(actor, action_plan)
            # Dated as reported at the end of the year they describe.
            ProgressUpdate.objects.filter(item__action_plan=action_plan).update(
                created_at=dt.datetime(2022, 12, 15, 10, 0, tzinfo=dt.UTC)
            )
    version = plan.versions.get(state=PlanVersion.State.IN_FORCE)
    for order, indicator in enumerate(
        Indicator.objects.filter(measure__plan_version=version).order_by("measure__code"),
        start=1,
    ):
        for year, share in ((2022, Decimal("0.4")), (2023, Decimal("0.7"))):
            target = indicator.target or Decimal(10 * order)
            services.indicator_value_set(
                actor=actor,
                plan=plan,
                indicator=indicator,
                year=year,
                value=(target * share).quantize(Decimal(1)),
                note=NOTE,
            )
    evaluation = services.evaluation_create(actor=actor, plan=plan, year=2022)
    for section, text in (
        (
            "summary",
            "Ilustrativní shrnutí: první rok plánu přinesl víkendovou pečovatelskou "
            "službu; rozšíření odlehčovacích služeb se odložilo pro nedostatek pracovníků.",
        ),
        (
            "deviations",
            "Ilustrativní komentář: odklad opatření 1.3 projednala pracovní "
            "skupina; kraj byl požádán o navýšení úvazků v síti.",
        ),
    ):
        evaluation = services.evaluation_section_update(
            actor=actor,
            evaluation=evaluation,
            expected_version=evaluation.version,
            section=section,
            text=text,
        )
    services.evaluation_publish(actor=actor, evaluation=evaluation)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        published_at=dt.datetime(2023, 3, 31, 10, 0, tzinfo=dt.UTC)
    )


def _progress_2022(actor: User, action_plan: ActionPlan) -> None:
    for item in action_plan.items.all():
        if item.is_activity:
            status, percent, reason = "done", 100, ""
        else:
            status, percent, reason = PROGRESS_2022.get(item.code, ("in_progress", 50, ""))
        services.progress_update_record(
            actor=actor,
            item=item,
            status=status,
            percent=percent,
            reason=reason,
            spent_czk=item.budget_czk * percent // 100,
        )
