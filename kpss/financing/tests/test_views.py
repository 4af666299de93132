"""The financing pages by persona."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from kpss.financing import services, states
from kpss.financing.tests.conftest import apply, diakonie_service, to_assessment

pytestmark = pytest.mark.django_db


def _approved(programme, coordinator, provider_user, assessor_a):
    services.programme_transition(actor=coordinator, programme=programme, action=states.OPEN_CALL)
    programme.refresh_from_db()
    application = apply(provider_user, programme, diakonie_service(), 400_000)
    to_assessment(coordinator, programme)
    services.assessor_assign(actor=coordinator, application=application, assessor=assessor_a)
    services.application_score(
        actor=assessor_a,
        application=application,
        points={c.pk: 30 for c in programme.criteria.all()},
    )
    services.programme_propose(actor=coordinator, programme=programme)
    services.programme_transition(
        actor=coordinator,
        programme=programme,
        action=states.APPROVE,
        resolution_number="VH 1/2024",
        approved_on=dt.date(2024, 6, 1),
    )
    programme.refresh_from_db()
    return application


def test_staff_pages_render_for_the_coordinator(client, programme, coordinator):
    client.force_login(coordinator)
    slug = programme.planning_area.slug
    for name, args in [
        ("financing:programmes", [slug]),
        ("financing:programme", [slug, 2024]),
        ("financing:budgets", [slug]),
        ("financing:municipality_report", [slug, 2024]),
        ("financing:provider_report", [slug, 2024]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    response = client.get(
        reverse("financing:allocation", args=[slug]), {"year": 2024, "budget": 100}
    )
    assert response.status_code == 200


def test_outsiders_see_no_staff_page(client, programme, other_coordinator):
    slug = programme.planning_area.slug
    client.force_login(other_coordinator)
    assert client.get(reverse("financing:programme", args=[slug, 2024])).status_code == 403
    client.logout()
    assert client.get(reverse("financing:programmes", args=[slug])).status_code == 302


def test_public_sees_only_approved_summary(
    client, programme, coordinator, provider_user, assessor_a
):
    slug = programme.planning_area.slug
    public = reverse("financing_public:programme", args=[slug, 2024])
    assert client.get(public).status_code == 404
    _approved(programme, coordinator, provider_user, assessor_a)
    response = client.get(public)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Pečovatelská služba" in text
    assert assessor_a.username not in text
    assert client.get(reverse("financing_public:programmes", args=[slug])).status_code == 200


def test_provider_sees_only_own_applications(
    client, programme, coordinator, provider_user, assessor_a
):
    services.programme_transition(actor=coordinator, programme=programme, action=states.OPEN_CALL)
    programme.refresh_from_db()
    mine = apply(provider_user, programme, diakonie_service(), 100_000)
    from kpss.registry.models import Service

    other_service = Service.objects.exclude(provider__ico="73632783").first()
    other = apply(coordinator, programme, other_service, 100_000)
    client.force_login(provider_user)
    slug = programme.planning_area.slug
    page = client.get(reverse("financing:programme", args=[slug, 2024])).content.decode()
    assert mine.service.name in page
    assert client.get(reverse("financing:application", args=[slug, other.pk])).status_code == 404
    assert client.get(reverse("financing:application", args=[slug, mine.pk])).status_code == 200


def test_downloads_read_back(client, programme, coordinator, provider_user, assessor_a):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    _approved(programme, coordinator, provider_user, assessor_a)
    client.force_login(coordinator)
    slug = programme.planning_area.slug
    xlsx = client.get(reverse("financing:download", args=[slug, 2024, "xlsx"]))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert len(workbook.sheetnames) == 4
    rows = list(workbook.worksheets[3].iter_rows(values_only=True))
    assert rows[1][2].startswith("Pečovatelská služba")
    pdf = client.get(reverse("financing:download", args=[slug, 2024, "pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "VH 1/2024" in text


def test_allocation_page_compares_and_explains(client, pilot_registry, coordinator):
    from django.core.management import call_command

    call_command("demo_financing")
    client.force_login(coordinator)
    url = reverse("financing:allocation", args=[pilot_registry.slug])
    page = client.get(url, {"year": 2024, "budget": 2_000_000, "floor": 0}).content.decode()
    assert "Poměrné krácení" in page
    assert "✓" in page
    assert "✗" not in page
    page = client.get(url, {"year": 2024, "budget": 1000, "floor": 0}).content.decode()
    assert "chybí" in page


def test_budget_form_saves_users_by_municipality(client, pilot_registry, coordinator):
    from kpss.financing.models import ServiceBudget
    from kpss.territory.models import Municipality

    service = diakonie_service()
    kelc = Municipality.objects.get(code="542989")
    client.force_login(coordinator)
    data = {
        "service": service.pk,
        "year": 2024,
        "kind": "planned",
        "units": "2.5",
        "unit_kind": "fte",
        "basic_operation_cost": 900000,
        f"users_{kelc.pk}": 14,
    }
    for name in (
        *ServiceBudget.COSTS,
        *ServiceBudget.PUBLIC_REVENUES,
        *ServiceBudget.NON_PUBLIC_REVENUES,
    ):
        data[name] = 100000
    response = client.post(reverse("financing:budgets", args=[pilot_registry.slug]), data)
    assert response.status_code == 302
    budget = ServiceBudget.objects.get(service=service)
    assert budget.users_by_municipality.get().users == 14
    assert budget.total_cost == 300000
