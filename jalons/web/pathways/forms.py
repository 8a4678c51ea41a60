"""Forms of the pathway actions; business rules stay in `jalons.pathways.services`."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from stdnum.fr import siret

from jalons.accounts.models import User
from jalons.organisations.enums import OrganisationKind
from jalons.organisations.models import Organisation
from jalons.pathways.enums import (
    EMPLOYMENT_STEP_KINDS,
    OTHER_EXIT_KINDS,
    Attendance,
    ContactKind,
    ExitKind,
    StepKind,
    StepOutcome,
)
from jalons.pathways.models import Step
from jalons.pathways.services.activity import validate_step_fields

# Organisations a step can be delivered by (spec §3: "each step has a provider organisation").
STEP_PROVIDER_KINDS = (
    OrganisationKind.PROVIDER,
    OrganisationKind.IAE_STRUCTURE,
    OrganisationKind.EMPLOYER,
    OrganisationKind.OTHER,
)

# The kind-specific fields and the step kinds they apply to: the page shows a field only for
# these kinds (the others stay visible without JavaScript, and the rules still check them).
STEP_FIELD_KINDS: dict[str, frozenset[str]] = {
    "monthly_hours": frozenset({StepKind.CDI, StepKind.CDD, StepKind.IAE_ACI, StepKind.IAE_EI}),
    "hours_worked": frozenset(
        {StepKind.INTERIM, StepKind.IAE_ETTI, StepKind.IAE_AI, StepKind.CLAUSE}
    ),
    "micro_entrepreneur": frozenset({StepKind.BUSINESS_CREATION}),
    "monthly_income": frozenset({StepKind.BUSINESS_CREATION}),
    "employer_siret": EMPLOYMENT_STEP_KINDS | {StepKind.IMMERSION},
}

SIRET_ERROR = (
    "Ce numéro SIRET n'est pas valide : il compte 14 chiffres dont une clé de contrôle "
    "(par exemple 732 829 320 00074)."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = True, today: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        initial=timezone.localdate if today else None,
    )


def reason_field(label: str, *, required: bool, max_length: int | None = None) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ContactForm(forms.Form):
    date = date_field("Date du contact")
    kind = forms.ChoiceField(label="Type de contact", choices=ContactKind.choices)
    attendance = forms.ChoiceField(
        label="Présence",
        choices=Attendance.choices,
        initial=Attendance.ATTENDED,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label="Compte rendu",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class StepForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type d'étape", choices=[("", "— Choisir un type —"), *StepKind.choices]
    )
    outcome = forms.ChoiceField(
        label="Résultat", choices=StepOutcome.choices, initial=StepOutcome.ONGOING
    )
    title = forms.CharField(
        label="Intitulé",
        required=False,
        max_length=255,
        help_text="Par exemple : « Agent de propreté », « Titre professionnel ADVF ».",
    )
    start_date = date_field("Date de début", today=False)
    end_date = date_field("Date de fin (incluse)", required=False, today=False)
    monthly_hours = forms.DecimalField(
        label="Heures par mois",
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text="Obligatoire pour un CDI ou un CDD (mi-temps : 76 h par mois).",
    )
    hours_worked = forms.DecimalField(
        label="Heures réalisées",
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text="Obligatoire pour une mission d'intérim.",
    )
    micro_entrepreneur = forms.BooleanField(label="Micro-entrepreneur", required=False)
    monthly_income = forms.DecimalField(
        label="Revenu mensuel déclaré (€)",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
    )
    employer_siret = forms.CharField(
        label="SIRET de l'employeur",
        required=False,
        max_length=20,
        help_text="14 chiffres, espaces acceptés.",
    )
    provider = ProviderChoiceField(
        label="Organisme (structure du PLIE)",
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="uid",
        empty_label="— Aucun —",
    )
    provider_name = forms.CharField(
        label="Autre organisme (nom)",
        required=False,
        max_length=200,
        help_text="Si l'organisme ne figure pas dans la liste.",
    )
    notes = forms.CharField(
        label="Observations", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, providers: QuerySet[Organisation], step: Step | None = None, **kwargs: Any
    ) -> None:
        if step is not None:
            kwargs.setdefault("initial", step_initial(step))
        super().__init__(*args, **kwargs)
        provider_field = self.fields["provider"]
        assert isinstance(provider_field, forms.ModelChoiceField)
        provider_field.queryset = providers.order_by("kind", "name")

    def clean_employer_siret(self) -> str:
        value = siret.compact(self.cleaned_data.get("employer_siret") or "")
        if value and not siret.is_valid(value):
            raise forms.ValidationError(SIRET_ERROR, code="siret")
        return str(value)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The same checks as the import and the API (services.activity.validate_step_fields).
        for name, message in validate_step_fields(data).items():
            if name in self.fields:
                self.add_error(name, message)
            else:
                self.add_error(None, message)
        if data.get("provider") and data.get("provider_name"):
            self.add_error(
                "provider_name",
                "Choisissez un organisme dans la liste ou saisissez son nom, pas les deux.",
            )
        return data


def step_initial(step: Step) -> dict[str, Any]:
    values = {name: getattr(step, name) for name in StepForm.base_fields if name != "provider"}
    values["provider"] = step.provider.uid if step.provider else None
    return values


class ReferentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.email
        organisation = getattr(obj, "organisation_name", "")
        return f"{name} – {organisation}" if organisation else name


class ReferentChangeForm(forms.Form):
    referent = ReferentChoiceField(
        label="Nouveau ou nouvelle référent·e",
        queryset=User.objects.none(),
        to_field_name="uid",
        empty_label="— Choisir un accompagnateur —",
    )
    on = date_field("À compter du")
    reason = forms.CharField(label="Motif", required=False, max_length=255)

    def __init__(self, *args: Any, advisers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["referent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = advisers


class SuspendForm(forms.Form):
    on = date_field("Suspendu à compter du")
    reason = reason_field("Motif de la suspension", required=True, max_length=255)


class ResumeForm(forms.Form):
    on = date_field("Repris le")


class ExitForm(forms.Form):
    # Every kind is accepted here so that the service, the one authority, explains why a
    # positive exit is refused; the list only offers the exits people record.
    kind = forms.ChoiceField(
        label="Type de sortie", choices=[("", "— Choisir —"), *ExitKind.choices]
    )
    on = date_field("Date de sortie")
    reason = reason_field("Motif", required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.choices = [("", "— Choisir —")] + [
            (kind.value, kind.label) for kind in ExitKind if kind in OTHER_EXIT_KINDS
        ]


class TransferForm(forms.Form):
    """Choices are the caseload page's rows (user uid → name), built once by the view."""

    from_referent = forms.ChoiceField(label="Transférer le portefeuille de")
    to_referent = forms.ChoiceField(label="Vers")
    on = date_field("À compter du")
    reason = forms.CharField(
        label="Motif", required=False, max_length=255, initial="Transfert de portefeuille"
    )

    def __init__(
        self,
        *args: Any,
        sources: list[tuple[str, str]],
        targets: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        blank = [("", "— Choisir —")]
        self.fields["from_referent"].choices = blank + sources  # type: ignore[attr-defined]
        self.fields["to_referent"].choices = blank + targets  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source, target = data.get("from_referent"), data.get("to_referent")
        if source and target and source == target:
            self.add_error("to_referent", "Choisissez deux accompagnateurs différents.")
        return data
