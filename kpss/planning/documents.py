"""Documents of a plan generated from its data: the whole plan version as PDF (WeasyPrint,
with a vector chart) and DOCX (python-docx), the settlement table of a consultation as XLSX
and PDF, and a one-page summary of a measure as PDF.

The documents are always Czech (they are the official text of the plan): the labels are
written in Czech here, choice labels are read under `translation.override("cs")`, numbers
and dates use the Czech formats and every text passes through Czech typography
(non-breaking spaces, see `typography`).

A frozen version is printed from its stored snapshot, a draft from its tables as they are
now (`plan_version_content`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from kpss.core.errors import NotFound
from kpss.core.formats import format_date, format_money, format_number
from kpss.needs.exports import table_to_xlsx
from kpss.planning.markdown import markdown_to_safe_html
from kpss.planning.models import (
    Comment,
    Consultation,
    CouncilOpinion,
    FundingSource,
    PlanVersion,
)
from kpss.planning.selectors import council_progress, settlement_table
from kpss.planning.snapshot import plan_version_content
from kpss.planning.typography import czech, czech_html
from kpss.registry.models import Form, ServiceType

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXAMPLE_NOTICE = (
    "Ilustrativní obsah: priority, opatření, připomínky a stanoviska v tomto dokumentu jsou "
    "jen příkladem, nejde o skutečný text plánu."
)
DASH = "—"

SETTLEMENT_HEADER = [
    "Č.",
    "Část / opatření",
    "Připomínkující",
    "Organizace",
    "Navrhovaná změna",
    "Odůvodnění",
    "Výsledek vypořádání",
    "Důvod",
    "Výsledná změna",
]


# Data of the documents -------------------------------------------------------------------


@dataclass
class CostTable:
    """Costs of one measure (or of the whole plan) by source and year, formatted."""

    years: list[int]
    rows: list[tuple[str, list[str], str]]  # source, amount per year, total
    totals: list[str]
    total: str

    @property
    def header(self) -> list[str]:
        return ["Zdroj financování", *(str(y) for y in self.years), "Celkem"]


@dataclass
class MeasureDoc:
    id: int
    code: str
    title: str
    priority: str
    description: str
    reason: str
    facts: list[tuple[str, str]]
    activities: list[str]
    costs: CostTable
    indicators: list[list[str]]
    network_changes: list[str]


@dataclass
class PriorityDoc:
    code: str
    title: str
    description: str
    measures: list[MeasureDoc]


@dataclass
class SectionDoc:
    title: str
    body: str  # Markdown, typographed (for DOCX)
    html: SafeString  # sanitised HTML, typographed (for PDF)
    # The embedded gap analysis as a table: caption, header and formatted rows.
    analysis_caption: str = ""
    analysis_header: list[str] = field(default_factory=list)
    analysis_rows: list[list[str]] = field(default_factory=list)


ANALYSIS_HEADER = [
    "Druh služby",
    "Forma",
    "Obyvatelé",
    "Kapacita",
    "Potřeba podle normativu",
    "Chybí",
]


def _analysis_doc(analysis: dict[str, Any] | None) -> dict[str, Any]:
    """The embedded gap analysis of a section, formatted for the printed plan."""
    if not analysis:
        return {}
    saved_on = format_date(dt.date.fromisoformat(analysis["saved_on"]))
    caption = (
        f"Kapacitní mezery území podle druhu a formy služby – {analysis['label']} ze dne {saved_on}"
    )
    rows = [
        [
            r["service_type_name"] + (" *" if r["assumption"] else ""),
            r["form_name"] or "",
            format_number(r["population"], 0, lang="cs"),
            format_number(r["capacity"], 0, lang="cs"),
            format_number(r["need"], 1, lang="cs"),
            format_number(r["gap"], 1, lang="cs"),
        ]
        for r in analysis["rows"]
    ]
    return {
        "analysis_caption": _t(caption),
        "analysis_header": ANALYSIS_HEADER,
        "analysis_rows": rows,
    }


@dataclass
class PlanDoc:
    title: str
    description: str
    area: str
    period: str
    version_number: int
    state: str
    is_example: bool
    sections: list[SectionDoc]
    priorities: list[PriorityDoc]
    network_header: list[str]
    network: list[list[str]]
    priority_costs_header: list[str]
    priority_costs: list[list[str]]
    cost_data: list[dict[str, Any]]  # {"priority", "year", "amount"} for the chart
    approvals: list[tuple[str, str]]
    council_opinions: list[list[str]]
    generated: str
    notice: str = EXAMPLE_NOTICE
    short_title: str = ""
    contents: list[tuple[str, str]] = field(default_factory=list)  # anchor, title

    @property
    def measures(self) -> list[MeasureDoc]:
        return [m for p in self.priorities for m in p.measures]


def _t(value: Any) -> str:
    """Any value as Czech-typeset text; empty as a dash."""
    if value is None or value == "" or value == []:
        return DASH
    return czech(str(value))


def _decimal(value: str | None) -> str:
    if value is None:
        return DASH
    number = Decimal(value)
    exponent = number.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(number, decimals)


def _years(plan: dict[str, Any], measure: dict[str, Any] | None = None) -> list[int]:
    first = (measure or {}).get("year_from") or plan["period_from_year"]
    last = (measure or {}).get("year_to") or plan["period_to_year"]
    return list(range(first, last + 1))


def _source_label(source: str) -> str:
    try:
        return str(FundingSource(source).label)
    except ValueError:
        return source


def _cost_table(costs: list[dict[str, Any]], years: list[int]) -> CostTable:
    years = sorted(set(years) | {c["year"] for c in costs})
    by_source: dict[str, dict[int, int]] = {}
    for cost in costs:
        per_year = by_source.setdefault(cost["source"], {})
        per_year[cost["year"]] = per_year.get(cost["year"], 0) + cost["amount_czk"]
    order = list(FundingSource.values)
    rows = []
    for source in sorted(by_source, key=lambda s: order.index(s) if s in order else 99):
        amounts = by_source[source]
        rows.append(
            (
                czech(_source_label(source)),
                [format_money(amounts[y]) if y in amounts else DASH for y in years],
                format_money(sum(amounts.values())),
            )
        )
    totals = [format_money(sum(a.get(y, 0) for a in by_source.values())) for y in years]
    total = format_money(sum(sum(a.values()) for a in by_source.values()))
    return CostTable(years=years, rows=rows, totals=totals, total=total)


def _names(items: list[Any], key: str = "name") -> str:
    return _t(", ".join(i[key] if isinstance(i, dict) else str(i) for i in items))


def _body_label(body: dict[str, Any] | None) -> str:
    if not body:
        return ""
    if body["name"] == body["code"]:
        return str(body["name"])
    return f"{body['name']} ({body['code']})"


def _timeframe(measure: dict[str, Any]) -> str:
    first, last = measure.get("year_from"), measure.get("year_to")
    if first and last:
        return f"{first}–{last}" if first != last else str(first)
    return str(first or last or DASH)


def _measure_doc(
    measure: dict[str, Any],
    priority: dict[str, Any],
    plan: dict[str, Any],
    type_names: dict[str, str],
    form_names: dict[str, str],
) -> MeasureDoc:
    wg = measure.get("working_group")
    facts = [
        ("Priorita", _t(f"{priority['code']} {priority['title']}")),
        ("Pracovní skupina", _t(_body_label(wg))),
        ("Cílové skupiny", _t(", ".join(measure.get("target_groups", [])))),
        ("Druhy služeb", _names(measure.get("service_types", []))),
        ("Formy", _names(measure.get("forms", []))),
        ("Obce", _names(measure.get("municipalities", [])) if measure.get("municipalities")
         else "celé území"),
        ("Odpovídá", _t(measure.get("responsible_organisation"))),
        ("Partneři", _t(measure.get("partners"))),
        ("Období", _timeframe(measure)),
        ("Řešené potřeby", _t(", ".join(f"{n['number']} {n['title']}"
                                        for n in measure.get("needs", [])))),
    ]  # fmt: skip
    indicators = [
        [
            _t(i["name"]),
            _t(i["unit"]),
            f"{_decimal(i.get('baseline'))} → {_decimal(i.get('target'))}",
            _t(i.get("source")),
        ]
        for i in measure.get("indicators", [])
    ]
    changes = []
    for change in measure.get("network_changes", []):
        parts = [type_names.get(change["service_type"], change["service_type"])]
        if change.get("form"):
            parts.append(form_names.get(change["form"], change["form"]))
        delta = []
        if change.get("delta_capacity"):
            delta.append(f"kapacita {change['delta_capacity']:+d}")
        if change.get("delta_units") and Decimal(change["delta_units"]) != 0:
            units = _decimal(change["delta_units"])
            delta.append(f"úvazky {'+' if not units.startswith('-') else ''}{units}")
        changes.append(_t(f"{change['year']}: {', '.join(parts)} – {', '.join(delta) or '0'}"))
    return MeasureDoc(
        id=measure["id"],
        code=measure["code"],
        title=_t(measure["title"]),
        priority=_t(f"{priority['code']} {priority['title']}"),
        description=czech(measure.get("description") or ""),
        reason=czech(measure.get("reason") or ""),
        facts=facts,
        activities=[_t(a["title"]) for a in measure.get("activities", [])],
        costs=_cost_table(measure.get("costs", []), _years(plan, measure)),
        indicators=indicators,
        network_changes=changes,
    )


def _section_html(body: str) -> SafeString:
    """Markdown → sanitised HTML, headings one level below the section's own heading."""
    html = markdown_to_safe_html(body)
    html = re.sub(r"<(/?)h([2-5])>", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}>", html)
    return mark_safe(czech_html(html))  # sanitised by nh3 in markdown_to_safe_html


