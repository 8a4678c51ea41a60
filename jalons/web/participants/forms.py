"""Editing a participant's identity and situation."""

import re
from typing import Any, cast

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone

from jalons.participants.enums import Barrier
from jalons.participants.models import Participant
from jalons.participants.services import probable_duplicates
from jalons.territory.models import Commune, Qpv

POSTAL_CODE = re.compile(r"^[0-9]{5}$")
MIN_AGE, MAX_AGE = 16, 80
MAX_CHILDREN = 20
# A change of one of these fields may turn the file into a copy of another person's.
IDENTITY_FIELDS = ("last_name", "first_name", "birth_date", "france_travail_id", "nir")
SENSITIVE_NOTE = (
    '<p class="form-text mt-0 mb-2"><span class="badge badge-sensitive">Donnée sensible</span> '
    "RSA, ASS, AAH, RQTH, NIR et les freins santé, logement, endettement et difficultés "
    "psychologiques ne sont visibles que du ou de la référent·e, de l'équipe du PLIE et de l'OI."
    "</p>"
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ParticipantForm(forms.ModelForm):
    barriers = forms.MultipleChoiceField(
        label="Freins à l'emploi",
        required=False,
        choices=Barrier.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # Typed with spaces ("2 76 05 13 001 123 20"): the model checks the length once cleaned.
    france_travail_id = forms.CharField(
        label="Identifiant France Travail",
        required=False,
        max_length=16,
        help_text="8 à 11 caractères, par exemple 1234567A.",
    )
    nir = forms.CharField(
        label="NIR (n° de sécurité sociale)",
        required=False,
        max_length=21,
        help_text="15 caractères, clé comprise ; la clé est vérifiée.",
    )
    confirm_not_duplicate = forms.BooleanField(
        label="J'ai vérifié : il ne s'agit pas de la même personne, j'enregistre quand même.",
        required=False,
    )

    class Meta:
        model = Participant
        fields = [
            "last_name",
            "first_name",
            "birth_name",
            "sex",
            "birth_date",
            "email",
            "phone",
            "address",
            "postal_code",
            "commune",
            "qpv",
            "qpv_zone",
            "france_travail_id",
            "nir",
            "france_travail_registered",
            "job_seeker_since",
            "rsa",
            "ass",
            "aah",
            "rqth",
            "qualification_level",
            "household",
            "children",
            "executive_long_excluded",
            "barriers",
        ]
        widgets = {
            "birth_date": DateInput(),
            "job_seeker_since": DateInput(),
            "sex": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5}),
        }
        error_messages = {
            "commune": {"invalid_choice": "Cette commune n'est pas sur le territoire du PLIE."},
            "qpv_zone": {"invalid_choice": "Ce quartier n'est pas sur le territoire du PLIE."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates: list[Participant] = []
        communes = Commune.objects.filter(plies=self.instance.plie_id).order_by("name")
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes
        cast(forms.ModelChoiceField, self.fields["qpv_zone"]).queryset = (
            Qpv.objects.filter(commune__in=communes)
            .select_related("commune")
            .order_by("commune__name", "-generation", "name")
        )
        self.fields[
            "qpv_zone"
        ].help_text = "Facultatif : une personne peut résider en QPV sans quartier connu."
        cast(forms.IntegerField, self.fields["children"]).max_value = MAX_CHILDREN
        sex = cast(forms.ChoiceField, self.fields["sex"])
        # Read back, a ChoiceField's choices are a normalised list (the stub's getter is broader).
        sex.choices = [c for c in cast(list[tuple[Any, Any]], sex.choices) if c[0]]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                "Identité",
                Row(
                    Column("last_name", css_class="col-md-4"),
                    Column("first_name", css_class="col-md-4"),
                    Column("birth_name", css_class="col-md-4"),
                ),
                Row(
                    Column("sex", css_class="col-md-4"), Column("birth_date", css_class="col-md-4")
                ),
                Row(
                    Column("france_travail_id", css_class="col-md-4"),
                    Column("nir", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                "Coordonnées",
                Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
                Row(
                    Column("address", css_class="col-md-6"),
                    Column("postal_code", css_class="col-md-2"),
                    Column("commune", css_class="col-md-4"),
                ),
                Row(
                    Column("qpv", css_class="col-md-4 pt-md-4"),
                    Column("qpv_zone", css_class="col-md-8"),
                ),
            ),
            Fieldset(
                "Situation",
                HTML(SENSITIVE_NOTE),
                Row(
                    Column("france_travail_registered", css_class="col-md-6 pt-md-4"),
                    Column("job_seeker_since", css_class="col-md-6"),
                ),
                Row(
                    Column("rsa", css_class="col-sm-3"),
                    Column("ass", css_class="col-sm-3"),
                    Column("aah", css_class="col-sm-3"),
                    Column("rqth", css_class="col-sm-3"),
                ),
                Row(
                    Column("qualification_level", css_class="col-md-6"),
                    Column("household", css_class="col-md-4"),
                    Column("children", css_class="col-md-2"),
                ),
                "executive_long_excluded",
                InlineCheckboxes("barriers"),
            ),
        )

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_france_travail_id(self) -> str:
        return self.cleaned_data["france_travail_id"].replace(" ", "").upper()

    def clean_nir(self) -> str:
        return self.cleaned_data["nir"].replace(" ", "").upper()

    def clean_birth_date(self) -> Any:
        birth_date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if birth_date > today:
            raise forms.ValidationError("La date de naissance ne peut pas être dans le futur.")
        birthday_passed = (today.month, today.day) >= (birth_date.month, birth_date.day)
        age = today.year - birth_date.year - (0 if birthday_passed else 1)
        if not MIN_AGE <= age <= MAX_AGE:
            raise forms.ValidationError(
                f"L'âge doit être compris entre {MIN_AGE} et {MAX_AGE} ans "
                f"({age} ans d'après cette date)."
            )
        return birth_date

    def clean_job_seeker_since(self) -> Any:
        since = self.cleaned_data["job_seeker_since"]
        if since and since > timezone.localdate():
            raise forms.ValidationError("La date d'inscription ne peut pas être dans le futur.")
        return since

    def clean_postal_code(self) -> str:
        code = self.cleaned_data["postal_code"].strip()
        if code and not POSTAL_CODE.match(code):
            raise forms.ValidationError("Le code postal doit compter 5 chiffres.")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commune, code, zone = data.get("commune"), data.get("postal_code"), data.get("qpv_zone")
        if (
            commune
            and code
            and code != commune.postal_code
            and not commune.postal_codes.filter(postal_code=code).exists()
        ):
            self.add_error(
                "postal_code", f"Le code postal {code} ne correspond pas à {commune.name}."
            )
        if zone and commune and zone.commune_id != commune.pk:
            self.add_error("qpv_zone", f"Ce quartier n'est pas situé à {commune.name}.")
        elif zone and not data.get("qpv"):
            self.add_error("qpv", "Cochez « réside en QPV » pour indiquer un quartier prioritaire.")
        self._check_duplicates(data)
        return data

    def _check_duplicates(self, data: dict[str, Any]) -> None:
        changed = [name for name in IDENTITY_FIELDS if name in self.changed_data]
        if not changed or any(name in self.errors for name in IDENTITY_FIELDS):
            return
        self.duplicates = list(
            probable_duplicates(
                plie_id=self.instance.plie_id,
                last_name=data.get("last_name", ""),
                first_name=data.get("first_name", ""),
                birth_date=data.get("birth_date"),
                france_travail_id=data.get("france_travail_id", ""),
                nir=data.get("nir", ""),
                exclude_pk=self.instance.pk,
            )
        )
        if self.duplicates and not data.get("confirm_not_duplicate"):
            self.add_error(
                None,
                "Cette fiche ressemble à celle d'une autre personne du PLIE (même nom et date de "
                "naissance, même identifiant France Travail ou même NIR). Vérifiez qu'il ne "
                "s'agit pas d'un doublon, puis cochez la case de confirmation en bas du "
                "formulaire.",
            )
