"""Minutes and resolutions as PDF and DOCX, read back; the iCalendar invitation."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from kpss.governance.documents import (
    markdown_html,
    minutes_docx,
    minutes_pdf,
    resolutions_docx,
    resolutions_pdf,
)
from kpss.governance.ical import escape_text, fold, meeting_ics
from kpss.governance.services import (
    agenda_item_add,
    conflict_declare,
    minutes_save,
    motion_close,
    motion_create,
    votes_record,
)
from kpss.governance.tests.core_setup import build_org, present


@pytest.fixture
def held(coordinator, pilot_area):
    org = build_org(coordinator=coordinator, area=pilot_area)
    agenda_item_add(actor=coordinator, meeting=org.meeting, title="Potřeby pečujících osob")
    present(org, coordinator, 4)
    minutes_save(
        actor=coordinator,
        meeting=org.meeting,
        text="## Průběh jednání\n\nSkupina se shodla na **odlehčovací službě**.\n\n- Kelč\n- Zubří",
        expected_version=1,
    )
    motion = motion_create(
        actor=coordinator,
        body=org.wg,
        meeting=org.meeting,
        title="Odlehčovací služba",
        text="Pracovní skupina doporučuje zařadit odlehčovací službu do plánu.",
    )
    a, b, c, d, _e = org.people
    conflict_declare(actor=coordinator, motion=motion, person=b, reason="Zastupuje Diakonii")
    votes_record(
        actor=coordinator, motion=motion, votes={a.pk: "for", c.pk: "for", d.pk: "against"}
    )
    motion_close(actor=coordinator, motion=motion)
    org.meeting.refresh_from_db()
    return org, motion


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    # Lines wrap wherever the page ends them: compare with single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_minutes_pdf(held):
    org, motion = held
    text = _pdf_text(minutes_pdf(org.meeting))
    assert "Pracovní skupina Senioři" in text
    assert "Alena Nováková" in text
    assert "Potřeby pečujících osob" in text
    assert "odlehčovací službě" in text
    assert motion.number in text
    assert "Zastupuje Diakonii" in text
    assert "Zápis z jednání" in text
    assert "Přijato" in text or "přijato" in text


def test_minutes_docx(held):
    org, motion = held
    text = _docx_text(minutes_docx(org.meeting))
    assert "Zápis z jednání" in text
    assert "Průběh jednání" in text
    assert "Přítomni" in text
    assert "Eva Šťastná" in text  # excused
    assert motion.number in text
    assert "Pro 2, proti 1" in text
    assert "Zastupuje Diakonii" in text


def test_resolutions_documents(held):
    org, motion = held
    pdf = _pdf_text(resolutions_pdf(org.wg))
    assert motion.number in pdf
    assert "Usnesení" in pdf
    docx = _docx_text(resolutions_docx(org.wg))
    assert motion.number in docx
    assert "doporučuje zařadit odlehčovací službu" in docx


def test_markdown_is_sanitised():
    html = str(markdown_html("# Nadpis\n\n<script>x()</script><a href='javascript:x()'>a</a>"))
    assert "<h2>Nadpis</h2>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_ical_escaping_and_folding(held):
    org, _motion = held
    org.meeting.place = "Kelč; sál, 1. patro"
    text = meeting_ics(org.meeting, url="https://example.org/j/1")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "LOCATION:Kelč\\; sál\\, 1. patro" in unfolded
    assert "SUMMARY:PS-SEN: Jednání PS Senioři" in unfolded
    assert "DTSTART:" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 1
    assert escape_text("a\\b\nc") == "a\\\\b\\nc"
    long = fold("DESCRIPTION:" + "ž" * 100)
    assert all(len(part.encode("utf-8")) <= 75 for part in long.split("\r\n"))
    assert long.replace("\r\n ", "") == "DESCRIPTION:" + "ž" * 100