def _network_rows(
    network: list[dict[str, Any]], type_names: dict[str, str], form_names: dict[str, str]
) -> list[list[str]]:
    rows = []
    for entry in network:
        service = entry["service"]
        changes = ", ".join(
            f"{c.get('year')}: "
            + " ".join(
                part
                for part in (
                    f"kapacita {int(c['delta_capacity']):+d}" if c.get("delta_capacity") else "",
                    f"úvazky {_decimal(str(c['delta_units']))}" if c.get("delta_units") else "",
                )
                if part
            )
            for c in entry.get("planned_changes", [])
        )
        rows.append(
            [
                _t(f"{service['name']} ({service['identifier']})"),
                _t(service.get("provider")),
                _t(type_names.get(service.get("service_type", ""), service.get("service_type"))),
                _t(form_names.get(entry.get("form") or "", entry.get("form"))),
                _decimal(entry.get("capacity")),
                _decimal(entry.get("network_units")),
                _t(changes),
                _t(entry.get("note")),
            ]
        )
    return rows


def _approvals(version: PlanVersion) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """The approval record of a version: the consultation windows up to this version, their
    settlement, the councils' opinions (x of y) and the assembly's approval."""
    plan = version.plan
    items: list[tuple[str, str]] = []
    consultations = Consultation.objects.filter(
        plan_version__plan=plan, plan_version__number__lte=version.number
    ).select_related("plan_version")
    for consultation in consultations.order_by("starts_on"):
        number = consultation.plan_version.number
        window = f"{format_date(consultation.starts_on)} – {format_date(consultation.ends_on)}"
        if consultation.hearing_on:
            hearing = f"veřejné projednání {format_date(consultation.hearing_on)}"
            if consultation.hearing_time:
                hearing += f" v {consultation.hearing_time:%H:%M}"
            if consultation.hearing_place:
                hearing += f", {consultation.hearing_place}"
            window += f"; {hearing}"
        items.append((f"Veřejné připomínkování verze {number}", _t(window)))
        comments = Comment.objects.filter(consultation=consultation, hidden=False)
        settled = [c for c in comments if c.outcome]
        outcomes = ", ".join(
            f"{label} {sum(1 for c in settled if c.outcome == value)}"
            for value, label in Comment.Outcome.choices
            if any(c.outcome == value for c in settled)
        )
        text = f"připomínek {comments.count()}, vypořádáno {len(settled)}"
        if outcomes:
            text += f" ({outcomes})"
        if consultation.settlement_published_at:
            text += f"; zveřejněno {format_date(consultation.settlement_published_at)}"
        else:
            text += "; vypořádání dosud nebylo zveřejněno"
        items.append((f"Vypořádání připomínek k verzi {number}", _t(text)))

    progress = council_progress(version=version)
    opinions = CouncilOpinion.objects.filter(plan_version=version).select_related("municipality")
    if progress.recorded or version.state in (
        PlanVersion.State.SUBMITTED_TO_COUNCILS,
        PlanVersion.State.IN_FORCE,
    ):
        by_result = ", ".join(
            f"{label} {progress.by_result[value]}"
            for value, label in CouncilOpinion.Result.choices
            if progress.by_result.get(value)
        )
        text = f"{progress.recorded}/{progress.total} obcí"
        if by_result:
            text += f" ({by_result})"
        items.append(("Stanoviska rad obcí", _t(text)))
    council_rows = [
        [
            _t(o.municipality.name),
            format_date(o.decided_on),
            _t(o.get_result_display()),
            _t(o.resolution_number),
            _t(o.note),
        ]
        for o in opinions.order_by("decided_on", "municipality__name")
    ]

    approval = getattr(version, "approval", None)
    if approval is not None:
        resolution = (
            f"usnesení č. {approval.resolution_number}"
            if approval.resolution_number
            else "číslo usnesení neuvedeno"
        )
        text = f"{approval.body_name}, {resolution}, {format_date(approval.decided_on)}"
        if approval.note:
            text += f" ({approval.note})"
        items.append(("Schválení", _t(text)))
    else:
        items.append(("Schválení", "verze dosud nebyla schválena"))
    return items, council_rows


def _code_names() -> tuple[dict[str, str], dict[str, str]]:
    types = dict(ServiceType.objects.values_list("key", "name"))
    forms = dict(Form.objects.values_list("code", "name"))
    return types, forms


def _generated() -> str:
    now = timezone.localtime()
    return f"{format_date(now)} {now:%H:%M}"


def plan_document(*, version: PlanVersion) -> PlanDoc:
    """Everything the PDF and DOCX of a version show, as Czech typeset text."""
    content = plan_version_content(version=version)
    plan = content["plan"]
    type_names, form_names = _code_names()
    priorities = []
    cost_data: list[dict[str, Any]] = []
    years = _years(plan)
    priority_costs = []
    for priority in content.get("priorities", []):
        measures = [
            _measure_doc(m, priority, plan, type_names, form_names) for m in priority["measures"]
        ]
        priorities.append(
            PriorityDoc(
                code=priority["code"],
                title=_t(priority["title"]),
                description=czech(priority.get("description") or ""),
                measures=measures,
            )
        )
        per_year: dict[int, int] = {}
        for measure in priority["measures"]:
            for cost in measure.get("costs", []):
                per_year[cost["year"]] = per_year.get(cost["year"], 0) + cost["amount_czk"]
        years = sorted(set(years) | set(per_year))
        for year, amount in sorted(per_year.items()):
            cost_data.append(
                {"priority": f"Priorita {priority['code']}", "year": str(year), "amount": amount}
            )
        priority_costs.append((priority, per_year))
    cost_rows = [
        [
            _t(f"{p['code']} {p['title']}"),
            *(format_money(per_year[y]) if y in per_year else DASH for y in years),
            format_money(sum(per_year.values())),
        ]
        for p, per_year in priority_costs
    ]
    cost_rows.append(
        [
            "Celkem",
            *(format_money(sum(py.get(y, 0) for _p, py in priority_costs)) for y in years),
            format_money(sum(sum(py.values()) for _p, py in priority_costs)),
        ]
    )
    approvals, council_rows = _approvals(version)
    sections = [
        SectionDoc(
            title=_t(capfirst(s["title"])),
            body=czech(s["body"] or ""),
            html=_section_html(s["body"]),
            **_analysis_doc(s.get("analysis")),
        )
        for s in content.get("sections", [])
    ]
    period = f"{plan['period_from_year']}–{plan['period_to_year']}"
    contents = [(f"section-{i}", s.title) for i, s in enumerate(sections, start=1)]
    contents += [
        ("priorities", "Priority a opatření"),
        ("costs", "Náklady podle priorit"),
        ("network", "Síť sociálních služeb"),
        ("approvals", "Projednání a schválení"),
    ]
    return PlanDoc(
        title=_t(plan["title"]),
        description=czech(plan.get("description") or ""),
        area=_t(version.plan.planning_area.name),
        period=period,
        version_number=version.number,
        state=_t(PlanVersion.State(version.state).label),
        is_example=bool(plan.get("is_example")),
        sections=sections,
        priorities=priorities,
        network_header=[
            "Služba (identifikátor)",
            "Poskytovatel",
            "Druh",
            "Forma",
            "Kapacita",
            "Úvazky",
            "Plánované změny",
            "Poznámka",
        ],
        network=_network_rows(content.get("network", []), type_names, form_names),
        priority_costs_header=["Priorita", *(str(y) for y in years), "Celkem"],
        priority_costs=cost_rows,
        cost_data=cost_data,
        approvals=approvals,
        council_opinions=council_rows,
        generated=_generated(),
        short_title=_t(
            f"SPRSS {period} · {version.plan.planning_area.name} · verze {version.number}"
        ),
        contents=contents,
    )


