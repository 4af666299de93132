"""Project budget: services (rules, validation, audit), the overview (planned vs spent per
line and quarter, totals, participation vs target), the XLSX export, pages and API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kpss.core.errors import NotFound, PermissionDenied, ValidationFailed
from kpss.core.models import AuditEvent
from kpss.governance import budget
from kpss.governance.models import BudgetLine, Project, Spending

pytestmark = pytest.mark.urls("kpss.governance.tests.urls_process_for_tests")


@pytest.fixture
def project(coordinator, pilot_area) -> Project:
    return budget.project_create(
        actor=coordinator,
        area=pilot_area,
        name="Prohloubení kvality a účinnosti plánování",
        registration_number="CZ.03.2.63/0.0/0.0/19_106/0015192",
        starts_on=dt.date(2020, 3, 1),
        ends_on=dt.date(2022, 2, 28),
        budget_total=Decimal("2814000"),
        participation_target=114,
    )


@pytest.fixture
def personnel(coordinator, project) -> BudgetLine:
    return budget.budget_line_create(
        actor=coordinator,
        project=project,
        category=BudgetLine.Category.PERSONNEL,
        name="Osobní náklady",
        planned=Decimal("2000000"),
    )


@pytest.fixture
def services(coordinator, project) -> BudgetLine:
    return budget.budget_line_create(
        actor=coordinator,
        project=project,
        category=BudgetLine.Category.SERVICES,
        name="Služby",
        planned=Decimal("814000"),
    )


def _spend(actor, line, start, end, amount):
    return budget.spending_create(
        actor=actor, line=line, period_start=start, period_end=end, amount=Decimal(amount)
    )


# Services --------------------------------------------------------------------------------


def test_project_and_lines_are_audited(project, personnel):
    assert AuditEvent.objects.filter(verb="project.create", object_id=str(project.pk)).exists()
    assert AuditEvent.objects.filter(verb="budget_line.create").count() == 1


def test_only_the_coordinator_writes(officer, pilot_area, project, personnel):
    with pytest.raises(PermissionDenied):
        budget.project_update(actor=officer, project=project, name="x")
    with pytest.raises(PermissionDenied):
        _spend(officer, personnel, dt.date(2020, 3, 1), dt.date(2020, 3, 31), 1)


def test_no_negative_amounts(coordinator, project, personnel):
    with pytest.raises(ValidationFailed) as error:
        budget.budget_line_create(
            actor=coordinator, project=project, category="other", name="x", planned=Decimal(-1)
        )
    assert "planned" in error.value.details["errors"]
    with pytest.raises(ValidationFailed) as error:
        _spend(coordinator, personnel, dt.date(2020, 3, 1), dt.date(2020, 3, 31), -100)
    assert "amount" in error.value.details["errors"]


def test_spending_period_inside_the_project(coordinator, personnel):
    with pytest.raises(ValidationFailed) as error:
        _spend(coordinator, personnel, dt.date(2020, 2, 1), dt.date(2020, 2, 29), 100)
    assert "period_start" in error.value.details["errors"]
    with pytest.raises(ValidationFailed) as error:
        _spend(coordinator, personnel, dt.date(2022, 2, 1), dt.date(2022, 3, 31), 100)
    assert "period_end" in error.value.details["errors"]
    with pytest.raises(ValidationFailed) as error:
        _spend(coordinator, personnel, dt.date(2021, 2, 1), dt.date(2021, 1, 1), 100)
    assert "period_end" in error.value.details["errors"]


def test_lines_cannot_exceed_the_total(coordinator, project, personnel, services):
    with pytest.raises(ValidationFailed) as error:
        budget.budget_line_create(
            actor=coordinator, project=project, category="other", name="Navíc", planned=Decimal(1)
        )
    assert "planned" in error.value.details["errors"]
    # Lowering a line and raising it back is fine (the line itself is not counted twice).
    budget.budget_line_update(actor=coordinator, line=services, planned=Decimal("814000"))
    with pytest.raises(ValidationFailed) as error:
        budget.project_update(actor=coordinator, project=project, budget_total=Decimal("1000"))
    assert "budget_total" in error.value.details["errors"]


def test_project_period_cannot_leave_spending_outside(coordinator, project, personnel):
    _spend(coordinator, personnel, dt.date(2020, 3, 1), dt.date(2020, 3, 31), 100)
    with pytest.raises(ValidationFailed):
        budget.project_update(actor=coordinator, project=project, starts_on=dt.date(2020, 4, 1))


def test_participation_validation(coordinator, project):
    with pytest.raises(ValidationFailed) as error:
        budget.participation_create(
            actor=coordinator, project=project, held_on=dt.date(2023, 1, 1), activity="x", people=5
        )
    assert "held_on" in error.value.details["errors"]
    with pytest.raises(ValidationFailed) as error:
        budget.participation_create(
            actor=coordinator, project=project, held_on=dt.date(2021, 1, 1), activity="x", people=0
        )
    assert "people" in error.value.details["errors"]


# Overview --------------------------------------------------------------------------------


def test_quarters_are_clipped_to_the_project(project):
    quarters = budget.project_quarters(project)
    assert len(quarters) == 9  # Q1 2020 (from March) … Q1 2022 (to February)
    assert quarters[0].starts_on == dt.date(2020, 3, 1)
    assert quarters[0].ends_on == dt.date(2020, 3, 31)
    assert quarters[-1].ends_on == dt.date(2022, 2, 28)


def test_overview_planned_vs_spent(coordinator, project, personnel, services):
    _spend(coordinator, personnel, dt.date(2020, 3, 1), dt.date(2020, 3, 31), 100_000)
    _spend(coordinator, personnel, dt.date(2020, 4, 1), dt.date(2020, 6, 30), 300_000)
    _spend(coordinator, services, dt.date(2020, 5, 1), dt.date(2020, 5, 31), 50_000)
    budget.participation_create(
        actor=coordinator, project=project, held_on=dt.date(2021, 5, 1), activity="A", people=50
    )
    budget.participation_create(
        actor=coordinator, project=project, held_on=dt.date(2021, 6, 1), activity="B", people=37
    )
    overview = budget.budget_overview(project=project)
    assert overview.total == Decimal("2814000")
    assert overview.planned_lines == Decimal("2814000")
    assert overview.unallocated == 0
    assert overview.spent == Decimal("450000")
    assert overview.remaining == Decimal("2364000")
    assert overview.share_spent == Decimal("16.0")
    lines = {row.line.name: row for row in overview.lines}
    assert lines["Osobní náklady"].spent == Decimal("400000")
    assert lines["Osobní náklady"].share_spent == Decimal("20.0")
    assert lines["Osobní náklady"].by_quarter[:2] == [Decimal("100000"), Decimal("300000")]
    assert lines["Služby"].by_quarter[1] == Decimal("50000")
    assert overview.quarters[1].spent == Decimal("350000")
    assert overview.quarters[1].spent_cumulative == Decimal("450000")
    assert overview.quarters[-1].planned_cumulative == Decimal("2814000")
    assert sum(q.planned for q in overview.quarters) == Decimal("2814000")
    assert overview.participants == 87
    assert overview.participation_label == "87 / 114"
    assert overview.share_participation == Decimal("76.3")


def test_project_of_another_area_is_not_found(other_area, project):
    with pytest.raises(NotFound):
        budget.project_get(area=other_area, pk=project.pk)


# Pages, export and API -------------------------------------------------------------------


def _url(name, area, **kwargs):
    return reverse(f"governance_process:{name}", kwargs={"slug": area.slug, **kwargs})


def test_member_reads_the_budget(client, officer, pilot_area, project, personnel):
    client.force_login(officer)
    html = client.get(_url("project", pilot_area, pk=project.pk)).content.decode()
    assert "2\xa0814\xa0000\xa0Kč" in html
    assert "CZ.03.2.63/0.0/0.0/19_106/0015192" in html
    assert _url("line_create", pilot_area, pk=project.pk) not in html
    assert client.get(_url("line_create", pilot_area, pk=project.pk)).status_code == 403
    listing = client.get(_url("budget", pilot_area)).content.decode()
    assert "0 / 114" in listing


def test_coordinator_records_spending_through_the_form(
    client, coordinator, pilot_area, project, personnel
):
    client.force_login(coordinator)
    url = _url("spending_create", pilot_area, pk=project.pk, line=personnel.pk)
    response = client.post(
        url, {"period_start": "2019-01-01", "period_end": "2019-03-31", "amount": "100"}
    )
    assert response.status_code == 200
    assert 'aria-describedby="id_period_start_error"' in response.content.decode()
    response = client.post(
        url, {"period_start": "2020-04-01", "period_end": "2020-06-30", "amount": "125000"}
    )
    assert response.status_code == 302
    assert Spending.objects.get(line=personnel).amount == Decimal("125000")


def test_xlsx_export(client, coordinator, pilot_area, project, personnel):
    _spend(coordinator, personnel, dt.date(2020, 4, 1), dt.date(2020, 6, 30), 1000)
    client.force_login(coordinator)
    response = client.get(_url("project_export", pilot_area, pk=project.pk))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "Osobní náklady"
    assert rows[1][2] == 2_000_000
    assert rows[1][4] == 1000  # Q2 2020
    assert rows[-1][2] == "0 / 114"


def test_api_budget_is_for_members(client, officer, pilot_area, project, personnel):
    url = f"/api/v1/areas/{pilot_area.slug}/projects"
    assert client.get(url).status_code == 403
    client.force_login(officer)
    data = client.get(url).json()
    assert data[0]["budget_total"] in ("2814000.00", 2814000, "2814000")
    assert data[0]["participation"] == "0 / 114"
    assert data[0]["lines"][0]["name"] == "Osobní náklady"
    detail = client.get(f"{url}/{project.pk}").json()
    assert detail["registration_number"] == "CZ.03.2.63/0.0/0.0/19_106/0015192"
    assert client.get(f"{url}/999999").status_code == 404
