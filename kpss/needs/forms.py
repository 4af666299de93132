"""Forms of the needs register, SWOT and surveys (staff) and the public questionnaire.

Forms only validate input; every write goes through kpss.needs.services. Fields describe
themselves to assistive technology: `aria-describedby` points at their help text and error
message, `aria-invalid` marks the wrong ones (see AccessibleForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kpss.core.text import czech_sort_key
from kpss.needs.models import Need, Question, Survey, SwotItem
from kpss.registry.models import AgeBand, ServiceType, TargetGroup
from kpss.territory.models import Municipality

#: Above this many municipalities a multiple select replaces the list of checkboxes.
CHECKBOX_LIMIT = 60

GROUP_WIDGETS = ("radioselect", "checkboxselectmultiple")


class AccessibleForm(forms.Form):
    """Links every field to its help text and error message (ids `<id>_helptext` and
    `<id>_error`, as the field templates render them) and marks invalid fields."""

    def full_clean(self) -> None:
        super().full_clean()
        self.describe_fields()

    def describe_fields(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if self.is_bound and self.errors.get(name):
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids and bound.widget_type not in GROUP_WIDGETS:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def error_links(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) for the error summary: each links to its field."""
        links = [("", "", str(error)) for error in self.non_field_errors()]
        for name in self.fields:
            bound = self[name]
            anchor = bound.auto_id
            if bound.widget_type in GROUP_WIDGETS:
                anchor = f"{bound.auto_id}_0"
            for error in self.errors.get(name, []):
                links.append((anchor, capfirst(str(bound.label)), str(error)))
        return links


def _sorted_choices(objects: Any) -> list[tuple[str, str]]:
    return sorted(((str(o.pk), str(o)) for o in objects), key=lambda p: czech_sort_key(p[1]))