# Settlement --------------------------------------------------------------------------------


@dataclass
class SettlementDoc:
    title: str
    plan_title: str
    version_number: int
    window: str
    is_example: bool
    published: str
    hidden_count: int
    header: list[str]
    rows: list[list[str]]
    generated: str
    notice: str = EXAMPLE_NOTICE


def settlement_document(*, consultation: Consultation) -> SettlementDoc:
    """The settlement table of a consultation. A private person is shown only by the kind of
    commenter, never by name or e-mail (`settlement_table` does not carry them)."""
    settlement = settlement_table(consultation=consultation)
    version = consultation.plan_version
    kinds = dict(Comment.CommenterKind.choices)
    rows = []
    for row in settlement.rows:
        kind = str(kinds.get(row.commenter_kind, row.commenter_kind))
        organisation = "" if row.commenter == kind else row.commenter
        rows.append(
            [
                str(row.number),
                _t(row.target),
                _t(kind),
                _t(organisation),
                _t(row.proposed_change),
                _t(row.justification),
                _t(row.outcome_label) if row.outcome else "nevypořádáno",
                _t(row.outcome_reason),
                _t(row.resulting_change),
            ]
        )
    published = (
        format_date(consultation.settlement_published_at)
        if consultation.settlement_published_at
        else ""
    )
    return SettlementDoc(
        title=f"Vypořádání připomínek k verzi {version.number}",
        plan_title=_t(version.plan.title),
        version_number=version.number,
        window=_t(f"{format_date(consultation.starts_on)} – {format_date(consultation.ends_on)}"),
        is_example=version.plan.is_example,
        published=published,
        hidden_count=settlement.hidden_count,
        header=SETTLEMENT_HEADER,
        rows=rows,
        generated=_generated(),
    )


