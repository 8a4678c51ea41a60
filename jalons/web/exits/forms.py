"""Filters of the exit lists and the committee forms; the rules stay in the services."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from jalons.core.actor import Actor
from jalons.pathways.enums import OTHER_EXIT_KINDS, POSITIVE_EXIT_KINDS, ExitKind, ExitSource
from jalons.pathways.models import CommitteeDecision, Exit, Pathway
from jalons.reports.bilan import EMPLOYMENT_KINDS, referent_q
from jalons.reports.labels import EXIT_KIND_LABELS, OTHER_EXIT_LABELS
from jalons.reports.pace import employment_exit_q
from jalons.web.reports.forms import ScopeFilterForm, date_field

# The review's exit lines (`categorie`), so that each count of the review opens its exits.
CATEGORIES = [
    ("positive", "Sorties positives"),
    ("employment", "Sorties en emploi stable et durable"),
    ("employment_rsa", "Sorties en emploi de bénéficiaires du RSA"),
    *[
        (k, v)
        for k, v in EXIT_KIND_LABELS.items()
        if k not in ("formation_qualifiante", "formation_qualifiante_over_cap")
    ],
    ("formation_qualifiante", "Formations qualifiantes (dans le plafond et hors plafond)"),
    *OTHER_EXIT_LABELS.items(),
]
POSITIVE_CHOICES = [("", "Toutes"), ("oui", "Oui"), ("non", "Non")]


def category_q(key: str) -> Q:
    """The exits a line of the review counts (mirrors `jalons.reports.bilan._exits`)."""
    positive = Q(is_positive=True)
    committee = Q(source=ExitSource.COMMITTEE)
    rules = positive & ~committee
    if key == "positive":
        return (rules & Q(kind__in=POSITIVE_EXIT_KINDS)) | (positive & committee)
    if key == "employment":
        return employment_exit_q()
    if key == "employment_rsa":
        return employment_exit_q() & Q(entry_rsa=True)
    if key in EMPLOYMENT_KINDS or key == ExitKind.QUALIFYING_TRAINING:
        return rules & Q(kind=key)
    if key == "committee":
        return positive & committee
    if key == ExitKind.OTHER:
        # A positive kind that was not validated counts as an "other" exit.
        return ~positive & (Q(kind=key) | ~Q(kind__in=OTHER_EXIT_KINDS))
    return ~positive & Q(kind=key)


class ExitFilterForm(ScopeFilterForm):
    categorie = forms.ChoiceField(label="Ligne du bilan", required=False)
    kind = forms.ChoiceField(
        label="Type de sortie", required=False, choices=[("", "Tous"), *ExitKind.choices]
    )
    source = forms.ChoiceField(
        label="Origine", required=False, choices=[("", "Toutes"), *ExitSource.choices]
    )
    positive = forms.ChoiceField(label="Sortie positive", required=False, choices=POSITIVE_CHOICES)

    def __init__(self, data: Any, *, actor: Actor) -> None:
        super().__init__(data, actor=actor)
        # The RSA line reveals who receives the RSA: for the roles that read it PLIE-wide.
        choices = [c for c in CATEGORIES if c[0] != "employment_rsa" or actor.reads_sensitive_data]
        self.fields["categorie"].choices = [("", "Toutes"), *choices]  # type: ignore[attr-defined]

    def filter(self, exits: QuerySet[Exit]) -> QuerySet[Exit]:
        data = self.cleaned_data
        plies = self.selected_plies()
        exits = exits.filter(plie_id__in=[p.pk for p in plies])
        scope = self.scope_filters()
        if scope["lot_id"] is not None:
            exits = exits.filter(pathway__lot_id=scope["lot_id"])
        if scope["bassin_id"] is not None:
            exits = exits.filter(pathway__entry_bassin_id=scope["bassin_id"])
        if scope["referent_id"] is not None:
            exits = exits.filter(
                referent_q(scope["referent_id"], data.get("du"), data.get("au"), "pathway__")
            )
        if data.get("du"):
            exits = exits.filter(date__gte=data["du"])
        if data.get("au"):
            exits = exits.filter(date__lte=data["au"])
        if data.get("categorie"):
            exits = exits.filter(category_q(data["categorie"]))
        if data.get("kind"):
            exits = exits.filter(kind=data["kind"])
        if data.get("source"):
            exits = exits.filter(source=data["source"])
        if data.get("positive"):
            exits = exits.filter(is_positive=data["positive"] == "oui")
        return exits


class ProposalForm(forms.Form):
    proposed_on = date_field("Date du Comité opérationnel", required=True)
    exit_kind = forms.ChoiceField(
        label="Type de sortie proposé", choices=ExitKind.choices, initial=ExitKind.OTHER
    )
    exit_date = date_field(
        "Date de sortie proposée", required=True, missing="Indiquez la date de sortie proposée."
    )
    counts_as_employment = forms.BooleanField(
        label="Sortie en emploi stable et durable (comptée avec les sorties en emploi du bilan)",
        required=False,
        initial=True,
    )
    proposal = forms.CharField(
        label="Situation proposée au Comité de pilotage",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Le cas hors des règles : contrat, durée, heures, ce qui justifie une sortie positive."
        ),
        error_messages={"required": "Décrivez la situation proposée au Comité de pilotage."},
    )

    def __init__(self, data: Any, *, pathway: Pathway) -> None:
        super().__init__(data)
        self.pathway = pathway
        self.fields["proposed_on"].initial = timezone.localdate

    def clean_exit_date(self) -> Any:
        day = self.cleaned_data["exit_date"]
        if day < self.pathway.entry_date:
            raise forms.ValidationError(
                f"La date de sortie proposée précède l'entrée dans le parcours "
                f"({self.pathway.entry_date:%d/%m/%Y})."
            )
        return day


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision du Comité de pilotage",
        widget=forms.RadioSelect,
        choices=[
            (CommitteeDecision.Status.ACCEPTED, "Retenue : la sortie est positive"),
            (CommitteeDecision.Status.REJECTED, "Refusée"),
        ],
        error_messages={"required": "Indiquez la décision du Comité de pilotage."},
    )
    decided_on = date_field("Date du Comité de pilotage", required=True)
    justification = forms.CharField(
        label="Justification de la décision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "La justification de la décision est obligatoire."},
    )

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        self.fields["decided_on"].initial = timezone.localdate
