"""Documents of intentions, always in Czech: the statement of consistency of one intention
(PDF, WeasyPrint) and the summary of a call for the Regional Office (XLSX, openpyxl)."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from kpss.core.formats import format_date, format_money, format_number
from kpss.intentions.checks import criteria_from_stored
from kpss.intentions.models import FUNDING_LABELS, Call, Intention
from kpss.intentions.selectors import ranked_intentions


def _funding_rows(intention: Intention) -> list[tuple[str, str]]:
    return [
        (str(FUNDING_LABELS.get(key, key)), format_money(amount))
        for key, amount in (intention.funding or {}).items()
    ]


def statement_pdf(*, intention: Intention) -> bytes:
    """The numbered statement of the ORP municipality: the intention's data, the linked
    measures, the outcome with its reason and conditions, the automatic check as it stood at
    the assessment, and the signatory."""
    from weasyprint import HTML, URLFetcher

    statement = intention.statement
    assessment = intention.assessment
    area = intention.call.planning_area
    with translation.override("cs"):
        context: dict[str, Any] = {
            "intention": intention,
            "statement": statement,
            "assessment": assessment,
            "area": area,
            "orp": area.orp,
            "measures": list(intention.measures.select_related("plan_version__plan")),
            "target_groups": ", ".join(str(g) for g in intention.target_groups.all()),
            "municipalities": ", ".join(m.name for m in intention.municipalities.all()),
            "funding": _funding_rows(intention),
            "checks": criteria_from_stored(assessment.check_result),
            "issued_on": format_date(statement.issued_on),
            "generated": format_date(timezone.localdate()),
            "num": format_number,
        }
        html = render_to_string("intentions/documents/statement.html", context)
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return bytes(document.write_pdf())


SUMMARY_HEADER = [
    "Pořadí",
    "Číslo záměru",
    "Revize",
    "Poskytovatel",
    "IČO",
    "Typ",
    "Vrstva sítě",
    "Služba",
    "Druh služby",
    "Forma",
    "Jednotka",
    "Jednotky nyní",
    "Jednotky požadované",
    "Změna jednotek",
    "Kapacita nyní",
    "Kapacita požadovaná",
    "Roční náklady (Kč)",
    "Opatření plánu",
    "Potřeba kraje",
    "Výsledek posouzení",
    "Zdůvodnění",
    "Podmínky",
    "Rozhodnutí manažerského týmu",
    "Číslo vyjádření",
    "Datum vyjádření",
]


def call_summary_xlsx(*, call: Call) -> bytes:
    """All submitted intentions of a call in priority order with outcomes, for the Regional
    Office; one row per intention."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"Záměry {call.year}"
    with translation.override("cs"):
        sheet.append([f"{call.title} – {call.planning_area.name}"])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(
            [
                f"Podávání {format_date(call.submission_from)} – {format_date(call.submission_to)}"
                f"; vyjádření {format_date(call.statement_from)} – "
                f"{format_date(call.statement_to)}"
                + ("; ilustrativní data" if call.is_example else "")
            ]
        )
        sheet.append([])
        sheet.append(SUMMARY_HEADER)
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for intention in ranked_intentions(call=call):
            assessment = getattr(intention, "assessment", None)
            statement = getattr(intention, "statement", None)
            sheet.append(
                [
                    intention.priority_order,
                    intention.number,
                    intention.revision,
                    intention.organisation.name,
                    intention.organisation.ico,
                    intention.kind,
                    str(intention.get_layer_display()),
                    intention.service_label,
                    str(intention.service_type),
                    str(intention.form),
                    str(intention.get_unit_kind_display()),
                    float(intention.units_from),
                    float(intention.units_to),
                    float(intention.delta_units),
                    float(intention.capacity_from),
                    float(intention.capacity_to),
                    intention.total_cost_czk,
                    ", ".join(m.code for m in intention.measures.all()),
                    intention.regional_need,
                    str(assessment.get_outcome_display()) if assessment else "neposouzeno",
                    assessment.reason if assessment else "",
                    assessment.conditions if assessment else "",
                    assessment.team_decision if assessment else "",
                    statement.number if statement else "",
                    statement.issued_on if statement else None,
                ]
            )
            sheet.cell(row=sheet.max_row, column=25).number_format = "D. M. YYYY"
        widths = {"D": 40, "H": 40, "I": 30, "T": 30, "U": 50, "V": 30, "W": 30}
        for column, width in widths.items():
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A5"
    workbook.properties.title = f"Souhrn rozvojových záměrů – {call.title}"
    workbook.properties.language = "cs-CZ"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statement_filename(intention: Intention) -> str:
    number = intention.statement.number.replace("/", "-")
    return f"vyjadreni-{number}-zamer-{intention.number}.pdf"
