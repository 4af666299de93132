"""The plan version as a Word document (python-docx): the same content as the PDF, with the
section Markdown turned into Word headings, paragraphs and lists, and the cost chart given as
a table."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from kpss.planning.documents import MeasureDoc, PlanDoc

_INLINE = re.compile(r"(\*\*[^*]+\*\*|__[^_]+__|\*[^*]+\*|_[^_\s][^_]*_|`[^`]+`)")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def _runs(paragraph: Any, text: str) -> None:
    """Inline Markdown as runs: **bold**, *italic*, `code`; links as "text (address)"."""
    text = _LINK.sub(r"\1 (\2)", text)
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith(("**", "__")) and len(part) > 4:
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith(("*", "_")) and len(part) > 2:
            paragraph.add_run(part[1:-1]).italic = True
        elif part.startswith("`") and len(part) > 2:
            paragraph.add_run(part[1:-1])
        else:
            paragraph.add_run(part)


def markdown_to_docx(document: Any, text: str, *, base_level: int = 2) -> None:
    """Section Markdown as Word content: headings (one level below the section), bullet and
    numbered lists, block quotes and paragraphs; a Markdown table becomes a Word table."""
    lines: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if lines:
            _runs(document.add_paragraph(), " ".join(lines))
            lines.clear()

    def flush_table() -> None:
        if table:
            rows = [r for r in table if not all(re.fullmatch(r":?-+:?", c) for c in r if c)]
            if rows:
                _table(document, rows[0], rows[1:])
            table.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|") and line.endswith("|"):
            flush()
            table.append([c.strip() for c in line.strip("|").split("|")])
            continue
        flush_table()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            hashes = len(line) - len(line.lstrip("#"))
            level = min(base_level + max(hashes - 1, 1), 6)
            document.add_heading(line.lstrip("#").strip(), level=level)
        elif re.match(r"^[-*+]\s", line):
            flush()
            _runs(document.add_paragraph(style="List Bullet"), line[2:].strip())
        elif re.match(r"^\d+[.)]\s", line):
            flush()
            _runs(document.add_paragraph(style="List Number"), line.split(None, 1)[1])
        elif line.startswith(">"):
            flush()
            _runs(document.add_paragraph(style="Quote"), line.lstrip("> ").strip())
        else:
            lines.append(line)
    flush_table()
    flush()


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=False):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = str(text)
    return table


def _facts(document: Any, facts: Sequence[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value


def measure_docx(document: Any, measure: MeasureDoc) -> None:
    document.add_heading(f"Opatření {measure.code}: {measure.title}", level=3)
    if measure.description:
        document.add_paragraph(measure.description)
    if measure.reason:
        paragraph = document.add_paragraph()
        paragraph.add_run("Zdůvodnění: ").bold = True
        paragraph.add_run(measure.reason)
    _facts(document, [("Kód", measure.code), *measure.facts])
    if measure.activities:
        document.add_paragraph().add_run("Aktivity:").bold = True
        for activity in measure.activities:
            document.add_paragraph(activity, style="List Bullet")
    document.add_heading("Odhadované náklady", level=4)
    costs = measure.costs
    if costs.rows:
        rows = [[source, *amounts, total] for source, amounts, total in costs.rows]
        rows.append(["Celkem", *costs.totals, costs.total])
        _table(document, costs.header, rows)
    else:
        document.add_paragraph("Náklady nejsou uvedeny.")
    document.add_heading("Indikátory", level=4)
    if measure.indicators:
        _table(
            document,
            ["Indikátor", "Jednotka", "Výchozí → cílová hodnota", "Zdroj dat"],
            measure.indicators,
        )
    else:
        document.add_paragraph("Indikátory nejsou uvedeny.")
    if measure.network_changes:
        document.add_paragraph().add_run("Změny sítě služeb:").bold = True
        for change in measure.network_changes:
            document.add_paragraph(change, style="List Bullet")


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(code)
    run._r.append(end)


def _a4_with_page_numbers(document: Any, *, header: str) -> None:
    """A4 pages with the running header and "Strana x z y" in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    section.header.paragraphs[0].text = header
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Strana ")
    _field(footer, "PAGE")
    footer.add_run(" z ")
    _field(footer, "NUMPAGES")


def plan_docx(doc: PlanDoc) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK

    document = Document()
    document.core_properties.title = doc.title
    document.core_properties.subject = f"Verze {doc.version_number}"
    document.core_properties.language = "cs-CZ"
    _a4_with_page_numbers(document, header=doc.short_title)

    # Title page
    document.add_paragraph(doc.area)
    document.add_heading(doc.title, level=0)
    _facts(
        document,
        [
            ("Období", doc.period),
            ("Území", doc.area),
            ("Verze", str(doc.version_number)),
            ("Stav", doc.state),
        ],
    )
    if doc.is_example:
        document.add_paragraph().add_run(doc.notice).bold = True
    if doc.description:
        document.add_paragraph(doc.description)
    document.add_paragraph(f"Vygenerováno systémem KPSS {doc.generated}.")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Contents
    document.add_heading("Obsah", level=1)
    for _anchor, title in doc.contents:
        document.add_paragraph(title)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for part in doc.sections:
        document.add_heading(part.title, level=1)
        markdown_to_docx(document, part.body, base_level=1)
        if part.analysis_rows:
            document.add_paragraph(part.analysis_caption)
            _table(document, part.analysis_header, part.analysis_rows)

    document.add_heading("Priority a opatření", level=1)
    for priority in doc.priorities:
        document.add_heading(f"Priorita {priority.code}: {priority.title}", level=2)
        if priority.description:
            document.add_paragraph(priority.description)
        for measure in priority.measures:
            measure_docx(document, measure)
    if not doc.priorities:
        document.add_paragraph("Plán zatím nemá žádné priority.")

    document.add_heading("Náklady podle priorit", level=1)
    _table(document, doc.priority_costs_header, doc.priority_costs)

    document.add_heading("Síť sociálních služeb", level=1)
    if doc.network:
        _table(document, doc.network_header, doc.network)
    else:
        document.add_paragraph("Plán zatím nezařadil do sítě žádné služby.")

    document.add_heading("Projednání a schválení", level=1)
    _facts(document, doc.approvals)
    if doc.council_opinions:
        document.add_heading("Stanoviska rad obcí", level=2)
        _table(
            document,
            ["Obec", "Datum", "Stanovisko", "Usnesení", "Poznámka"],
            doc.council_opinions,
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


__all__ = ["markdown_to_docx", "measure_docx", "plan_docx"]
