"""Public pages of the mid-term plan: the plan in force, the version in consultation with the
comment form, the published settlement, council progress and the documents. Only frozen
versions of published areas; never a draft. Mounted under `uzemi/<slug:slug>/plan/`."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kpss.core.errors import KpssError, NotFound
from kpss.organisations.selectors import planning_area_get_for_user
from kpss.organisations.web import apply_errors
from kpss.planning import selectors
from kpss.planning.errors import CommentRejected, RateLimited
from kpss.planning.forms import CommentForm, split_target
from kpss.planning.models import Consultation, Plan, PlanVersion
from kpss.planning.presenters import present_content
from kpss.planning.services_consultation import comment_submit, consultation_is_open
from kpss.planning.snapshot import plan_version_content
from kpss.planning.states import PUBLIC_STATES
from kpss.planning.views import (
    DOCX,
    PDF,
    XLSX,
    document_response,
    version_filename,
)
from kpss.territory.models import PlanningArea

S = PlanVersion.State


def _area(request: HttpRequest, slug: str) -> PlanningArea:
    try:
        area = planning_area_get_for_user(user=request.user, slug=slug)
    except NotFound as error:
        raise Http404(error.message) from error
    return area


def _public_version(area: PlanningArea, version_id: int) -> PlanVersion:
    """A frozen version of this area (the public never sees a draft)."""
    return get_object_or_404(
        PlanVersion.objects.select_related("plan__planning_area"),
        plan__planning_area=area,
        pk=version_id,
        state__in=PUBLIC_STATES,
    )


def _consultation(version: PlanVersion) -> Consultation | None:
    return Consultation.objects.filter(plan_version=version).first()


def plan(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area(request, slug)
    plans = list(selectors.plan_list(area=area, user=None))
    in_force: PlanVersion | None = None
    in_force_plan: Plan | None = None
    current: list[dict[str, Any]] = []
    for p in plans:
        force = selectors.plan_version_in_force(plan=p)
        if force is not None and in_force is None:
            in_force, in_force_plan = force, p
        for v in p.versions.filter(
            state__in=(S.IN_CONSULTATION, S.SETTLEMENT, S.SUBMITTED_TO_COUNCILS)
        ).order_by("number"):
            consultation = _consultation(v)
            current.append(
                {
                    "version": v,
                    "consultation": consultation,
                    "open": consultation is not None and consultation_is_open(consultation),
                    "progress": selectors.council_progress(version=v)
                    if v.state == S.SUBMITTED_TO_COUNCILS
                    else None,
                }
            )
    settlements = list(
        Consultation.objects.filter(
            plan_version__plan__planning_area=area,
            settlement_published_at__isnull=False,
            plan_version__state__in=PUBLIC_STATES,
        )
        .select_related("plan_version__plan")
        .order_by("-starts_on")
    )
    context: dict[str, Any] = {
        "area": area,
        "plan": in_force_plan,
        "version": in_force,
        "current": current,
        "settlements": settlements,
    }
    if in_force is not None:
        context["content"] = present_content(plan_version_content(version=in_force))
        context["approval"] = getattr(in_force, "approval", None)
        context["progress"] = selectors.council_progress(version=in_force)
    return render(request, "planning/public/plan.html", context)


def version(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    area = _area(request, slug)
    v = _public_version(area, version_id)
    consultation = _consultation(v)
    is_open = consultation is not None and consultation_is_open(consultation)
    return render(
        request,
        "planning/public/version.html",
        {
            "area": area,
            "plan": v.plan,
            "version": v,
            "content": present_content(plan_version_content(version=v)),
            "consultation": consultation,
            "open": is_open,
            "approval": getattr(v, "approval", None),
        },
    )


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def comment(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    area = _area(request, slug)
    v = _public_version(area, version_id)
    consultation = _consultation(v)
    if consultation is None:
        raise Http404
    content = plan_version_content(version=v)
    is_open = consultation_is_open(consultation)
    initial = {}
    target = request.GET.get("k", "")
    if target:
        initial["target"] = target
    form = CommentForm(request.POST or None, content=content, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and is_open:
            data = form.cleaned_data
            section_id, measure_id = split_target(data["target"])
            try:
                saved = comment_submit(
                    consultation=consultation,
                    author_name=data["author_name"],
                    email=data["email"],
                    consent=data["consent"],
                    commenter_kind=data["commenter_kind"],
                    proposed_change=data["proposed_change"],
                    justification=data["justification"],
                    organisation=data["organisation"],
                    quoted_passage=data["quoted_passage"],
                    section_id=section_id,
                    measure_id=measure_id,
                    ip=_client_ip(request),
                    honeypot=data["website"],
                )
            except RateLimited as error:
                form.add_error(None, error.message)
                form.describe_fields()
                status = 429
            except CommentRejected as error:
                form.add_error(None, error.message)
                form.describe_fields()
            except KpssError as error:
                errors = error.details.get("errors") or {}
                for name in ("section_id", "measure_id"):
                    if name in errors:
                        errors["target"] = errors.pop(name)
                apply_errors(form, error)
            else:
                url = reverse("planning_public:thanks", args=[area.slug, v.pk])
                return redirect(f"{url}?c={saved.number}")
    return render(
        request,
        "planning/public/comment_form.html",
        {
            "area": area,
            "plan": v.plan,
            "version": v,
            "consultation": consultation,
            "open": is_open,
            "form": form,
        },
        status=status if is_open else (status if request.method == "POST" else 200),
    )


def comment_thanks(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    area = _area(request, slug)
    v = _public_version(area, version_id)
    number = request.GET.get("c", "")
    return render(
        request,
        "planning/public/comment_thanks.html",
        {
            "area": area,
            "plan": v.plan,
            "version": v,
            "number": number if number.isdigit() else "",
        },
    )


def settlement(request: HttpRequest, slug: str, version_id: int) -> HttpResponse:
    area = _area(request, slug)
    v = _public_version(area, version_id)
    consultation = _consultation(v)
    if consultation is None or not consultation.settlement_is_published:
        raise Http404(_("The settlement of this version has not been published."))
    table = selectors.settlement_table(consultation=consultation)
    return render(
        request,
        "planning/public/settlement.html",
        {"area": area, "plan": v.plan, "version": v, "settlement": table},
    )


def download(request: HttpRequest, slug: str, version_id: int, fmt: str) -> HttpResponse:
    area = _area(request, slug)
    if not area.is_public:
        raise Http404
    v = _public_version(area, version_id)
    if fmt == "pdf":
        return document_response("plan_version_pdf", version_filename(v, ".pdf"), PDF, version=v)
    if fmt == "docx":
        return document_response("plan_version_docx", version_filename(v, ".docx"), DOCX, version=v)
    raise Http404


def settlement_download(request: HttpRequest, slug: str, version_id: int, fmt: str) -> HttpResponse:
    area = _area(request, slug)
    if not area.is_public:
        raise Http404
    v = _public_version(area, version_id)
    consultation = _consultation(v)
    if consultation is None or not consultation.settlement_is_published:
        raise Http404
    name = version_filename(v, f"-vyporadani.{fmt}")
    if fmt == "xlsx":
        return document_response("settlement_xlsx", name, XLSX, consultation=consultation)
    if fmt == "pdf":
        return document_response("settlement_pdf", name, PDF, consultation=consultation)
    raise Http404


def measure_download(
    request: HttpRequest, slug: str, version_id: int, measure_id: int
) -> HttpResponse:
    area = _area(request, slug)
    if not area.is_public:
        raise Http404
    v = _public_version(area, version_id)
    return document_response(
        "measure_summary_pdf",
        version_filename(v, f"-opatreni-{measure_id}.pdf"),
        PDF,
        version=v,
        measure_id=measure_id,
    )
