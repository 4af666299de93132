"""Forms of the financing pages; every one works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kpss.financing.models import Programme, ServiceBudget, UnitKind
from kpss.needs.forms import AccessibleForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(AccessibleForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    call_from = forms.DateField(label=_("Call opens"), required=False, widget=DATE)
    call_to = forms.DateField(label=_("Call closes"), required=False, widget=DATE)


class FormulaForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    fixed_czk = forms.IntegerField(label=_("Fixed part per municipality (CZK)"), min_value=0)
    per_inhabitant = forms.DecimalField(
        label=_("Per inhabitant (CZK)"), min_value=0, decimal_places=2
    )
    age_group = forms.ChoiceField(label=_("Age group"), choices=Programme.AgeGroup.choices)
    per_age_group_inhabitant = forms.DecimalField(
        label=_("Per inhabitant of the age group (CZK)"), min_value=0, decimal_places=2
    )
    per_user = forms.DecimalField(
        label=_("Per resident user of services (CZK)"),
        min_value=0,
        decimal_places=2,
        help_text=_("Users by municipality of residence from the previous year's budgets."),
    )
    target_total = forms.IntegerField(
        label=_("Target total (CZK)"),
        min_value=0,
        required=False,
        help_text=_(
            "If given, the variable parts are only a key: the target minus the fixed parts "
            "is split in proportion to them."
        ),
    )
    formula_is_illustrative = forms.BooleanField(
        label=_("The formula is illustrative (not the real key)"), required=False
    )


class ParticipantsForm(AccessibleForm):
    municipalities: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Participating municipalities"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = queryset  # type: ignore[attr-defined]


class CriterionForm(AccessibleForm):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    max_points = forms.IntegerField(label=_("Maximum points"), min_value=1, max_value=1000)


class ApproveForm(AccessibleForm):
    resolution_number = forms.CharField(label=_("Resolution number"), max_length=60)
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE)


class ApplicationForm(AccessibleForm):
    service: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Service"), queryset=None)
    requested_amount = forms.IntegerField(label=_("Requested amount (CZK)"), min_value=1)
    units = forms.DecimalField(
        label=_("Network units (FTE or beds)"), min_value=0, decimal_places=2
    )
    total_cost = forms.IntegerField(label=_("Total costs of the service (CZK)"), min_value=0)
    non_public_revenue = forms.IntegerField(
        label=_("Non-public revenues (CZK)"),
        min_value=0,
        help_text=_("Users' payments, care allowance, health insurance, donations, other."),
    )
    other_public_funding = forms.IntegerField(
        label=_("Other public funding (CZK)"),
        min_value=0,
        initial=0,
        help_text=_("State and region, EU and other public money."),
    )
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    measures: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Plan measures the grant serves"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, services: Any, municipalities: Any, measures: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["measures"].queryset = measures  # type: ignore[attr-defined]
        if not measures.exists():
            del self.fields["measures"]
        self.municipalities = list(municipalities)
        for m in self.municipalities:
            self.fields[f"users_{m.pk}"] = forms.IntegerField(
                label=_("Users from %(name)s") % {"name": m.name},
                min_value=0,
                required=False,
            )

    def users_fields(self) -> list[Any]:
        return [self[f"users_{m.pk}"] for m in self.municipalities]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("users_")]

    def users(self) -> dict[Any, int]:
        return {
            m: self.cleaned_data.get(f"users_{m.pk}") or 0
            for m in self.municipalities
            if self.cleaned_data.get(f"users_{m.pk}")
        }


class AssignForm(AccessibleForm):
    assessor = forms.ChoiceField(label=_("Assessor"))

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(u.pk): u for u in candidates}
        self.fields["assessor"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), u.get_full_name() or u.username) for u in candidates
        ]


class ConflictForm(AccessibleForm):
    reason = forms.CharField(label=_("Reason of the conflict of interest"), max_length=300)


class ScoreForm(AccessibleForm):
    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"criterion_{c.pk}"] = forms.IntegerField(
                label=_("%(name)s (0–%(max)s points)") % {"name": c.name, "max": c.max_points},
                min_value=0,
                max_value=c.max_points,
            )
        self.criteria = criteria

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class AdjustForm(AccessibleForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.IntegerField(label=_("Adjusted amount (CZK)"), min_value=0)
    reason = forms.CharField(
        label=_("Reason of the committee"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ContractForm(AccessibleForm):
    contract_number = forms.CharField(label=_("Contract number"), max_length=60)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)


class SettleForm(AccessibleForm):
    amount_used = forms.IntegerField(label=_("Amount used (CZK)"), min_value=0)
    settled_on = forms.DateField(label=_("Settled on"), widget=DATE)


class AllocationForm(AccessibleForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    budget = forms.IntegerField(label=_("Budget to allocate (CZK)"), min_value=0)
    floor = forms.IntegerField(
        label=_("Fairness floor (% of each municipality's need)"),
        min_value=0,
        max_value=100,
        initial=0,
        required=False,
    )


class BudgetForm(AccessibleForm):
    service: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Service"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Version"), choices=ServiceBudget.Kind.choices)
    units = forms.DecimalField(label=_("Network units"), min_value=0, decimal_places=2)
    unit_kind = forms.ChoiceField(label=_("Unit"), choices=UnitKind.choices)
    basic_operation_cost = forms.IntegerField(
        label=_("Minimum for basic operation (CZK)"), min_value=0
    )

    AMOUNT_FIELDS = (
        *ServiceBudget.COSTS,
        *ServiceBudget.PUBLIC_REVENUES,
        *ServiceBudget.NON_PUBLIC_REVENUES,
    )

    def __init__(self, *args: Any, services: Any, municipalities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        for name in self.AMOUNT_FIELDS:
            label = ServiceBudget._meta.get_field(name).verbose_name  # type: ignore[union-attr]
            self.fields[name] = forms.IntegerField(
                label=_("%(label)s (CZK)") % {"label": label}, min_value=0, initial=0
            )
        self.municipalities = list(municipalities)
        for m in self.municipalities:
            self.fields[f"users_{m.pk}"] = forms.IntegerField(
                label=_("Users from %(name)s") % {"name": m.name}, min_value=0, required=False
            )

    def users_fields(self) -> list[Any]:
        return [self[f"users_{m.pk}"] for m in self.municipalities]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("users_")]

    def users(self) -> dict[Any, int]:
        return {
            m: self.cleaned_data[f"users_{m.pk}"]
            for m in self.municipalities
            if self.cleaned_data.get(f"users_{m.pk}")
        }

    def amounts(self) -> dict[str, int]:
        names = ("basic_operation_cost", *self.AMOUNT_FIELDS)
        return {name: self.cleaned_data[name] or 0 for name in names}


class BudgetImportForm(AccessibleForm):
    file = forms.FileField(
        label=_("File with budgets"),
        help_text=_("XLSX, or CSV in UTF-8 or windows-1250 with ';' or ','; at most 5 MB."),
    )
    dry_run = forms.BooleanField(
        label=_("Only check"),
        required=False,
        help_text=_("The file is checked and the counts shown; nothing is written."),
    )

    MAX_SIZE = 5 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload
