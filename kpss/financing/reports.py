"""Reports of a programme: the summary for the assembly, per municipality (its money and its
residents' services) and per provider (what it received from whom), as XLSX and PDF."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kpss.financing.models import Programme
from kpss.financing.selectors import (
    municipality_report,
    programme_summary,
    provider_report,
)


def report_context(programme: Programme) -> dict[str, Any]:
    applications = list(
        programme.applications.select_related("provider", "service").order_by("number")
    )
    return {
        "programme": programme,
        "summary": programme_summary(programme=programme),
        "municipalities": municipality_report(programme=programme),
        "providers": provider_report(programme=programme),
        "applications": applications,
        "generated": timezone.localtime(),
    }


def _sheet(workbook: Any, title: str, header: list[str], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    sheet.freeze_panes = "A2"


def programme_xlsx(programme: Programme) -> bytes:
    from openpyxl import Workbook

    context = report_context(programme)
    summary = context["summary"]
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    note = (
        _("Contribution formula and applications are illustrative.")
        if (programme.formula_is_illustrative or summary.illustrative_applications)
        else ""
    )
    _sheet(
        workbook,
        _("Summary"),
        [_("Item"), _("Value")],
        [
            [_("Programme"), programme.title],
            [_("State"), str(programme.get_state_display())],
            [_("Resolution number"), programme.resolution_number],
            [_("Participating municipalities"), summary.municipalities],
            [_("Pot (CZK)"), summary.pot],
            [_("Applications"), summary.applications],
            [_("Providers"), summary.providers],
            [_("Requested (CZK)"), summary.requested],
            [_("Approved (CZK)"), summary.approved],
            [_("Used (CZK)"), summary.used],
            [_("Returned (CZK)"), summary.returned],
            [_("Note"), note],
        ],
    )
    _sheet(
        workbook,
        _("Municipalities"),
        [
            _("Municipality"),
            _("Code"),
            _("Inhabitants"),
            _("Contribution (CZK)"),
            _("Service"),
            _("Provider"),
            _("Resident users"),
            _("Money for residents (CZK)"),
        ],
        [
            [
                m.name,
                m.code,
                m.inhabitants,
                m.contribution,
                s.service,
                s.provider,
                s.users,
                s.amount,
            ]
            for m in context["municipalities"]
            for s in (m.services or [None])  # type: ignore[list-item]
            if s is not None
        ]
        + [
            [m.name, m.code, m.inhabitants, m.contribution, "", "", 0, 0]
            for m in context["municipalities"]
            if not m.services
        ],
    )
    _sheet(
        workbook,
        _("Providers"),
        [_("Provider"), _("IČO"), _("Total (CZK)"), _("From municipality"), _("Amount (CZK)")],
        [
            [p.name, p.ico, p.total, name, amount]
            for p in context["providers"]
            for name, amount in p.from_municipalities
        ],
    )
    _sheet(
        workbook,
        _("Applications"),
        [
            _("No."),
            _("Provider"),
            _("Service"),
            _("Requested (CZK)"),
            _("Compensation limit (CZK)"),
            _("Proposed (CZK)"),
            _("Adjusted (CZK)"),
            _("Reason for the adjustment"),
            _("Approved (CZK)"),
            _("Used (CZK)"),
            _("Returned (CZK)"),
            _("Illustrative"),
        ],
        [
            [
                a.number,
                a.provider.name,
                a.service.name,
                a.requested_amount,
                a.compensation_limit,
                a.proposed_amount,
                a.adjusted_amount,
                a.adjustment_reason,
                a.approved_amount,
                a.amount_used,
                a.amount_returned,
                _("yes") if a.is_illustrative else _("no"),
            ]
            for a in context["applications"]
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def programme_pdf(programme: Programme) -> bytes:
    from weasyprint import HTML, URLFetcher

    html = render_to_string("financing/documents/summary.html", report_context(programme))
    return bytes(HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf())
