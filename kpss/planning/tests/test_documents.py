"""Documents of the plan read back: the PDF (pypdf), the DOCX (python-docx) and the
settlement table (openpyxl)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from kpss.core.errors import NotFound
from kpss.governance.models import Body
from kpss.planning.demo import COMMENTS, TITLE
from kpss.planning.documents import (
    measure_summary_pdf,
    plan_version_docx,
    plan_version_pdf,
    settlement_pdf,
    settlement_xlsx,
)
from kpss.planning.models import Plan, PlanVersion
from kpss.planning.typography import NBSP

S = PlanVersion.State


def _plain(text: str) -> str:
    """PDF and DOCX text with non-breaking spaces and line breaks as plain spaces."""
    return " ".join(text.replace(NBSP, " ").split())


def _pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return _plain("\n".join(page.extract_text() for page in reader.pages)), len(reader.pages)


@pytest.fixture
def demo_plan(pilot_area, codelists):
    for code in ("PS-SEN", "PS-OZP", "PS-RDM", "PS-KRI"):
        Body.objects.create(
            planning_area=pilot_area, kind=Body.Kind.WORKING_GROUP, code=code, name=code
        )
    call_command("demo_plan", verbosity=0)
    return Plan.objects.get()


@pytest.fixture
def in_force(demo_plan) -> PlanVersion:
    return demo_plan.versions.get(state=S.IN_FORCE)


def test_plan_pdf_contains_the_plan(in_force):
    data = plan_version_pdf(version=in_force)
    assert data.startswith(b"%PDF")
    text, pages = _pdf_text(data)
    assert pages >= 2
    assert "Střednědobý plán rozvoje sociálních služeb" in text
    assert "Ilustrativní obsah" in text
    assert "Obsah" in text
    assert "1.1" in text
    assert "Rozšíření terénní pečovatelské služby do menších obcí" in text
    assert "Kč" in text
    assert "150 000 Kč" in text
    assert "20. 12. 2021" in text  # the assembly's approval
    assert "31. 8. 2021 – 14. 9. 2021" in text  # the consultation window
    assert "6/18" in text  # council opinions
    assert "Strana 1 z" in text or "Strana 2 z" in text  # page numbers
    assert "Valná hromada" in text


def test_plan_pdf_embeds_the_chart_as_vectors(in_force):
    from kpss.planning.documents import plan_document
    from kpss.planning.documents_pdf import cost_chart_data_uri

    uri = cost_chart_data_uri(plan_document(version=in_force))
    assert uri.startswith("data:image/svg+xml;base64,")
    data = plan_version_pdf(version=in_force)
    text, _pages = _pdf_text(data)
    assert "Odhadované náklady podle priorit a let" in text  # the chart's own title, as text
    reader = PdfReader(io.BytesIO(data))
    # The chart is drawn, not pasted as a bitmap: no image XObjects in the whole PDF.
    for page in reader.pages:
        assert not list(page.images)


def test_draft_version_prints_from_its_tables(demo_plan):
    first = demo_plan.versions.get(number=1)
    text, _pages = _pdf_text(plan_version_pdf(version=first))
    assert "Verze 1" in text or "verze 1" in text
    assert "dosud nebyla schválena" in text


def test_plan_docx_has_headings_and_measure_tables(in_force):
    document = Document(io.BytesIO(plan_version_docx(version=in_force)))
    headings = [
        _plain(p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert any("Střednědobý plán" in h for h in headings)
    assert "Priority a opatření" in headings
    assert any(h.startswith("Opatření 1.1:") for h in headings)
    assert "Obyvatelstvo" in headings  # a Markdown heading of a section
    cells = {_plain(c.text) for t in document.tables for r in t.rows for c in r.cells}
    assert "PS-SEN" in cells  # the working group
    assert "450 000 Kč" in cells  # a measure's regional costs over three years
    assert "0 → 20" in cells  # an indicator, baseline → target
    assert any("20. 12. 2021" in c for c in cells)
    body = _plain("\n".join(p.text for p in document.paragraphs))
    assert "Ilustrativní obsah" in body
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert "verze 2" in section.header.paragraphs[0].text


def test_measure_summary_is_one_page(in_force):
    measure = in_force.measures.get(code="2.2")
    data = measure_summary_pdf(version=in_force, measure_id=measure.pk)
    text, pages = _pdf_text(data)
    assert pages == 1
    assert "Opatření 2.2" in text
    assert "Terénní program pro osoby ohrožené sociálním vyloučením" in text
    with pytest.raises(NotFound):
        measure_summary_pdf(version=in_force, measure_id=0)


def test_settlement_xlsx_has_settled_rows_without_private_data(demo_plan):
    consultation = demo_plan.versions.get(number=1).consultation
    workbook = load_workbook(io.BytesIO(settlement_xlsx(consultation=consultation)))
    sheet = workbook.active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Č.", "Část / opatření", "Připomínkující"]
    assert "v1" in sheet.title
    assert "Vypořádání připomínek k verzi 1" in workbook.properties.title
    first = rows[1]
    assert first[0] == 1
    assert "1.1" in first[1]
    assert _plain(first[2]) == "občan"
    assert "přijat" in _plain(first[6])
    values = " ".join(str(v) for row in rows for v in row if v is not None)
    for _code, author, *_rest in COMMENTS:
        assert author.split(" (")[0] not in values
    assert "@" not in values
    assert "Obec Příkladov (fiktivní)" in values  # an organisation is named


def test_settlement_pdf_is_bound_to_the_version(demo_plan):
    consultation = demo_plan.versions.get(number=1).consultation
    text, _pages = _pdf_text(settlement_pdf(consultation=consultation))
    assert "Vypořádání připomínek k verzi 1" in text
    assert "Rozšířit pečovatelskou službu i na víkendy." in text
    assert "Jana Příkladová" not in text
    assert "example.org" not in text
    assert TITLE[:40] in text


def test_draft_with_a_network_prints_the_network_table(pilot_registry, plan, coordinator):
    from kpss.planning.services import network_entry_set
    from kpss.registry.models import Service

    version = plan.versions.get()
    service = Service.objects.select_related("provider").first()
    network_entry_set(
        actor=coordinator,
        version=version,
        service=service,
        capacity=Decimal("1250"),
        network_units=Decimal("2.5"),
        planned_changes=[{"year": 2023, "delta_capacity": 5, "delta_units": "0.5"}],
        note="v Kelči",
    )
    document = Document(io.BytesIO(plan_version_docx(version=version)))
    cells = [_plain(c.text) for t in document.tables for r in t.rows for c in r.cells]
    assert any(service.name in c for c in cells)
    assert "1 250" in cells
    assert "2,5" in cells
    assert "800 000 Kč" in cells  # the one cost of the fixture's measure
    assert "120 → 150" in cells
    raw = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert f"v{NBSP}Kelči" in raw  # Czech typography
    text, _pages = _pdf_text(plan_version_pdf(version=version))
    assert "Síť sociálních služeb" in text
    assert "dosud nebyla schválena" in text


def test_a_long_measure_is_set_tighter_to_stay_on_one_page(plan):
    from kpss.planning.models import Measure

    version = plan.versions.get()
    measure = version.measures.get()
    sentence = "Pečovatelská služba bude dostupná i o víkendech a ve všech obcích mikroregionu. "
    Measure.objects.filter(pk=measure.pk).update(description=sentence * 28)
    text, pages = _pdf_text(measure_summary_pdf(version=version, measure_id=measure.pk))
    assert pages == 1
    assert "120 → 150" in text
