"""The yearly evaluation report as PDF (WeasyPrint, like kpss/planning/documents_pdf.py) and
DOCX (python-docx): the report data (report.py) with the commentary of each section and the
indicator trend charts. The documents are in Czech, like the plan's."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from kpss.core.formats import format_money, format_number
from kpss.monitoring.charts import indicator_spec, trend_data_uri
from kpss.monitoring.models import Evaluation
from kpss.monitoring.report import SECTION_KEYS, evaluation_report, section_titles
from kpss.planning.documents_docx import markdown_to_docx
from kpss.planning.documents_pdf import css_string
from kpss.planning.markdown import markdown_to_safe_html

NOTICE_DRAFT = "Koncept – hodnocení dosud nebylo zveřejněno."
NOTICE_EXAMPLE = "Ilustrativní obsah: priority a opatření jsou příkladem, ne skutečným plánem."


def _years(data: dict[str, Any]) -> list[int]:
    start, end = data["plan"]["period"]
    return list(range(start - 1, end + 1))


def _title(evaluation: Evaluation) -> str:
    return f"Hodnocení plnění plánu za rok {evaluation.year}"


def _safe(text: str) -> str:
    return mark_safe(markdown_to_safe_html(text))  # sanitised by nh3 (allow-list)


def report_context(evaluation: Evaluation) -> dict[str, Any]:
    data = evaluation_report(evaluation)
    years = _years(data)
    titles = section_titles()
    commentary = {key: _safe(evaluation.commentary.get(key, "")) for key in SECTION_KEYS}
    charts = []
    for indicator in data["indicators"]:
        if indicator["values"]:
            charts.append(trend_data_uri(indicator_spec(indicator, years)))
        else:
            charts.append("")
    return {
        "evaluation": evaluation,
        "data": data,
        "titles": titles,
        "commentary": commentary,
        "summary": _safe(evaluation.summary),
        "indicators": list(zip(data["indicators"], charts, strict=True)),
        "title": _title(evaluation),
        "notice_draft": "" if evaluation.is_published else NOTICE_DRAFT,
        "notice_example": NOTICE_EXAMPLE if data["plan"].get("is_example") else "",
        "doc": {"generated": data["generated_at"][:10]},
        "header_left": css_string(f"{_title(evaluation)} – {data['plan']['title']}"),
    }


def evaluation_pdf(evaluation: Evaluation) -> bytes:
    from weasyprint import HTML, URLFetcher

    html = render_to_string("monitoring/documents/evaluation.html", report_context(evaluation))
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return bytes(document.write_pdf())


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = str(text)


def _commentary(document: Any, text: str) -> None:
    if text.strip():
        markdown_to_docx(document, text, base_level=2)


def _value(text: str | None) -> str:
    return "–" if text in (None, "") else format_number(float(text), 2).rstrip("0").rstrip(",")


def evaluation_docx(evaluation: Evaluation) -> bytes:
    from docx import Document

    data = evaluation_report(evaluation)
    titles = section_titles()
    comments = evaluation.commentary
    document = Document()
    document.core_properties.title = _title(evaluation)
    document.add_heading(_title(evaluation), level=0)
    document.add_paragraph(f"{data['plan']['title']} · {data['area']}")
    if not evaluation.is_published:
        document.add_paragraph().add_run(NOTICE_DRAFT).bold = True
    if data["plan"].get("is_example"):
        document.add_paragraph().add_run(NOTICE_EXAMPLE).bold = True
    if evaluation.summary:
        document.add_heading(titles["summary"], level=1)
        _commentary(document, evaluation.summary)

    overview = data["overview"]
    document.add_heading(titles["overview"], level=1)
    _table(
        document,
        ["Ukazatel", "Hodnota"],
        [
            ["Naplánovaná opatření a aktivity", str(overview["total"])],
            ["Splněno", str(overview["done"])],
            ["Průměrné plnění", f"{overview['mean_percent']} %"],
            ["Rozpočet na rok", format_money(overview["budget"])],
            ["Vyčerpáno", format_money(overview["spent"])],
        ]
        + [[row["label"], str(row["count"])] for row in overview["by_status"]],
    )
    _commentary(document, comments.get("overview", ""))

    document.add_heading(titles["measures"], level=1)
    for priority in data["priorities"]:
        document.add_heading(f"Priorita {priority['code']}: {priority['title']}", level=2)
        rows = []
        for m in priority["measures"]:
            rows.append(
                [
                    m["code"],
                    m["title"],
                    m["responsible"],
                    m["status_label"],
                    f"{m['percent']} %",
                    format_money(m["budget"]),
                    format_money(m["spent"]),
                ]
            )
            rows += [
                [
                    "",
                    f"– {a['title']}",
                    a["responsible"],
                    a["status_label"],
                    f"{a['percent']} %",
                    "",
                    "",
                ]
                for a in m["activities"]
            ]
        _table(
            document,
            ["Kód", "Opatření / aktivita", "Odpovídá", "Stav", "Plnění", "Rozpočet", "Vyčerpáno"],
            rows,
        )
        for m in priority["measures"]:
            parts = []
            if m.get("intentions"):
                parts.append("rozvojové záměry: " + "; ".join(m["intentions"]))
            if m.get("grants"):
                parts.append(
                    "dotace: " + "; ".join(m["grants"]) + f" ({format_money(m['grants_approved'])})"
                )
            if m.get("meetings"):
                parts.append("projednáno: " + "; ".join(m["meetings"]))
            if parts:
                document.add_paragraph(f"{m['code']}: " + ". ".join(parts) + ".")
    _commentary(document, comments.get("measures", ""))

    document.add_heading(titles["indicators"], level=1)
    years = _years(data)
    if data["indicators"]:
        _table(
            document,
            ["Opatření", "Ukazatel", "Jednotka", "Výchozí", "Cíl", *[str(y) for y in years]],
            [
                [
                    i["measure"],
                    i["name"],
                    i["unit"],
                    _value(i["baseline"]),
                    _value(i["target"]),
                    *[_value(i["values"].get(str(y))) for y in years],
                ]
                for i in data["indicators"]
            ],
        )
    else:
        document.add_paragraph("Plán nemá žádné ukazatele.")
    _commentary(document, comments.get("indicators", ""))

    document.add_heading(titles["deviations"], level=1)
    if data["deviations"]:
        _table(
            document,
            ["Kód", "Opatření / aktivita", "Stav", "Plnění", "Důvod"],
            [
                [d["code"], d["title"], d["status_label"], f"{d['percent']} %", d["reason"]]
                for d in data["deviations"]
            ],
        )
    else:
        document.add_paragraph("Bez odchylek od plánu.")
    _commentary(document, comments.get("deviations", ""))

    document.add_heading(titles["network"], level=1)
    if data["network"]:
        _table(
            document,
            ["Opatření", "Druh služby", "Forma", "Změna kapacity", "Změna úvazků/lůžek", "Stav"],
            [
                [
                    n["measure"],
                    n["service_type"],
                    n["form"],
                    f"{n['delta_capacity']:+d}",
                    _value(n["delta_units"]),
                    n["status_label"],
                ]
                for n in data["network"]
            ],
        )
    else:
        document.add_paragraph("Na tento rok plán nepředpokládá žádné změny sítě.")
    _commentary(document, comments.get("network", ""))

    if comments.get("conclusion", "").strip():
        document.add_heading(titles["conclusion"], level=1)
        _commentary(document, comments["conclusion"])
    document.add_paragraph(f"Vygenerováno systémem KPSS {data['generated_at'][:10]}.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def evaluation_filename(evaluation: Evaluation, extension: str) -> str:
    area = slugify(evaluation.plan.planning_area.slug)
    return f"hodnoceni-{area}-{evaluation.year}-v{evaluation.number}.{extension}"
