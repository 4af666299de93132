"""Forms of the plan pages (staff editor, consultation, councils) and the public comment form.

Forms only validate input; every write goes through kpss.planning.services. They share the
accessible behaviour of the needs forms (aria-describedby, aria-invalid, error summary)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kpss.core.formats import format_date
from kpss.core.text import czech_sort_key
from kpss.governance.models import Body
from kpss.needs.forms import AccessibleForm
from kpss.needs.models import AnalysisRun, Need
from kpss.organisations.models import Organisation
from kpss.planning.analysis_embed import analysis_runs_for_sections
from kpss.planning.models import (
    Comment,
    CouncilOpinion,
    FundingSource,
    Measure,
    Plan,
    PlanVersion,
    Section,
)
from kpss.registry.models import Form, Service, ServiceType, TargetGroup
from kpss.territory.models import Municipality, PlanningArea


def _sorted_choices(objects: Any) -> list[tuple[str, str]]:
    return sorted(((str(o.pk), str(o)) for o in objects), key=lambda p: czech_sort_key(p[1]))


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MULTI_HELP = _("Hold Ctrl (Cmd on a Mac) to choose more than one.")


class PlanForm(AccessibleForm):
    title = forms.CharField(label=_("title"), max_length=300)
    period_from_year = forms.IntegerField(label=_("from year"), min_value=2000, max_value=2100)
    period_to_year = forms.IntegerField(label=_("to year"), min_value=2000, max_value=2100)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_example = forms.BooleanField(
        label=_("illustrative content"),
        required=False,
        help_text=Plan._meta.get_field("is_example").help_text,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from_year"), data.get("period_to_year")
        if start and end and end < start:
            self.add_error("period_to_year", _("The period cannot end before it starts."))
        return data


class SectionForm(AccessibleForm):
    title = forms.CharField(label=_("title"), max_length=250)
    body = forms.CharField(
        label=_("text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Markdown: ## heading, **bold**, *italics*, - list, [link](https://…), tables. "
            "Anything else is removed when the text is shown."
        ),
    )
    analysis_run = forms.ModelChoiceField(
        label=_("embedded analysis"),
        queryset=AnalysisRun.objects.none(),
        required=False,
        empty_label=_("none"),
        help_text=_(
            "A stored gap analysis whose table is shown after the text. Freezing the version "
            "keeps the table as it is now."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, area: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["analysis_run"]
        assert isinstance(field, forms.ModelChoiceField)
        if area is not None:
            field.queryset = analysis_runs_for_sections(area)
        field.label_from_instance = _run_choice_label  # type: ignore[method-assign,assignment]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"title": data["title"], "body": data["body"], "analysis_run": data["analysis_run"]}


def _run_choice_label(run: AnalysisRun) -> str:
    name = run.label or str(_("Gap analysis"))
    suffix = " – " + str(_("scenario")) if run.is_scenario else ""
    return f"{name} ({format_date(run.created_at)}){suffix}"


class PriorityForm(AccessibleForm):
    code = forms.CharField(label=_("code"), max_length=20)
    title = forms.CharField(label=_("title"), max_length=300)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


MEASURE_ORDER = (
    "priority", "code", "title", "description", "reason", "needs", "working_group",
    "target_groups", "service_types", "forms", "municipalities", "responsible_organisation",
    "partners", "year_from", "year_to", "version",
)  # fmt: skip


class MeasureForm(AccessibleForm):
    priority = forms.ChoiceField(label=_("priority"))
    code = forms.CharField(label=_("code"), max_length=20, help_text=_("For example 2.1.3."))
    title = forms.CharField(label=_("title"), max_length=300)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the measure is needed: the needs and gaps it answers."),
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("needs addressed"),
        queryset=Need.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=MULTI_HELP,
    )
    working_group = forms.ModelChoiceField(
        label=_("working group"), queryset=Body.objects.none(), required=False
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=MULTI_HELP,
    )
    service_types = forms.ModelMultipleChoiceField(
        label=_("service types"),
        queryset=ServiceType.objects.order_by("order", "key"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=MULTI_HELP,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("municipalities concerned"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=MULTI_HELP,
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("responsible organisation"), queryset=Organisation.objects.none(), required=False
    )
    partners = forms.CharField(
        label=_("partners"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    year_from = forms.IntegerField(
        label=_("from year"), required=False, min_value=2000, max_value=2100
    )
    year_to = forms.IntegerField(label=_("to year"), required=False, min_value=2000, max_value=2100)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, version: PlanVersion, municipalities: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        area: PlanningArea = version.plan.planning_area
        fields: dict[str, Any] = self.fields
        # A field named "forms" cannot be declared in the class body next to `forms.X`.
        fields["forms"] = forms.ModelMultipleChoiceField(
            label=_("forms"),
            queryset=Form.objects.all(),
            required=False,
            widget=forms.SelectMultiple(attrs={"size": 3}),
            help_text=MULTI_HELP,
        )
        self.order_fields([*MEASURE_ORDER])
        fields = dict(self.fields)  # re-read: order_fields made a new dict
        fields["priority"].choices = [
            (str(p.pk), str(p)) for p in version.priorities.order_by("order", "code")
        ]
        fields["needs"].queryset = Need.objects.filter(planning_area=area).order_by("number")
        groups = Body.objects.filter(planning_area=area, kind=Body.Kind.WORKING_GROUP)
        fields["working_group"].queryset = groups.order_by("name")
        fields["municipalities"].queryset = municipalities
        fields["municipalities"].choices = _sorted_choices(municipalities)
        orgs = Organisation.objects.all()
        fields["responsible_organisation"].queryset = orgs
        fields["responsible_organisation"].choices = [("", "—"), *_sorted_choices(orgs)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("The period cannot end before it starts."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("priority", None)
        for name in ("needs", "target_groups", "service_types", "forms", "municipalities"):
            data[name] = list(data[name])
        return data


class ActivityForm(AccessibleForm):
    prefix = "activity"
    title = forms.CharField(label=_("activity"), max_length=300)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CostForm(AccessibleForm):
    prefix = "cost"
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("funding source"), choices=FundingSource.choices)
    amount_czk = forms.IntegerField(
        label=_("amount (CZK)"), min_value=0, help_text=_("Zero removes the estimate.")
    )


class IndicatorForm(AccessibleForm):
    prefix = "indicator"
    name = forms.CharField(label=_("indicator"), max_length=300)
    unit = forms.CharField(label=_("unit"), max_length=50)
    baseline = forms.DecimalField(label=_("baseline"), required=False, max_digits=12)
    target = forms.DecimalField(label=_("target"), required=False, max_digits=12)
    source = forms.CharField(label=_("source of data"), required=False, max_length=300)


class NetworkChangeForm(AccessibleForm):
    prefix = "network"
    service_type = forms.ModelChoiceField(
        label=_("service type"), queryset=ServiceType.objects.order_by("order", "key")
    )
    form = forms.ModelChoiceField(label=_("form"), queryset=Form.objects.all(), required=False)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    delta_capacity = forms.IntegerField(label=_("change of capacity"), initial=0)
    delta_units = forms.DecimalField(
        label=_("change of network units"), initial=0, max_digits=8, decimal_places=2
    )


class NetworkEntryForm(AccessibleForm):
    """A registered service of the area in the plan's network, with its planned changes."""

    prefix = "entry"
    service = forms.ModelChoiceField(label=_("service"), queryset=Service.objects.none())
    form = forms.ModelChoiceField(label=_("form"), queryset=Form.objects.all(), required=False)
    capacity = forms.DecimalField(label=_("capacity"), required=False, max_digits=10)
    network_units = forms.DecimalField(label=_("network units"), required=False, max_digits=8)
    planned_changes = forms.CharField(
        label=_("planned changes per year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One year a line: the year, the change of capacity and optionally the change of "
            "units, for example „2023 +5 0,5“."
        ),
    )
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["service"]
        field.queryset = services
        field.choices = [("", "—"), *_sorted_choices(services)]

    def clean_planned_changes(self) -> list[dict[str, Any]]:
        rows = []
        for line in (self.cleaned_data.get("planned_changes") or "").splitlines():
            parts = line.replace(";", " ").split()
            if not parts:
                continue
            try:
                year = int(parts[0])
                capacity = int(parts[1]) if len(parts) > 1 else 0
                units = parts[2].replace(",", ".") if len(parts) > 2 else "0"
                float(units)
            except ValueError:
                raise forms.ValidationError(
                    _("Write each line as a year and whole numbers, for example „2023 +5“.")
                ) from None
            rows.append({"year": year, "delta_capacity": capacity, "delta_units": units})
        return rows


