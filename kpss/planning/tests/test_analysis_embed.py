"""A stored gap analysis embedded in the analytical part: chosen on the section, shown as a
table on the page and in the PDF and DOCX, and kept as it was when the version froze."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from kpss.core.errors import ValidationFailed
from kpss.needs.models import AnalysisRun
from kpss.planning.documents import plan_version_docx, plan_version_pdf
from kpss.planning.models import PlanVersion, Section
from kpss.planning.services import section_update
from kpss.planning.snapshot import content_diff, plan_version_build_content
from kpss.planning.tests.conftest import force_state

pytestmark = pytest.mark.django_db
PASSWORD = "heslo-pro-testy"


def _run(area, gap=12.5, label="Analýza mezer 2026"):
    return AnalysisRun.objects.create(
        planning_area=area,
        kind=AnalysisRun.Kind.GAPS,
        label=label,
        results={
            "by_area": [
                {
                    "by": "area",
                    "key": area.slug,
                    "service_type": "63",
                    "form": "ter",
                    "population": 8123.0,
                    "registered_capacity": 40.0,
                    "network_units": 4.0,
                    "need": 52.5,
                    "gap": gap,
                    "municipalities": 18,
                    "norm_is_assumption": True,
                }
            ]
        },
    )


def _analytical(plan):
    return Section.objects.get(plan_version=plan.versions.get(), kind=Section.Kind.ANALYTICAL)


def _embed(coordinator, plan, run):
    section = _analytical(plan)
    return section_update(
        actor=coordinator, section=section, expected_version=section.version, analysis_run=run
    )


def test_snapshot_carries_the_table_of_the_embedded_run(coordinator, plan, pilot_area):
    _embed(coordinator, plan, _run(pilot_area))
    content = plan_version_build_content(version=plan.versions.get())
    section = next(s for s in content["sections"] if s["kind"] == "analytical")
    assert section["analysis"]["label"] == "Analýza mezer 2026"
    row = section["analysis"]["rows"][0]
    assert (row["service_type"], row["form"], row["gap"], row["assumption"]) == (
        "63",
        "ter",
        12.5,
        True,
    )


def test_keeping_the_text_does_not_drop_the_analysis(coordinator, plan, pilot_area):
    _embed(coordinator, plan, _run(pilot_area))
    section = _analytical(plan)
    section_update(
        actor=coordinator, section=section, expected_version=section.version, body="Nový text"
    )
    assert _analytical(plan).analysis_run is not None


def test_none_removes_the_analysis(coordinator, plan, pilot_area):
    _embed(coordinator, plan, _run(pilot_area))
    _embed(coordinator, plan, None)
    assert _analytical(plan).analysis_run is None


def test_a_run_of_another_area_is_refused(coordinator, plan, other_area):
    with pytest.raises(ValidationFailed):
        _embed(coordinator, plan, _run(other_area))


def test_a_frozen_version_keeps_the_table_it_was_frozen_with(coordinator, plan, pilot_area):
    run = _run(pilot_area)
    _embed(coordinator, plan, run)
    version = force_state(plan.versions.get(), PlanVersion.State.IN_CONSULTATION)
    run.results["by_area"][0]["gap"] = 99.0
    run.save()
    version.refresh_from_db()
    section = next(s for s in version.content["sections"] if s["kind"] == "analytical")
    assert section["analysis"]["rows"][0]["gap"] == 12.5


def test_the_diff_names_a_changed_analysis(coordinator, plan, pilot_area):
    before = plan_version_build_content(version=plan.versions.get())
    _embed(coordinator, plan, _run(pilot_area))
    after = plan_version_build_content(version=plan.versions.get())
    diff = content_diff(before, after)
    changed = next(s for s in diff["sections"] if s["kind"] == "analytical")
    assert changed["analysis_before"] == ""
    assert changed["analysis_after"].startswith("Analýza mezer 2026")


def test_pdf_and_docx_print_the_table(codelists, coordinator, plan, pilot_area):
    _embed(coordinator, plan, _run(pilot_area))
    version = plan.versions.get()
    reader = PdfReader(io.BytesIO(plan_version_pdf(version=version)))
    text = " ".join("\n".join(p.extract_text() for p in reader.pages).replace("\xa0", " ").split())
    assert "Kapacitní mezery území" in text
    assert "12,5" in text
    document = Document(io.BytesIO(plan_version_docx(version=version)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Chybí" in cells
    assert "12,5" in cells
    assert any(cell.endswith(" *") for cell in cells)  # the norm is an assumption


def test_section_form_offers_the_runs_and_the_page_shows_the_table(
    client, coordinator, plan, pilot_area
):
    run = _run(pilot_area)
    section = _analytical(plan)
    version = plan.versions.get()
    assert client.login(username=coordinator.username, password=PASSWORD)
    url = reverse("planning:section_edit", args=[pilot_area.slug, version.pk, section.pk])
    form_page = client.get(url).content.decode()
    assert "Analýza mezer 2026" in form_page
    response = client.post(
        url,
        {
            "title": section.title,
            "body": "Text analytické části.",
            "analysis_run": run.pk,
            "version": section.version,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("planning:version", args=[pilot_area.slug, version.pk]))
    html = page.content.decode()
    assert "Analýza mezer 2026" in html
    assert "12,5" in html
