from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kpss.accounts.models import system_actor
from kpss.core.errors import KpssError
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import area_municipality_rows, population_summary
from kpss.territory.services import planning_area_create, planning_area_set_public


class Command(BaseCommand):
    help = "Planning areas (tenants): create, list, show, publish."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Define a planning area.")
        create.add_argument("--slug", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--kind", choices=[k.value for k in PlanningArea.Kind], default="")
        group = create.add_mutually_exclusive_group(required=True)
        group.add_argument("--orp", help="ČSÚ ORP code, e.g. 7210: all its municipalities.")
        group.add_argument("--municipalities", help="Comma-separated municipality codes.")
        create.add_argument("--public", action="store_true", help="Publish on the portal.")
        sub.add_parser("list", help="List planning areas.")
        show = sub.add_parser("show", help="Members and population of an area.")
        show.add_argument("slug")
        for name in ("publish", "unpublish"):
            action = sub.add_parser(name, help=f"{name.capitalize()} an area on the portal.")
            action.add_argument("slug")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except KpssError as error:
            raise CommandError(error.message) from error

    def _create(self, options: dict[str, Any]) -> None:
        area = planning_area_create(
            actor=system_actor(),
            slug=options["slug"],
            name=options["name"],
            kind=options["kind"],
            orp_code=options["orp"],
            municipality_codes=options["municipalities"].split(",")
            if options["municipalities"]
            else None,
            is_public=options["public"],
        )
        self.stdout.write(
            f"Vytvořeno plánovací území {area.slug}: {area.memberships.count()} obcí."
        )

    def _list(self, options: dict[str, Any]) -> None:
        for area in PlanningArea.objects.order_by("slug"):
            state = "zveřejněno" if area.is_public else "nezveřejněno"
            self.stdout.write(f"{area.slug}\t{area.name}\t{area.memberships.count()} obcí\t{state}")

    def _get(self, slug: str) -> PlanningArea:
        area = PlanningArea.objects.filter(slug=slug).first()
        if area is None:
            raise CommandError(f"Plánovací území '{slug}' neexistuje.")
        return area

    def _show(self, options: dict[str, Any]) -> None:
        area = self._get(options["slug"])
        rows = area_municipality_rows(area=area)
        summary = population_summary(rows=rows)
        self.stdout.write(
            f"{area.name} ({area.slug}), {summary.municipalities} obcí, "
            f"{summary.total} obyvatel k {summary.reference_date}"
        )
        for row in rows:
            total = row.population.total if row.population else "?"
            self.stdout.write(f"  {row.municipality.code}  {row.municipality.name}: {total}")

    def _publish(self, options: dict[str, Any]) -> None:
        planning_area_set_public(
            actor=system_actor(), area=self._get(options["slug"]), is_public=True
        )

    def _unpublish(self, options: dict[str, Any]) -> None:
        planning_area_set_public(
            actor=system_actor(), area=self._get(options["slug"]), is_public=False
        )
