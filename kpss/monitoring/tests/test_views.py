"""The monitoring pages by persona: the coordinator prepares, the responsible organisation
reports, the public reads what is published, another area's people see nothing."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from kpss.monitoring import services
from kpss.monitoring.models import ActionPlan, Evaluation, IndicatorValue
from kpss.planning.models import Indicator

pytestmark = pytest.mark.django_db

PASSWORD = "heslo-pro-testy"


def _login(client, user):
    client.force_login(user)
    return client


def test_coordinator_generates_publishes_and_evaluates(client, coordinator, plan_in_force):
    area = plan_in_force.planning_area
    _login(client, coordinator)
    page = client.get(reverse("monitoring:index", args=[area.slug]))
    assert page.status_code == 200
    assert "Vygenerovat akční plán" in page.content.decode()
    response = client.post(
        reverse("monitoring:generate", args=[area.slug, plan_in_force.pk]),
        {f"ap{plan_in_force.pk}-year": "2022"},
    )
    ap = ActionPlan.objects.get()
    assert response.url == reverse("monitoring:action_plan", args=[area.slug, ap.pk])
    assert client.get(response.url).status_code == 200
    client.post(reverse("monitoring:action_plan_publish", args=[area.slug, ap.pk]))
    ap.refresh_from_db()
    assert ap.is_published
    response = client.post(
        reverse("monitoring:evaluation_create", args=[area.slug, plan_in_force.pk]),
        {f"ev{plan_in_force.pk}-year": "2022"},
    )
    evaluation = Evaluation.objects.get()
    page = client.get(response.url)
    assert page.status_code == 200
    response = client.post(
        response.url,
        {"section": "overview", "overview-text": "Dobrý rok.", "overview-version": "1"},
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.commentary["overview"] == "Dobrý rok."
    for fmt in ("pdf", "docx"):
        download = client.get(
            reverse("monitoring:evaluation_download", args=[area.slug, evaluation.pk, fmt])
        )
        assert download.status_code == 200
    client.post(reverse("monitoring:evaluation_publish", args=[area.slug, evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.is_published
    goals = client.get(reverse("monitoring:goals", args=[area.slug]))
    assert goals.status_code == 200


def test_provider_reports_progress_with_a_file(client, provider_user, action_plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    area = action_plan.plan.planning_area
    item = action_plan.items.get(is_activity=True)
    _login(client, provider_user)
    url = reverse("monitoring:item", args=[area.slug, item.pk])
    assert "Uložit hlášení" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "progress-status": "in_progress",
            "progress-percent": "50",
            "progress-evidence_links": "https://example.org/smlouva",
            "progress-evidence_file": SimpleUploadedFile("smlouva.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.percent == 50
    update = item.updates.get()
    assert (
        client.get(reverse("monitoring:evidence", args=[area.slug, update.pk])).status_code == 200
    )
    # The provider may not generate action plans.
    response = client.post(
        reverse("monitoring:generate", args=[area.slug, action_plan.plan.pk]),
        {f"ap{action_plan.plan.pk}-year": "2023"},
    )
    assert response.status_code == 403


def test_officer_cannot_report(client, officer, action_plan):
    area = action_plan.plan.planning_area
    item = action_plan.items.first()
    _login(client, officer)
    url = reverse("monitoring:item", args=[area.slug, item.pk])
    assert "Uložit hlášení" not in client.get(url).content.decode()
    response = client.post(url, {"progress-status": "done", "progress-percent": "100"})
    assert response.status_code == 403


def test_public_progress_filters_and_evaluation(client, action_plan, coordinator):
    area = action_plan.plan.planning_area
    url = reverse("monitoring_public:progress", args=[area.slug])
    page = client.get(url).content.decode()
    assert "Rozšířit pečovatelskou službu" in page
    assert "Přijmout dvě pečovatelky" in page
    assert (
        "Rozšířit pečovatelskou službu" not in client.get(url, {"priorita": "9"}).content.decode()
    )
    evaluation = services.evaluation_create(actor=coordinator, plan=action_plan.plan, year=2022)
    public_url = reverse("monitoring_public:evaluation", args=[area.slug, evaluation.pk])
    assert client.get(public_url).status_code == 404  # a draft is not public
    services.evaluation_publish(actor=coordinator, evaluation=evaluation)
    assert client.get(public_url).status_code == 200
    pdf = client.get(
        reverse("monitoring_public:evaluation_download", args=[area.slug, evaluation.pk, "pdf"])
    )
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("monitoring_public:goals", args=[area.slug])).status_code == 200


def test_unpublished_action_plan_is_not_public(client, plan_in_force, coordinator):
    area = plan_in_force.planning_area
    ap = services.action_plan_generate(actor=coordinator, plan=plan_in_force, year=2022)
    page = client.get(reverse("monitoring_public:progress", args=[area.slug])).content.decode()
    assert "Rozšířit pečovatelskou službu" not in page
    item = ap.items.first()
    assert client.get(reverse("monitoring:item", args=[area.slug, item.pk])).status_code == 302


def test_other_area_coordinator_sees_nothing(client, other_coordinator, action_plan):
    area = action_plan.plan.planning_area
    _login(client, other_coordinator)
    assert client.get(reverse("monitoring:index", args=[area.slug])).status_code == 403
    item = action_plan.items.first()
    assert client.get(reverse("monitoring:item", args=[area.slug, item.pk])).status_code == 403


def test_indicator_entry_and_import(client, coordinator, plan_in_force):
    from openpyxl import Workbook

    area = plan_in_force.planning_area
    _login(client, coordinator)
    indicator = Indicator.objects.get(measure__plan_version__plan=plan_in_force)
    url = reverse("monitoring:indicators", args=[area.slug, plan_in_force.pk])
    response = client.post(
        url,
        {
            "action": "value",
            "value-indicator": str(indicator.pk),
            "value-year": "2022",
            "value-value": "125,5",
        },
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == pytest.approx(125.5)
    page = client.get(url).content.decode()
    assert "<svg" in page  # the trend chart

    def workbook(rows):
        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        buffer = io.BytesIO()
        wb.save(buffer)
        buffer.name = "hodnoty.xlsx"
        buffer.seek(0)
        return buffer

    bad = workbook(
        [
            ["Opatření", "Ukazatel", "Rok", "Hodnota"],
            ["1.1", "Počet klientů", 2023, 140],
            ["1.1", "Neznámý", 2023, 1],
            ["1.1", "Počet klientů", 2024, "hodně"],
        ]
    )
    page = client.post(url, {"action": "import", "import-file": bad}).content.decode()
    assert "hodnoty.xlsx" in page
    assert "Neznámý" in page
    assert IndicatorValue.objects.count() == 1  # nothing imported
    good = workbook(
        [
            ["Opatření", "Ukazatel", "Rok", "Hodnota"],
            ["1.1", "Počet klientů", 2023, "140,0"],
            ["1.1", "počet klientů", 2024, 150],
        ]
    )
    response = client.post(url, {"action": "import", "import-file": good})
    assert response.status_code == 302
    assert IndicatorValue.objects.filter(source="imported").count() == 2


def test_item_page_shows_intentions_and_grants_of_the_measure(client, coordinator, action_plan):
    from kpss.monitoring.links import measure_links

    item = action_plan.items.get(is_activity=False)
    links = measure_links(item.measure, public_only=False)
    assert links.intentions_available
    assert links.grants_available
    _login(client, coordinator)
    page = client.get(
        reverse("monitoring:item", args=[action_plan.plan.planning_area.slug, item.pk])
    ).content.decode()
    assert "Rozvojové záměry, které ho naplňují" in page
    assert "Zatím není k dispozici." not in page


def test_coordinator_sets_the_report_interval(client, coordinator, provider_user, action_plan):
    area = action_plan.plan.planning_area
    url = reverse("monitoring:action_plan", args=[area.slug, action_plan.pk])
    _login(client, provider_user)
    assert client.post(url, {"settings-update_interval_days": "30"}).status_code == 403
    _login(client, coordinator)
    response = client.post(
        url,
        {
            "settings-update_interval_days": "30",
            "settings-note": "Čtvrtletní hlášení.",
            "settings-version": str(action_plan.version),
        },
    )
    assert response.status_code == 302
    action_plan.refresh_from_db()
    assert action_plan.update_interval_days == 30
    page = client.post(
        url,
        {"settings-update_interval_days": "3", "settings-version": str(action_plan.version)},
    ).content.decode()
    assert "error-summary" in page


def test_unpublished_area_is_not_found_by_the_public(client, other_area, other_coordinator):
    for name in ("monitoring_public:progress", "monitoring_public:goals"):
        assert client.get(reverse(name, args=[other_area.slug])).status_code == 404
    _login(client, other_coordinator)
    assert (
        client.get(reverse("monitoring_public:progress", args=[other_area.slug])).status_code == 200
    )
    assert client.get(reverse("monitoring:index", args=[other_area.slug])).status_code == 200