class NeedForm(AccessibleForm):
    """The fields of a need; `version` travels with the edit form for optimistic locking."""

    title = Need._meta.get_field("title").formfield()
    description = Need._meta.get_field("description").formfield(
        widget=forms.Textarea(attrs={"rows": 4})
    )
    target_group = forms.ModelChoiceField(
        label=_("target group"), queryset=TargetGroup.objects.none(), required=False
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("municipalities concerned"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    service_types = forms.ModelMultipleChoiceField(
        label=_("service types"),
        queryset=ServiceType.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose more than one."),
    )
    raised_by = forms.ChoiceField(label=_("raised by"), choices=Need.RaisedBy.choices)
    raised_by_name = Need._meta.get_field("raised_by_name").formfield(
        help_text=_("For example the name of the working group, the municipality or the survey.")
    )
    evidence = Need._meta.get_field("evidence").formfield(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What shows the need: data, survey results, statements of the working group."),
    )
    identified_on = forms.DateField(
        label=_("identified on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=Need._meta.get_field("identified_on").help_text,
    )
    regional_need_number = Need._meta.get_field("regional_need_number").formfield()
    priority = forms.ChoiceField(
        label=_("priority"), choices=Need.Priority.choices, initial=Need.Priority.MEDIUM
    )
    status = forms.ChoiceField(
        label=_("status"), choices=Need.Status.choices, initial=Need.Status.PROPOSED
    )
    is_public = forms.BooleanField(label=_("Publish on the public portal"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group: Any = self.fields["target_group"]
        group.queryset = TargetGroup.objects.all()
        group.choices = [("", "—"), *_sorted_choices(TargetGroup.objects.all())]
        field: Any = self.fields["municipalities"]
        field.queryset = municipalities
        field.choices = _sorted_choices(municipalities)
        if len(field.choices) > CHECKBOX_LIMIT:
            field.widget = forms.SelectMultiple(attrs={"size": 12})
            field.widget.choices = field.choices
        types: Any = self.fields["service_types"]
        types.queryset = ServiceType.objects.order_by("order", "key")

    def service_fields(self) -> dict[str, Any]:
        """Keyword arguments for need_create / need_update."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["municipalities"] = list(data["municipalities"])
        data["service_types"] = list(data["service_types"])
        return data


class NeedFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False)
    priority = forms.ChoiceField(label=_("priority"), required=False)
    group = forms.ChoiceField(label=_("target group"), required=False)

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        anything: list[tuple[str, Any]] = [("", _("all"))]
        fields: dict[str, Any] = self.fields
        fields["status"].choices = anything + list(Need.Status.choices)
        fields["priority"].choices = anything + list(Need.Priority.choices)
        fields["group"].choices = anything + _sorted_choices(TargetGroup.objects.all())

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class SwotItemForm(AccessibleForm):
    kind = forms.ChoiceField(label=_("kind"), choices=SwotItem.Kind.choices)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 3}))
    topic = forms.CharField(
        label=_("topic or working group"),
        max_length=150,
        required=False,
        help_text=_("Items with the same topic form one SWOT table."),
    )
    target_group = forms.ModelChoiceField(
        label=_("target group"), queryset=TargetGroup.objects.all(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group: Any = self.fields["target_group"]
        group.choices = [("", "—"), *_sorted_choices(TargetGroup.objects.all())]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("topic") and not data.get("target_group") and not self.errors:
            raise forms.ValidationError(_("Give a topic or choose a target group."))
        return data


class SurveyForm(AccessibleForm):
    title = Survey._meta.get_field("title").formfield()
    introduction = Survey._meta.get_field("introduction").formfield(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown above the questions: why you ask and what happens with the answers."),
    )
    target_group = forms.ModelChoiceField(
        label=_("target group"), queryset=TargetGroup.objects.all(), required=False
    )
    opens_on = forms.DateField(
        label=_("open from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("open until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to close the survey by hand."),
    )
    ask_municipality = forms.BooleanField(
        label=_("ask for municipality of residence"), required=False, initial=True
    )
    ask_age_band = forms.BooleanField(label=_("ask for age band"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group: Any = self.fields["target_group"]
        group.choices = [("", "—"), *_sorted_choices(TargetGroup.objects.all())]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The end must not be before the start."))
        return data


class QuestionForm(AccessibleForm):
    text = forms.CharField(label=_("question"), max_length=500)
    kind = forms.ChoiceField(
        label=_("kind of answer"), choices=Question.Kind.choices, widget=forms.RadioSelect
    )
    choices = forms.CharField(
        label=_("answer options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For single and multiple choice: one option per line, at least two."),
    )
    scale_min = forms.IntegerField(
        label=_("scale from"), min_value=0, max_value=10, initial=1, required=False
    )
    scale_max = forms.IntegerField(
        label=_("scale to"),
        min_value=1,
        max_value=10,
        initial=5,
        required=False,
        help_text=_("For a scale only; the other kinds of answer ignore it."),
    )
    help_text = forms.CharField(
        label=_("help text"),
        max_length=500,
        required=False,
        help_text=_("An optional explanation shown under the question."),
    )
    required = forms.BooleanField(label=_("answer required"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        options = [line.strip() for line in (data.get("choices") or "").splitlines()]
        options = [o for o in options if o]
        data["options"] = options
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(options) < 2:
            self.add_error("choices", _("A choice question needs at least two options."))
        if "scale_min" not in self.errors and data.get("scale_min") is None:
            data["scale_min"] = 1
        if "scale_max" not in self.errors and data.get("scale_max") is None:
            data["scale_max"] = 5
        low, high = data.get("scale_min"), data.get("scale_max")
        if kind == Question.Kind.SCALE and low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("The end of the scale must be above its start."))
        return data


class ResponseForm(AccessibleForm):
    """The public questionnaire: one field per question (`q<id>`), then the optional
    municipality of residence and age band. Validation is done by response_submit."""

    def __init__(
        self,
        *args: Any,
        survey: Survey,
        questions: list[Question],
        municipalities: list[Municipality],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._question_field(question)
        if survey.ask_municipality:
            self.fields["municipality"] = forms.ChoiceField(
                label=_("Municipality where you live"),
                required=False,
                choices=[("", _("I prefer not to say"))]
                + [(m.code, m.name) for m in municipalities],
            )
        if survey.ask_age_band:
            bands = AgeBand.objects.order_by("age_from", "name")
            self.fields["age_band"] = forms.TypedChoiceField(
                label=_("Your age"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("I prefer not to say"))] + [(str(b.pk), b.name) for b in bands],
            )

    @staticmethod
    def _question_field(question: Question) -> forms.Field:
        common: dict[str, Any] = {
            "label": question.text,
            "required": question.required,
            "help_text": question.help_text,
            "error_messages": {
                "required": _("This question is required."),
                "invalid_choice": _("Choose from the options offered."),
            },
        }
        options = [(str(c.pk), c.text) for c in question.choices.all()]
        if question.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        if question.kind == Question.Kind.SCALE:
            values = [(str(v), str(v)) for v in range(question.scale_min, question.scale_max + 1)]
            if not common["help_text"]:
                common["help_text"] = _("%(low)s = least, %(high)s = most") % {
                    "low": question.scale_min,
                    "high": question.scale_max,
                }
            field = forms.ChoiceField(choices=values, widget=forms.RadioSelect, **common)
            field.is_scale = True  # type: ignore[attr-defined]
            return field
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common)

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q{q.pk}"] for q in self.questions]

    def about_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("municipality", "age_band") if name in self.fields]

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
