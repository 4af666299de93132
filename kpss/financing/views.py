"""Staff pages of financing: programmes (formula, participants, criteria, state), grant
applications (apply, assign, conflict, score, adjust, contract, settle), reports and
downloads, service budgets, the compensation check and the allocation under a limited
budget. Thin views: reads through the selectors, writes through the services, which check
the rules again. Mounted under `sprava/uzemi/<slug:slug>/financovani/`."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpss.accounts.models import User
from kpss.core.errors import KpssError
from kpss.core.errors import PermissionDenied as KpssPermissionDenied
from kpss.financing import reports, selectors, services, states
from kpss.financing.allocation import (
    SCENARIOS,
    allocation_checks,
    allocation_compare,
    scenario_label,
)
from kpss.financing.forms import (
    AdjustForm,
    AllocationForm,
    ApplicationForm,
    ApproveForm,
    AssignForm,
    BudgetForm,
    BudgetImportForm,
    ConflictForm,
    ContractForm,
    CriterionForm,
    FormulaForm,
    ParticipantsForm,
    ProgrammeForm,
    ScoreForm,
    SettleForm,
)
from kpss.financing.imports import template_xlsx
from kpss.financing.models import GrantApplication, Programme, UsualCost
from kpss.financing.permissions import provider_icos
from kpss.needs.forms import AccessibleForm
from kpss.organisations.web import apply_errors, forbidden, staff_view
from kpss.planning.models import Measure, PlanVersion
from kpss.registry.models import Service
from kpss.registry.selectors import service_list
from kpss.territory.models import PlanningArea
from kpss.territory.selectors import area_municipalities

S = Programme.State
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    """The signed-in user (every staff view requires a login)."""
    return cast(User, request.user)


def _programme(request: HttpRequest, area: PlanningArea, year: int) -> Programme:
    return selectors.programme_get_for_user(user=request.user, area=area, year=year)


def _programme_url(programme: Programme) -> str:
    return reverse("financing:programme", args=[programme.planning_area.slug, programme.year])


def _application_url(application: GrantApplication) -> str:
    return reverse(
        "financing:application",
        args=[application.programme.planning_area.slug, application.pk],
    )


# --- Programmes ------------------------------------------------------------------------------


@staff_view("financing.view_internal")
def programme_list(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    can_manage = selectors.manages(request.user, area)
    form = ProgrammeForm(request.POST or None) if can_manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            programme = services.programme_create(
                actor=_user(request), area=area, **form.cleaned_data
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The programme was created."))
            return redirect(_programme_url(programme))
    return render(
        request,
        "financing/programme_list.html",
        {
            "area": area,
            "programmes": selectors.programme_list(area=area, user=request.user),
            "form": form,
            "can_manage": can_manage,
        },
    )


@staff_view("financing.view_internal")
def programme_detail(request: HttpRequest, area: PlanningArea, year: int) -> HttpResponse:
    programme = _programme(request, area, year)
    can_manage = selectors.manages(request.user, area)
    context: dict[str, Any] = {
        "area": area,
        "programme": programme,
        "can_manage": can_manage,
        "summary": selectors.programme_summary(programme=programme),
        "participants": programme.participants.select_related("municipality"),
        "criteria": programme.criteria.all(),
        "applications": selectors.application_list_for_user(
            user=request.user, programme=programme
        ).order_by("number"),
        "can_apply": request.user.has_perm("financing.apply", area) or can_manage,
    }
    if can_manage and programme.state == S.DRAFT:
        context["formula_form"] = FormulaForm(
            initial={
                "version": programme.version,
                "formula_is_illustrative": programme.formula_is_illustrative,
                **{name: getattr(programme, name) for name in services.FORMULA_FIELDS},
            }
        )
        context["participants_form"] = ParticipantsForm(
            queryset=area_municipalities(area=area).order_by("name"),
            initial={"municipalities": [p.municipality for p in context["participants"]]},
        )
    if can_manage and programme.state in (S.DRAFT, S.CALL_OPEN):
        context["criterion_form"] = CriterionForm()
    if can_manage and programme.state == S.ASSESSMENT:
        context["approve_form"] = ApproveForm()
    return render(request, "financing/programme_detail.html", context)


@require_POST
@staff_view("financing.manage")
def programme_formula(request: HttpRequest, area: PlanningArea, year: int) -> HttpResponse:
    programme = _programme(request, area, year)
    form = FormulaForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.programme_formula_set(
                actor=_user(request), programme=programme, expected_version=version, **data
            )
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The contributions were computed."))
    else:
        messages.error(
            request, _("The formula has errors: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect(_programme_url(programme))


@require_POST
@staff_view("financing.manage")
def programme_participants(request: HttpRequest, area: PlanningArea, year: int) -> HttpResponse:
    programme = _programme(request, area, year)
    form = ParticipantsForm(request.POST, queryset=area_municipalities(area=area))
    if form.is_valid():
        try:
            services.programme_participants_set(
                actor=_user(request),
                programme=programme,
                municipalities=form.cleaned_data["municipalities"],
            )
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The participants were saved and the contributions computed.")
            )
    else:
        messages.error(request, _("Choose at least one municipality."))
    return redirect(_programme_url(programme))


@require_POST
@staff_view("financing.manage")
def criterion_add(request: HttpRequest, area: PlanningArea, year: int) -> HttpResponse:
    programme = _programme(request, area, year)
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            services.criterion_add(actor=_user(request), programme=programme, **form.cleaned_data)
        except KpssError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The criterion was added."))
    else:
        messages.error(request, _("Give the criterion a name and a positive maximum."))
    return redirect(_programme_url(programme))


@require_POST
@staff_view("financing.manage")
def programme_transition(request: HttpRequest, area: PlanningArea, year: int) -> HttpResponse:
    programme = _programme(request, area, year)
    action = request.POST.get("action", "")
    extra: dict[str, Any] = {}
    if action == states.APPROVE:
        form = ApproveForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Give the assembly's resolution number and the date of approval.")
            )
            return redirect(_programme_url(programme))
        extra = form.cleaned_data
    try:
        services.programme_transition(
            actor=_user(request), programme=programme, action=action, **extra
        )
    except KpssError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect(_programme_url(programme))


@require_POST
@staff_view("financing.manage")
def programme_propose(request: HttpRequest, area: PlanningArea, year: int) -> HttpResponse:
    programme = _programme(request, area, year)
    try:
        services.programme_propose(actor=_user(request), programme=programme)
    except KpssError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The proposed amounts were computed by the rule."))
    return redirect(_programme_url(programme))


# --- Applications ----------------------------------------------------------------------------


def _applicable_services(request: HttpRequest, area: PlanningArea) -> Any:
    services_qs = service_list(area=area).select_related("provider").distinct()
    if not selectors.manages(request.user, area):
        services_qs = services_qs.filter(provider__ico__in=provider_icos(request.user, area))
    return (
        Service.objects.filter(pk__in=services_qs.values("pk"))
        .select_related("provider")
        .order_by("name")
    )


@staff_view("financing.view_internal")
def application_create(request: HttpRequest, area: PlanningArea, year: int) -> HttpResponse:
    programme = _programme(request, area, year)
    if not (
        request.user.has_perm("financing.apply", area) or selectors.manages(request.user, area)
    ):
        return forbidden(request, area)
    form = ApplicationForm(
        request.POST or None,
        services=_applicable_services(request, area),
        municipalities=[
            p.municipality for p in programme.participants.select_related("municipality")
        ],
        measures=Measure.objects.filter(
            plan_version__plan__planning_area=area, plan_version__state=PlanVersion.State.IN_FORCE
        ).order_by("code"),
    )
    if request.method == "POST" and form.is_valid():
        service = form.cleaned_data["service"]
        service_form = service.forms.select_related("form").first()
        form_obj = service_form.form if service_form else None
        try:
            application = services.application_submit(
                actor=_user(request),
                programme=programme,
                service=service,
                form=form_obj,
                requested_amount=form.cleaned_data["requested_amount"],
                units=form.cleaned_data["units"],
                unit_kind="beds" if form_obj and form_obj.code == "pob" else "fte",
                total_cost=form.cleaned_data["total_cost"],
                non_public_revenue=form.cleaned_data["non_public_revenue"],
                other_public_funding=form.cleaned_data["other_public_funding"] or 0,
                purpose=form.cleaned_data["purpose"],
                users=form.users(),
                measures=form.cleaned_data.get("measures") or [],
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Application %(number)s was submitted.") % {"number": application.number}
            )
            return redirect(_application_url(application))
    return render(
        request,
        "financing/application_form.html",
        {"area": area, "programme": programme, "form": form},
    )


@staff_view("financing.view_internal")
def application_detail(
    request: HttpRequest, area: PlanningArea, application_id: int
) -> HttpResponse:
    application = selectors.application_get_for_user(
        user=request.user, area=area, application_id=application_id
    )
    programme = application.programme
    user = _user(request)
    can_manage = user.has_perm("financing.manage_application", application)
    assignment = application.assignments.filter(assessor=user).first()
    conflict = programme.conflicts.filter(assessor=user, provider=application.provider).first()
    criteria = list(programme.criteria.all())
    context: dict[str, Any] = {
        "area": area,
        "programme": programme,
        "application": application,
        "can_manage": can_manage,
        "assignment": assignment,
        "conflict": conflict,
        "users": application.users_by_municipality.select_related("municipality"),
        "mean_score": services.application_mean_score(application),
        "is_owner": application.provider.ico in provider_icos(user, area),
    }
    if can_manage:
        context["assignments"] = application.assignments.select_related(
            "assessor"
        ).prefetch_related("scores")
        if programme.state == S.ASSESSMENT:
            context["assign_form"] = AssignForm(candidates=selectors.assessor_candidates(area=area))
            context["adjust_form"] = AdjustForm(
                initial={"version": application.version, "amount": application.final_amount}
            )
        if application.state == GrantApplication.State.APPROVED:
            context["contract_form"] = ContractForm(
                initial={
                    "contract_number": application.contract_number,
                    "signed_on": application.contract_signed_on,
                }
            )
            context["settle_form"] = SettleForm(
                initial={"amount_used": application.approved_amount}
            )
    if assignment is not None and programme.state == S.ASSESSMENT and conflict is None:
        initial = {f"criterion_{s.criterion_id}": s.points for s in assignment.scores.all()}
        context["score_form"] = ScoreForm(criteria=criteria, initial=initial)
        context["conflict_form"] = ConflictForm()
    return render(request, "financing/application_detail.html", context)


def _application_post(
    request: HttpRequest, area: PlanningArea, application_id: int
) -> GrantApplication:
    return selectors.application_get_for_user(
        user=request.user, area=area, application_id=application_id
    )


@require_POST
@staff_view("financing.view_internal")
def application_action(
    request: HttpRequest, area: PlanningArea, application_id: int, action: str
) -> HttpResponse:
    """One POST target per action: assign, conflict, score, adjust, contract, settle."""
    application = _application_post(request, area, application_id)
    user = _user(request)
    form: AccessibleForm
    try:
        if action == "hodnotitel":
            form = AssignForm(request.POST, candidates=selectors.assessor_candidates(area=area))
            if form.is_valid():
                services.assessor_assign(
                    actor=user,
                    application=application,
                    assessor=form.candidates[form.cleaned_data["assessor"]],
                )
                messages.success(request, _("The assessor was assigned."))
        elif action == "stret-zajmu":
            form = ConflictForm(request.POST)
            if form.is_valid():
                services.conflict_declare(
                    actor=user,
                    programme=application.programme,
                    assessor=user,
                    provider=application.provider,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("Your conflict of interest was recorded; you will not assess this provider."),
                )
        elif action == "hodnoceni":
            form = ScoreForm(request.POST, criteria=list(application.programme.criteria.all()))
            if form.is_valid():
                services.application_score(
                    actor=user, application=application, points=form.points()
                )
                messages.success(request, _("Your scores were saved."))
        elif action == "uprava":
            form = AdjustForm(request.POST)
            if form.is_valid():
                services.application_adjust(
                    actor=user,
                    application=application,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("The amount was adjusted."))
        elif action == "smlouva":
            form = ContractForm(request.POST)
            if form.is_valid():
                services.application_contract(
                    actor=user, application=application, **form.cleaned_data
                )
                messages.success(request, _("The contract was recorded."))
        elif action == "vyuctovani":
            form = SettleForm(request.POST)
            if form.is_valid():
                services.application_settle(
                    actor=user, application=application, **form.cleaned_data
                )
                messages.success(request, _("The settlement was recorded."))
        else:
            raise Http404
        if not form.is_valid():
            errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
            messages.error(request, _("Not saved: %(errors)s") % {"errors": errors})
    except KpssPermissionDenied:
        return forbidden(request, area)
    except KpssError as error:
        for message in (error.details.get("errors") or {}).values():
            messages.error(request, str(message))
        if not error.details.get("errors"):
            messages.error(request, error.message)
    return redirect(_application_url(application))


# --- Reports ---------------------------------------------------------------------------------


@staff_view("financing.view_internal")
def municipality_report(request: HttpRequest, area: PlanningArea, year: int) -> HttpResponse:
    programme = _programme(request, area, year)
    if not selectors.manages(request.user, area) and not programme.is_public:
        return forbidden(request, area)
    return render(
        request,
        "financing/report_municipalities.html",
        {"area": area, **reports.report_context(programme)},
    )


@staff_view("financing.view_internal")
def provider_report(request: HttpRequest, area: PlanningArea, year: int) -> HttpResponse:
    programme = _programme(request, area, year)
    if not selectors.manages(request.user, area) and not programme.is_public:
        return forbidden(request, area)
    return render(
        request,
        "financing/report_providers.html",
        {"area": area, **reports.report_context(programme)},
    )


@staff_view("financing.manage")
def download(request: HttpRequest, area: PlanningArea, year: int, fmt: str) -> HttpResponse:
    programme = _programme(request, area, year)
    name = f"program-kofinancovani-{area.slug}-{year}"
    if fmt == "xlsx":
        response = HttpResponse(reports.programme_xlsx(programme), content_type=XLSX)
    elif fmt == "pdf":
        response = HttpResponse(reports.programme_pdf(programme), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- Budgets, compensation and allocation ---------------------------------------------------


@staff_view("financing.manage")
def budgets(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    year = int(request.GET.get("rok") or request.POST.get("year") or 2024)
    services_qs = Service.objects.filter(pk__in=service_list(area=area).values("pk")).order_by(
        "name"
    )
    form = BudgetForm(
        request.POST or None,
        services=services_qs,
        municipalities=area_municipalities(area=area).order_by("name"),
        initial={"year": year},
    )
    if request.method == "POST" and form.is_valid():
        service = form.cleaned_data["service"]
        service_form = service.forms.select_related("form").first()
        if service_form is None:
            form.add_error("service", _("The service has no form in the registry."))
        else:
            try:
                services.service_budget_save(
                    actor=_user(request),
                    area=area,
                    service=service,
                    form=service_form.form,
                    year=form.cleaned_data["year"],
                    kind=form.cleaned_data["kind"],
                    units=form.cleaned_data["units"],
                    unit_kind=form.cleaned_data["unit_kind"],
                    amounts=form.amounts(),
                    users=form.users(),
                )
            except KpssError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The budget was saved."))
                return redirect(f"{reverse('financing:budgets', args=[area.slug])}?rok={year}")
    return render(
        request,
        "financing/budgets.html",
        {
            "area": area,
            "year": year,
            "rows": selectors.compensation_rows(area=area, year=year),
            "usual_costs": UsualCost.objects.filter(year=year).select_related(
                "service_type", "form"
            ),
            "form": form,
        },
    )


@staff_view("financing.manage")
def allocation(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    form = AllocationForm(request.GET or None, initial={"year": 2024, "floor": 0})
    comparison = None
    if request.GET and form.is_valid():
        comparison = allocation_compare(
            area=area,
            year=form.cleaned_data["year"],
            budget=form.cleaned_data["budget"],
            floor=(form.cleaned_data["floor"] or 0) / 100,
        )
    context: dict[str, Any] = {"area": area, "form": form, "comparison": comparison}
    if comparison is not None:
        context["scenarios"] = [(k, scenario_label(k)) for k in SCENARIOS]
        context["service_rows"] = [
            (
                item,
                [comparison.amounts[k][i] for k in SCENARIOS],
                comparison.amounts["need"][i] - comparison.amounts["proportional"][i],
            )
            for i, item in enumerate(comparison.inputs)
        ]
        context["municipality_rows"] = [
            (
                comparison.municipality_names[code],
                [comparison.by_municipality[k][j] for k in SCENARIOS],
                comparison.by_municipality["need"][j]
                - comparison.by_municipality["proportional"][j],
            )
            for j, code in enumerate(comparison.municipalities)
        ]
        context["unmet"] = [comparison.unmet[k] for k in SCENARIOS]
        context["below_minimum"] = [comparison.below_minimum[k] for k in SCENARIOS]
        context["below_floor"] = [comparison.below_floor[k] for k in SCENARIOS]
        context["checks"] = allocation_checks(comparison, "need") if comparison.feasible else []
    return render(request, "financing/allocation.html", context)


@staff_view("financing.import_budgets")
def budget_import(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    """Upload a table of budgets; a dry run ("jen zkontrolovat") only checks it."""
    form = BudgetImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.service_budgets_import(
                actor=_user(request),
                area=area,
                file_name=upload.name,
                data=upload.read(),
                dry_run=form.cleaned_data["dry_run"],
            )
        except KpssError as error:
            apply_errors(form, error)
        else:
            # A browser cannot keep the chosen file; start the next upload afresh (and a
            # successful check is usually followed by the real import).
            form = BudgetImportForm()
    return render(
        request,
        "financing/budget_import.html",
        {
            "area": area,
            "form": form,
            "report": report,
            "can_manage": selectors.manages(request.user, area),
        },
    )


@staff_view("financing.import_budgets")
def budget_import_template(request: HttpRequest, area: PlanningArea) -> HttpResponse:
    """The XLSX template of the budget import, with the area's municipalities."""
    response = HttpResponse(template_xlsx(area), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="rozpocty_sluzeb_sablona.xlsx"'
    return response