class ConsultationForm(AccessibleForm):
    starts_on = forms.DateField(label=_("comments from"), widget=DATE)
    ends_on = forms.DateField(label=_("comments until"), widget=DATE)
    hearing_on = forms.DateField(label=_("public hearing on"), required=False, widget=DATE)
    hearing_time = forms.TimeField(
        label=_("public hearing at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    hearing_place = forms.CharField(label=_("public hearing place"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The consultation cannot end before it starts."))
        return data


class ApprovalForm(AccessibleForm):
    body = forms.ModelChoiceField(
        label=_("approving body"), queryset=Body.objects.none(), required=False
    )
    body_name = forms.CharField(
        label=_("approving body (name)"),
        required=False,
        max_length=250,
        help_text=_("Only when the body is not in the list."),
    )
    resolution_number = forms.CharField(label=_("resolution number"), max_length=60)
    decided_on = forms.DateField(label=_("date"), widget=DATE)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, area: PlanningArea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["body"]
        field.queryset = Body.objects.filter(planning_area=area, kind=Body.Kind.ASSEMBLY)
        first = field.queryset.first()
        if first is not None:
            field.initial = first.pk


class CommentFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("settlement"),
        required=False,
        choices=[("", _("all")), ("unsettled", _("unsettled")), ("settled", _("settled"))],
    )
    hidden = forms.ChoiceField(
        label=_("hidden comments"),
        required=False,
        choices=[("", _("not shown")), ("with", _("shown too")), ("only", _("only hidden"))],
    )


