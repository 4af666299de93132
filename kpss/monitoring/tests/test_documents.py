"""The evaluation report as PDF and DOCX, read back."""

from __future__ import annotations

import io

import pytest

from kpss.monitoring import services
from kpss.monitoring.documents import evaluation_docx, evaluation_pdf
from kpss.planning.models import Indicator

pytestmark = pytest.mark.django_db


def test_pdf_and_docx_carry_the_data_and_the_commentary(action_plan, coordinator, provider_user):
    from docx import Document
    from pypdf import PdfReader

    plan = action_plan.plan
    item = action_plan.items.get(is_activity=False)
    services.progress_update_record(
        actor=provider_user, item=item, status="postponed", percent=30, reason="Chybí lidé."
    )
    indicator = Indicator.objects.get(measure__plan_version__plan=plan)
    services.indicator_value_set(
        actor=coordinator, plan=plan, indicator=indicator, year=2022, value=125
    )
    evaluation = services.evaluation_create(actor=coordinator, plan=plan, year=2022)
    evaluation = services.evaluation_section_update(
        actor=coordinator,
        evaluation=evaluation,
        expected_version=evaluation.version,
        section="network",
        text="Síť se **nezměnila**.",
    )
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(evaluation_pdf(evaluation))).pages
    )
    for expected in (
        "Hodnocení plnění plánu za rok 2022",
        "Rozšířit pečovatelskou službu",
        "Chybí lidé.",
        "Počet klientů",
        "Koncept",
        "nezměnila",
    ):
        assert expected in text, expected
    document = Document(io.BytesIO(evaluation_docx(evaluation)))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Hodnocení plnění plánu za rok 2022" in body
    assert "Síť se nezměnila." in body
    assert "Chybí lidé." in cells
    assert "125" in cells
