from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kpss.accounts.models import system_actor
from kpss.core.errors import KpssError
from kpss.core.formats import format_number
from kpss.needs.analysis import (
    AccessibilitySettings,
    analysis_run_save,
    describe_value,
    gap_analysis_compute,
    gap_rows_for_export,
)
from kpss.needs.exports import table_to_csv
from kpss.needs.models import PopulationGroup
from kpss.needs.scenarios import scenario_from_options
from kpss.territory.models import PlanningArea


class Command(BaseCommand):
    help = "Gap table of a planning area: need by norm against registered capacity."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="Planning area slug, e.g. valmez.")
        parser.add_argument("--year", type=int, help="Year to project the population to.")
        parser.add_argument(
            "--growth-65",
            type=float,
            default=None,
            help="Scenario: yearly change of the 65+ group, e.g. 0.02.",
        )
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
        parser.add_argument("--method", choices=["2sfca", "e2sfca", "g2sfca"], default="e2sfca")
        parser.add_argument("--threshold-km", type=float, default=30.0)
        parser.add_argument("--save", action="store_true", help="Store the run with its inputs.")

    def handle(self, *args: Any, **options: Any) -> None:
        area = PlanningArea.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(_("Unknown planning area %(slug)s.") % {"slug": options["area"]})
        try:
            analysis = gap_analysis_compute(
                area=area,
                year=options["year"],
                scenario=scenario_from_options(
                    year=options["year"], growth_65=options["growth_65"]
                ),
                settings=AccessibilitySettings(
                    method=options["method"], threshold_km=options["threshold_km"]
                ),
            )
        except KpssError as error:
            raise CommandError(error.message) from error
        if options["save"]:
            run = analysis_run_save(actor=system_actor(), analysis=analysis)
            self.stderr.write(_("Saved as analysis run %(id)s.") % {"id": run.pk})
        header, rows = gap_rows_for_export(analysis)
        if options["format"] == "csv":
            sys.stdout.buffer.write(table_to_csv(header=header, rows=rows))
            return
        if options["format"] == "json":
            payload = {"inputs": analysis.inputs, "header": header, "rows": rows}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
            return
        self._table(analysis)

    def _table(self, analysis: Any) -> None:
        out = self.stdout.write
        out(
            _("Gap analysis: %(area)s; norm set: %(norms)s; population as of %(date)s")
            % {
                "area": analysis.area.name,
                "norms": analysis.norm_set.name,
                "date": analysis.inputs["population_date"],
            }
        )
        if analysis.scenario:
            out(_("SCENARIO: %(name)s") % {"name": analysis.scenario})
        out("")
        # Outside the f-strings, where xgettext finds them.
        columns = [_("Type"), _("Form"), _("Population"), _("Capacity"), _("Need"), _("Gap")]
        widths = ["<6", "<4", ">10", ">9", ">8", ">8"]
        out(" ".join(f"{c:{w}}" for c, w in zip(columns, widths, strict=True)) + f"  {_('Norm')}")
        for agg in sorted(analysis.by_area, key=lambda a: (a.service_type, a.form)):
            norm = next(
                n
                for n in analysis.inputs["norms"]
                if n["type"] == agg.service_type and n["form"] == agg.form
            )
            flag = _("assumption") if norm["assumption"] else ""
            out(
                f"§ {agg.service_type:<4} {agg.form:<4} {format_number(agg.population):>10} "
                f"{format_number(agg.registered_capacity, 1):>9} {format_number(agg.need, 1):>8} "
                f"{format_number(agg.gap, 1):>8}  {format_number(norm['per_1000'], 1)}/1000 "
                f"({PopulationGroup(norm['group']).label}) {flag}"
            )
        out("")
        out(_("Largest gaps by municipality:"))
        gap_word, accessibility_word = _("gap"), _("accessibility")
        for row in analysis.largest[:10]:
            out(
                f"  {row.municipality_name:<22} § {row.service_type:<4} {row.form:<4} "
                f"{gap_word} {format_number(row.gap, 1):>7}  "
                f"{accessibility_word} {describe_value(row.accessibility)}"
            )
        unknown = [s for s in analysis.inputs["services_counted"] if not s["capacity_known"]]
        if unknown:
            out("")
            out(_("Services counted with unknown capacity (counted as 0):"))
            for service in unknown:
                out(f"  § {service['type']} {service['form']}: {service['name']}")