# Public API ----------------------------------------------------------------------------------


def plan_version_pdf(*, version: PlanVersion) -> bytes:
    """The whole plan version as a PDF: title page, contents, sections, priorities and
    measures with their tables, a chart of costs, the network and the approvals."""
    from kpss.planning.documents_pdf import plan_pdf

    with translation.override("cs"):
        return plan_pdf(plan_document(version=version))


def plan_version_docx(*, version: PlanVersion) -> bytes:
    """The whole plan version as a Word document (the chart as a table)."""
    from kpss.planning.documents_docx import plan_docx

    with translation.override("cs"):
        return plan_docx(plan_document(version=version))


def measure_summary_pdf(*, version: PlanVersion, measure_id: int) -> bytes:
    """One A4 page about one measure of the version (`measure_id` as in the version's
    content, i.e. the measure's id in that version)."""
    from kpss.planning.documents_pdf import measure_pdf

    with translation.override("cs"):
        document = plan_document(version=version)
        measure = next((m for m in document.measures if m.id == measure_id), None)
        if measure is None:
            raise NotFound(_("Not found"), measure_id=measure_id)
        return measure_pdf(document, measure)


def settlement_xlsx(*, consultation: Consultation) -> bytes:
    with translation.override("cs"):
        document = settlement_document(consultation=consultation)
        data = table_to_xlsx(
            title=f"Vypořádání v{document.version_number}",
            header=document.header,
            rows=[[int(r[0]), *(c.replace(DASH, "") for c in r[1:])] for r in document.rows],
        )
    return _xlsx_titled(data, title=f"{document.title} – {document.plan_title}")


def _xlsx_titled(data: bytes, *, title: str) -> bytes:
    """The workbook with its document title (shown by spreadsheet programs) set."""
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    workbook.properties.title = title
    workbook.properties.language = "cs-CZ"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def settlement_pdf(*, consultation: Consultation) -> bytes:
    from kpss.planning.documents_pdf import settlement_pdf_render

    with translation.override("cs"):
        return settlement_pdf_render(settlement_document(consultation=consultation))


def plan_version_filename(version: PlanVersion, extension: str) -> str:
    """For example `sprss-2022-2024-valmez-v2.pdf`."""
    plan = version.plan
    period = f"{plan.period_from_year}-{plan.period_to_year}"
    return f"sprss-{period}-{slugify(plan.planning_area.slug)}-v{version.number}.{extension}"


def settlement_filename(consultation: Consultation, extension: str) -> str:
    version = consultation.plan_version
    return (
        f"vyporadani-{slugify(version.plan.planning_area.slug)}-"
        f"{version.plan.period_from_year}-{version.plan.period_to_year}-v{version.number}"
        f".{extension}"
    )


def measure_summary_filename(version: PlanVersion, code: str) -> str:
    return f"opatreni-{slugify(code.replace('.', '-'))}-v{version.number}.pdf"


__all__ = [
    "DOCX_TYPE",
    "PDF_TYPE",
    "XLSX_TYPE",
    "measure_summary_filename",
    "measure_summary_pdf",
    "plan_document",
    "plan_version_docx",
    "plan_version_filename",
    "plan_version_pdf",
    "settlement_document",
    "settlement_filename",
    "settlement_pdf",
    "settlement_xlsx",
]