class SettleForm(AccessibleForm):
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=Comment.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("reason for the outcome"), widget=forms.Textarea(attrs={"rows": 3})
    )
    resulting = forms.ChoiceField(
        label=_("resulting change"),
        required=False,
        help_text=_("The section or measure of the next version the comment led to."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, later: list[PlanVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[Any] = [("", "—")]
        for version in later:
            label = _("Version %(number)s") % {"number": version.number}
            options = [(f"s:{s.pk}", s.title) for s in Section.objects.filter(plan_version=version)]
            options += [
                (f"m:{m.pk}", f"{m.code} {m.title}")
                for m in Measure.objects.filter(plan_version=version)
            ]
            choices.append((label, options))
        field: Any = self.fields["resulting"]
        field.choices = choices


class HideForm(AccessibleForm):
    reason = forms.CharField(
        label=_("reason for hiding"),
        max_length=300,
        help_text=_("Recorded and shown to the team; for example abusive or off-topic."),
    )


class CouncilOpinionForm(AccessibleForm):
    result = forms.ChoiceField(label=_("result"), choices=CouncilOpinion.Result.choices)
    resolution_number = forms.CharField(label=_("resolution number"), max_length=60, required=False)
    decided_on = forms.DateField(label=_("date"), widget=DATE)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label=_("file"), required=False)


class CommentForm(AccessibleForm):
    """The paper form of a public comment, with a honeypot field (`website`)."""

    author_name = forms.CharField(
        label=_("name and surname"),
        max_length=150,
        error_messages={"required": _("Please give your name.")},
    )
    email = forms.EmailField(
        label=_("e-mail"),
        max_length=254,
        error_messages={
            "required": _("Please give an e-mail address we can reply to."),
            "invalid": _("Please give an e-mail address we can reply to."),
        },
        help_text=_("Only for the reply about the settlement; never published."),
    )
    organisation = forms.CharField(
        label=_("organisation"),
        max_length=250,
        required=False,
        help_text=_("When you comment for a municipality, a provider or another organisation."),
    )
    commenter_kind = forms.ChoiceField(
        label=_("commenting as"),
        choices=Comment.CommenterKind.choices,
        widget=forms.RadioSelect,
        initial=Comment.CommenterKind.CITIZEN,
    )
    target = forms.ChoiceField(
        label=_("the comment concerns"),
        error_messages={"required": _("Choose one section or one measure the comment concerns.")},
    )
    quoted_passage = forms.CharField(
        label=_("quoted passage"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: copy the sentence or passage you comment on."),
    )
    proposed_change = forms.CharField(
        label=_("proposed change"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe the change you propose.")},
    )
    justification = forms.CharField(
        label=_("justification"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my name and e-mail are processed for the settlement of comments"),
        help_text=_("The e-mail is never published."),
        error_messages={"required": _("We need your consent to process your name and e-mail.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, content: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = [(f"s:{s['id']}", s["title"]) for s in content.get("sections", [])]
        measures = [
            (f"m:{m['id']}", f"{m['code']} {m['title']}")
            for p in content.get("priorities", [])
            for m in p["measures"]
        ]
        field: Any = self.fields["target"]
        field.choices = [
            ("", "—"),
            (str(_("Sections")), sections),
            (str(_("Measures")), measures),
        ]

    def visible_fields(self) -> list[Any]:
        return [f for f in super().visible_fields() if f.name != "website"]


def split_target(value: str) -> tuple[int | None, int | None]:
    """`s:12` → (12, None); `m:7` → (None, 7); anything else → (None, None)."""
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None, None
    if kind == "s":
        return int(pk), None
    if kind == "m":
        return None, int(pk)
    return None, None
