"""`kpss allocate --area valmez --year 2024 --budget 2000000 --scenario need [--floor 0.3]`:
the allocation of a budget among the area's services with its checks and the comparison
with the other keys. An infeasible budget prints the explanation and exits with status 2."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kpss.core.formats import format_number
from kpss.financing.allocation import (
    SCENARIOS,
    allocation_checks,
    allocation_compare,
    scenario_label,
)
from kpss.territory.models import PlanningArea


class Command(BaseCommand):
    help = "Allocate a budget among the services of a planning area and check the result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="Planning area slug, e.g. valmez.")
        parser.add_argument("--year", type=int, required=True, help="Budget year.")
        parser.add_argument("--budget", type=int, required=True, help="Budget in whole CZK.")
        parser.add_argument("--scenario", choices=SCENARIOS, default="need")
        parser.add_argument(
            "--floor",
            type=float,
            default=0.0,
            help="Fairness floor: share of each municipality's need kept covered (0–1).",
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        area = PlanningArea.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(_("Unknown planning area %(slug)s.") % {"slug": options["area"]})
        if not 0 <= options["floor"] <= 1:
            raise CommandError(_("The fairness floor is a share between 0 and 1."))
        comparison = allocation_compare(
            area=area, year=options["year"], budget=options["budget"], floor=options["floor"]
        )
        scenario = options["scenario"]
        if not comparison.inputs:
            raise CommandError(
                _("No service of the area has a budget for %(year)s.") % {"year": options["year"]}
            )
        if scenario == "need" and not comparison.feasible:
            self.stdout.write(comparison.explanation())
            raise SystemExit(2)
        amounts = comparison.amounts[scenario]
        checks = allocation_checks(comparison, scenario)
        if options["format"] == "json":
            payload = {
                "area": area.slug,
                "year": options["year"],
                "budget": options["budget"],
                "scenario": scenario,
                "floor": options["floor"],
                "services": [
                    {
                        "service_id": item.budget.service_id,
                        "service": item.budget.service.name,
                        "minimum": item.minimum,
                        "cap": item.cap,
                        "weight": item.weight,
                        "amount": amount,
                    }
                    for item, amount in zip(comparison.inputs, amounts, strict=True)
                ],
                "unmet_need": comparison.unmet,
                "checks": [{"label": c.label, "ok": c.ok, "detail": c.detail} for c in checks],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        out = self.stdout.write
        out(
            _("Allocation %(area)s %(year)s: %(budget)s CZK, scenario: %(scenario)s")
            % {
                "area": area.name,
                "year": options["year"],
                "budget": format_number(options["budget"]),
                "scenario": scenario_label(scenario),
            }
        )
        width = max(len(item.budget.service.name) for item in comparison.inputs)
        labels = (_("Service"), _("Minimum"), _("Limit"), _("Weight"), _("Amount"))
        out(
            f"{labels[0]:<{width}}  {labels[1]:>12}  {labels[2]:>12}  "
            f"{labels[3]:>6}  {labels[4]:>12}"
        )
        for item, amount in zip(comparison.inputs, amounts, strict=True):
            out(
                f"{item.budget.service.name:<{width}}  {format_number(item.minimum):>12}  "
                f"{format_number(item.cap):>12}  {item.weight:>6.2f}  {format_number(amount):>12}"
            )
        out("")
        for check in checks:
            out(f"{'OK ' if check.ok else '!! '}{check.label}: {check.detail}")
        out("")
        out(_("Weighted unmet need by scenario:"))
        for key in SCENARIOS:
            out(
                f"  {scenario_label(key)}: {format_number(round(comparison.unmet[key]))} "
                + _(
                    "(services below minimum: %(below)s; municipalities below the floor: %(floor)s)"
                )
                % {"below": comparison.below_minimum[key], "floor": comparison.below_floor[key]}
            )
