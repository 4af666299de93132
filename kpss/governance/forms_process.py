"""Forms of the process timeline, the project budget and public events (staff). They only
validate input; the services in timeline.py, budget.py and events.py write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from kpss.governance.models import (
    BudgetLine,
    Event,
    Milestone,
    Participation,
    Person,
    Phase,
    Project,
    Spending,
)
from kpss.needs.forms import AccessibleForm
from kpss.registry.models import TargetGroup


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _field(model: type[models.Model], name: str, **kwargs: Any) -> Any:
    """The model field's form field: dates as date pickers, amounts with a floor of 0."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.DateTimeField):
        kwargs.setdefault("widget", DateTimeInput)
    elif isinstance(model_field, models.DateField):
        kwargs.setdefault("widget", DateInput)
    field = model_field.formfield(**kwargs)  # type: ignore[union-attr]
    assert field is not None
    if isinstance(model_field, models.DecimalField):
        field.widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})
    return field


class ProcessForm(AccessibleForm):
    """`values()` are the cleaned fields the service takes."""

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PhaseForm(ProcessForm):
    kind = _field(Phase, "kind")
    name = _field(
        Phase,
        "name",
        required=False,
        help_text=_("Leave empty to use the name of the phase."),
    )
    starts_on = _field(Phase, "starts_on")
    ends_on = _field(Phase, "ends_on")
    status = _field(Phase, "status")
    order = _field(Phase, "order", help_text=_("Orders phases that start on the same day."))


class MilestoneForm(ProcessForm):
    phase = forms.ModelChoiceField(label=_("phase"), queryset=Phase.objects.none())
    title = _field(Milestone, "title")
    due_on = _field(Milestone, "due_on")
    done_on = _field(Milestone, "done_on", help_text=_("Fill in when the milestone is reached."))
    responsible = forms.ModelChoiceField(
        label=_("responsible"), queryset=Person.objects.none(), required=False
    )
    remind_days_before = _field(
        Milestone,
        "remind_days_before",
        help_text=_("The responsible person gets an e-mail this many days before the deadline."),
    )

    def __init__(self, *args: Any, area: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phase: Any = self.fields["phase"]
        phase.queryset = Phase.objects.filter(planning_area=area).order_by("starts_on", "order")
        person: Any = self.fields["responsible"]
        person.queryset = Person.objects.filter(planning_area=area).order_by("name")
        person.label_from_instance = _person_label


def _person_label(person: Person) -> str:
    if person.is_example:
        return f"{person.name} ({_('example person')})"
    return person.name


class ProjectForm(ProcessForm):
    name = _field(Project, "name")
    registration_number = _field(Project, "registration_number")
    starts_on = _field(Project, "starts_on")
    ends_on = _field(Project, "ends_on")
    budget_total = _field(Project, "budget_total")
    participation_target = _field(
        Project,
        "participation_target",
        help_text=_("The project's indicator, e.g. 114 people."),
    )


class BudgetLineForm(ProcessForm):
    category = _field(BudgetLine, "category")
    name = _field(BudgetLine, "name")
    planned = _field(BudgetLine, "planned")


class SpendingForm(ProcessForm):
    period_start = _field(Spending, "period_start")
    period_end = _field(Spending, "period_end")
    amount = _field(Spending, "amount")
    note = _field(Spending, "note")


class ParticipationForm(ProcessForm):
    held_on = _field(Participation, "held_on")
    activity = _field(Participation, "activity")
    target_group = forms.ModelChoiceField(
        label=_("target group"), queryset=TargetGroup.objects.all(), required=False
    )
    people = _field(Participation, "people")
    people.widget.attrs["min"] = "1"


class EventForm(ProcessForm):
    kind = _field(Event, "kind")
    title = _field(Event, "title")
    starts_at = _field(Event, "starts_at")
    ends_at = _field(Event, "ends_at")
    place = _field(Event, "place", help_text=_("Address, or how to join online."))
    description = _field(Event, "description", widget=forms.Textarea(attrs={"rows": 5}))
    is_public = forms.BooleanField(label=_("Publish on the public portal"), required=False)
    is_example = forms.BooleanField(
        label=_("Example data"),
        required=False,
        help_text=_("Illustrative content of the demo; labelled as such on the public site."),
    )
