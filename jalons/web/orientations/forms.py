"""Orientation forms: the person and the reasons, then the entry decision (spec §3)."""

import re
from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone

from jalons.core.actor import Actor
from jalons.organisations.enums import PrescriberKind, Role
from jalons.organisations.models import Organisation
from jalons.participants.enums import (
    SENSITIVE_BARRIERS,
    Barrier,
    Household,
    QualificationLevel,
    Sex,
)
from jalons.participants.models import Participant
from jalons.territory.models import Commune, CommunePostalCode
from jalons.web.orientations.queries import ReferentChoice

SPONTANEOUS = "spontane"
MIN_AGE = 16
PHONE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Commune) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.postal_code})"


class OrientationForm(forms.ModelForm):
    """The person (a new, unsaved `Participant`) and why they are oriented."""

    origin = forms.ChoiceField(label="Orienté·e par")
    barriers = forms.MultipleChoiceField(
        label="Freins constatés",
        required=False,
        choices=Barrier.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = forms.CharField(
        label="Motifs de l'orientation",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que la personne attend de l'accompagnement, ce qui a motivé l'orientation.",
        error_messages={"required": "Indiquez les motifs de l'orientation."},
    )

    class Meta:
        model = Participant
        fields = [
            "last_name",
            "first_name",
            "sex",
            "birth_date",
            "phone",
            "email",
            "address",
            "postal_code",
            "commune",
            "qpv",
            "france_travail_id",
            "france_travail_registered",
            "job_seeker_since",
            "rsa",
            "ass",
            "aah",
            "rqth",
            "qualification_level",
            "household",
            "executive_long_excluded",
        ]
        widgets = {
            "sex": forms.RadioSelect,
            "birth_date": _date_input(),
            "job_seeker_since": _date_input(),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5}),
        }
        labels = {"qpv": "Réside dans un quartier prioritaire (QPV)"}
        help_texts = {
            "france_travail_id": "8 à 11 caractères, par exemple 1234567A.",
            "job_seeker_since": "Date de la dernière inscription continue.",
        }
        error_messages = {
            "last_name": {"required": "Indiquez le nom de la personne."},
            "first_name": {"required": "Indiquez le prénom de la personne."},
            "sex": {"required": "Indiquez le sexe de la personne."},
            "birth_date": {
                "required": "Indiquez la date de naissance.",
                "invalid": "Date de naissance invalide (JJ/MM/AAAA).",
            },
            "commune": {"required": "Indiquez la commune de résidence."},
        }

    def __init__(
        self, *args: Any, actor: Actor, prescribers: list[Organisation], **kwargs: Any
    ) -> None:
        kwargs.setdefault("instance", Participant(plie=actor.plie))
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["commune"] = CommuneChoiceField(
            label="Commune de résidence",
            queryset=actor.plie.communes.order_by("name") if actor.plie else Commune.objects.none(),
            to_field_name="insee_code",
            error_messages={
                "required": "Indiquez la commune de résidence.",
                "invalid_choice": "Cette commune n'est pas sur le territoire du PLIE.",
            },
        )
        if actor.role == Role.PRESCRIBER:
            # A prescriber orients for its own organisation: no choice to make.
            del self.fields["origin"]
        else:
            self.prescribers = {str(org.uid): org for org in prescribers}
            cast(forms.ChoiceField, self.fields["origin"]).choices = [
                ("", "—"),
                *((uid, org.name) for uid, org in self.prescribers.items()),
                (SPONTANEOUS, "Candidature spontanée (sans prescripteur)"),
            ]
            self.fields["origin"].error_messages["required"] = (
                "Indiquez qui oriente la personne, ou « candidature spontanée »."
            )
        # No blank radio for the sex; readable empty choices for the optional lists.
        cast(forms.ChoiceField, self.fields["sex"]).choices = Sex.choices
        cast(forms.ChoiceField, self.fields["qualification_level"]).choices = [
            ("", "Non renseigné"),
            *QualificationLevel.choices,
        ]
        cast(forms.ChoiceField, self.fields["household"]).choices = [
            ("", "Non renseignée"),
            *Household.choices,
        ]
        cast(CommuneChoiceField, self.fields["commune"]).empty_label = "Choisissez la commune"
        self.sensitive_barriers = [str(b) for b in SENSITIVE_BARRIERS]

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_birth_date(self) -> date:
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError("La date de naissance ne peut pas être dans le futur.")
        if born.year < 1900:
            raise forms.ValidationError("Date de naissance invalide.")
        if Participant(birth_date=born).age_on(today) < MIN_AGE:
            raise forms.ValidationError(f"La personne doit avoir au moins {MIN_AGE} ans.")
        return born

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                "Numéro de téléphone invalide (par exemple 06 12 34 56 78)."
            )
        return phone

    def clean_postal_code(self) -> str:
        code = self.cleaned_data["postal_code"].strip()
        if code and not re.fullmatch(r"[0-9]{5}", code):
            raise forms.ValidationError("Le code postal compte 5 chiffres.")
        return code

    def clean_france_travail_id(self) -> str:
        return self.cleaned_data["france_travail_id"].replace(" ", "").upper()

    def clean_job_seeker_since(self) -> date | None:
        since = self.cleaned_data["job_seeker_since"]
        if since and since > timezone.localdate():
            raise forms.ValidationError("La date d'inscription ne peut pas être dans le futur.")
        return since

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commune, code = data.get("commune"), data.get("postal_code")
        if commune and code:
            known = set(
                CommunePostalCode.objects.filter(commune=commune).values_list(
                    "postal_code", flat=True
                )
            ) | {commune.postal_code}
            if code not in known:
                self.add_error(
                    "postal_code",
                    f"Ce code postal ne correspond pas à {commune.name} "
                    f"({', '.join(sorted(known))}).",
                )
        since, born = data.get("job_seeker_since"), data.get("birth_date")
        if since and not data.get("france_travail_registered"):
            self.add_error(
                "france_travail_registered",
                "Une date d'inscription est indiquée : cochez « inscrit·e à France Travail » "
                "ou effacez la date.",
            )
        if since and born and since < born:
            self.add_error("job_seeker_since", "La date d'inscription précède la naissance.")
        return data

    def _post_clean(self) -> None:
        # django-stubs omits Django's private BaseModelForm._post_clean, which exists.
        super()._post_clean()  # type: ignore[misc]
        self.instance.barriers = list(self.cleaned_data.get("barriers") or [])

    def prescriber(self) -> tuple[Organisation | None, str]:
        """The prescriber organisation and kind of the orientation."""
        if self.actor.role == Role.PRESCRIBER:
            org = self.actor.organisation
            assert org is not None
            return org, org.prescriber_kind or PrescriberKind.AUTRE
        origin = self.cleaned_data["origin"]
        if origin == SPONTANEOUS:
            return None, PrescriberKind.SPONTANE
        org = self.prescribers[origin]
        return org, org.prescriber_kind or PrescriberKind.AUTRE


class ReferentSelect(forms.Select):
    """Each referent option carries its lot (`data-lot`) so the lot follows the referent."""

    def __init__(self, *args: Any, option_lots: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.option_lots = option_lots

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        lot = self.option_lots.get(str(option["value"]))
        if lot:
            option["attrs"]["data-lot"] = lot
        return option


class AcceptForm(forms.Form):
    """Entry into the PLIE: date, referent, lot, and a justification when criteria fail."""

    entry_date = forms.DateField(
        label="Date d'entrée",
        widget=_date_input(),
        error_messages={"required": "Indiquez la date d'entrée.", "invalid": "Date invalide."},
    )
    referent = forms.ChoiceField(
        label="Référent·e (accompagnateur à l'emploi)",
        error_messages={
            "required": "Choisissez le ou la référent·e du parcours.",
            "invalid_choice": "Choisissez un·e accompagnateur·rice de la liste.",
        },
    )
    lot = forms.ChoiceField(
        label="Lot territorial",
        required=False,
        error_messages={"invalid_choice": "Choisissez un lot du PLIE."},
    )
    justification = forms.CharField(
        label="Justification de la dérogation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        referents: list[ReferentChoice],
        lots: list[Any],
        needs_override: bool,
        submitted_on: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.referents = {str(r.user.uid): r for r in referents}
        self.lots = {str(lot.uid): lot for lot in lots}
        self.needs_override = needs_override
        self.submitted_on = submitted_on
        self.fields["entry_date"].initial = timezone.localdate()
        option_lots = {
            uid: str(lot.uid) for uid, r in self.referents.items() if (lot := self._lot_of(r))
        }
        # The widget first: setting a field's choices passes them on to its widget.
        self.fields["referent"].widget = ReferentSelect(option_lots=option_lots)
        cast(forms.ChoiceField, self.fields["referent"]).choices = [
            ("", "—"),
            *((uid, r.label) for uid, r in self.referents.items()),
        ]
        cast(forms.ChoiceField, self.fields["lot"]).choices = [
            ("", "— lot du ou de la référent·e —"),
            *((uid, str(lot)) for uid, lot in self.lots.items()),
        ]
        if needs_override:
            self.fields["justification"].required = True
            self.fields["justification"].error_messages["required"] = (
                "Les critères d'éligibilité ne sont pas remplis : une justification écrite de "
                "la dérogation est obligatoire."
            )
            self.fields["justification"].help_text = (
                "Obligatoire : les critères d'éligibilité ne sont pas remplis (décision de "
                "dérogation)."
            )
        else:
            self.fields["justification"].help_text = "Facultatif : les critères sont remplis."

    def _lot_of(self, referent: ReferentChoice) -> Any:
        """The referent's own lot, or the only lot their provider holds in the PLIE."""
        if referent.lot is not None:
            return self.lots.get(str(referent.lot.uid))
        held = [lot for lot in self.lots.values() if lot.provider_id == referent.provider_id]
        return held[0] if len(held) == 1 else None

    def clean_entry_date(self) -> date:
        entry = self.cleaned_data["entry_date"]
        if entry < self.submitted_on:
            raise forms.ValidationError(
                f"La date d'entrée ne peut précéder l'orientation du {self.submitted_on:%d/%m/%Y}."
            )
        return entry

    def clean_referent(self) -> ReferentChoice:
        uid = self.cleaned_data["referent"]
        if uid not in self.referents:
            raise forms.ValidationError("Choisissez un·e accompagnateur·rice de la liste.")
        return self.referents[uid]

    def clean_lot(self) -> Any:
        uid = self.cleaned_data["lot"]
        return self.lots.get(uid) if uid else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        referent = data.get("referent")
        if referent is not None and data.get("lot") is None:
            data["lot"] = self._lot_of(referent)
            if data["lot"] is None and self.lots:
                self.add_error("lot", "Choisissez le lot territorial du parcours.")
        data["justification"] = (data.get("justification") or "").strip()
        return data


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="Motif du refus",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Il est communiqué au prescripteur.",
        error_messages={"required": "Indiquez le motif du refus."},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Motif du retrait (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
