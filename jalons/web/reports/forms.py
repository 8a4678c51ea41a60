"""Filters of the review (and, through `ScopeFilterForm`, of the exit lists).

Every choice is limited to the actor's PLIE(s): a value outside them is refused with a
French message, never read. Only the OI controller chooses PLIEs; for everyone else the
PLIE is their own, whatever the query string says.
"""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from jalons.accounts.models import User
from jalons.core.actor import Actor
from jalons.core.scoping import scope
from jalons.organisations.enums import Role
from jalons.organisations.models import Lot, Organisation
from jalons.pathways.models import Pathway
from jalons.reports.bilan import BilanScope
from jalons.territory.models import BassinDeVie

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
END_BEFORE_START = "La date de fin doit être postérieure ou égale à la date de début."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def date_field(label: str, *, required: bool, missing: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": "Saisissez une date valide, au format JJ/MM/AAAA.",
            "required": missing or "Ce champ est obligatoire.",
        },
    )


def visible_plie_ids(actor: Actor) -> list[int]:
    """The PLIEs whose figures the actor reads: the OI's PLIEs, else their own PLIE."""
    if actor.role == Role.OI_CONTROLLER:
        return sorted(actor.plie_ids)
    return [actor.plie_id] if actor.plie_id else []


def style(form: forms.Form) -> None:
    """Bootstrap classes on the widgets (the templates lay the fields out themselves)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"


class UidChoiceField(forms.ModelChoiceField):
    """A choice by uid: a malformed uid is an invalid choice like any other."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice":
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class LotChoiceField(UidChoiceField):
    show_plie = False

    def label_from_instance(self, obj: Lot) -> str:
        return f"{obj.plie.code} · {obj}" if self.show_plie else str(obj)


class ReferentChoiceField(UidChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class ScopeFilterForm(forms.Form):
    """Period and scope (PLIEs, lot, bassin de vie, referent)."""

    du = date_field("Du", required=False)
    au = date_field("Au (inclus)", required=False)
    plie = forms.MultipleChoiceField(
        label="PLIE",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun PLIE coché : tous les PLIE (bilan consolidé).",
        error_messages={"invalid_choice": "« %(value)s » ne fait pas partie de vos PLIE."},
    )
    lot = LotChoiceField(
        label="Lot",
        queryset=Lot.objects.none(),
        required=False,
        to_field_name="uid",
        empty_label="Tous les lots",
        error_messages={"invalid_choice": "Ce lot ne fait pas partie de votre périmètre."},
    )
    bassin = forms.ModelChoiceField(
        label="Bassin de vie",
        queryset=BassinDeVie.objects.none(),
        required=False,
        to_field_name="code",
        empty_label="Tous les bassins",
        error_messages={
            "invalid_choice": "Ce bassin de vie ne fait pas partie de votre périmètre."
        },
    )
    referent = ReferentChoiceField(
        label="Référent·e",
        queryset=User.objects.none(),
        required=False,
        to_field_name="uid",
        empty_label="Tous",
        error_messages={
            "invalid_choice": "Cette personne n'est référente d'aucun parcours de votre périmètre."
        },
    )

    def __init__(self, data: Any, *, actor: Actor) -> None:
        super().__init__(data)
        self.actor = actor
        plie_ids = visible_plie_ids(actor)
        # One query: the actor's PLIEs (codes for the choices, the scope and file names).
        self.plies = list(
            Organisation.objects.filter(kind="plie", pk__in=plie_ids).order_by("code")
        )
        several = actor.role == Role.OI_CONTROLLER and len(self.plies) > 1
        if several:
            self.fields["plie"].choices = [  # type: ignore[attr-defined]
                (p.code, f"{p.code} – {p.name}") for p in self.plies
            ]
        else:
            del self.fields["plie"]
        lot_field = self.fields["lot"]
        assert isinstance(lot_field, LotChoiceField)
        lot_field.queryset = scope(Lot.objects.select_related("plie"), actor).order_by(
            "plie__code", "code"
        )
        lot_field.show_plie = several
        self.fields["bassin"].queryset = (  # type: ignore[attr-defined]
            BassinDeVie.objects.filter(communes__plies__in=plie_ids).distinct().order_by("name")
        )
        self.fields["referent"].queryset = self.referents()  # type: ignore[attr-defined]
        style(self)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}-erreur"

    def referents(self) -> QuerySet[User]:
        """Who has been the referent of a pathway the actor reads."""
        pathways = scope(Pathway.objects.filter(referent__isnull=False), self.actor)
        return User.objects.filter(pk__in=pathways.values("referent_id")).order_by(
            "last_name", "first_name", "pk"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("du"), data.get("au")
        if start and end and end < start:
            self.add_error("au", END_BEFORE_START)
        lot = data.get("lot")
        if lot is not None and lot.plie_id not in {p.pk for p in self.selected_plies()}:
            self.add_error("lot", "Ce lot n'appartient à aucun des PLIE choisis.")
        return data

    def selected_plies(self) -> list[Organisation]:
        codes = self.cleaned_data.get("plie") or []
        chosen = [p for p in self.plies if p.code in codes]
        return chosen or self.plies

    def scope_filters(self) -> dict[str, int | None]:
        data = self.cleaned_data
        return {
            "lot_id": data["lot"].pk if data.get("lot") else None,
            "bassin_id": data["bassin"].pk if data.get("bassin") else None,
            "referent_id": data["referent"].pk if data.get("referent") else None,
        }

    def bilan_scope(self, start: date, end: date) -> BilanScope:
        plies = self.selected_plies()
        return BilanScope(
            plie_ids=tuple(p.pk for p in plies),
            plie_codes=tuple(p.code or "" for p in plies),
            start=start,
            end=end,
            **self.scope_filters(),
        )

    def scope_query(self) -> dict[str, Any]:
        """The scope as GET parameters (for links to other screens with the same scope)."""
        data = self.cleaned_data
        query: dict[str, Any] = {}
        if "plie" in self.fields and data.get("plie"):
            query["plie"] = list(data["plie"])
        if data.get("lot"):
            query["lot"] = str(data["lot"].uid)
        if data.get("bassin"):
            query["bassin"] = data["bassin"].code
        if data.get("referent"):
            query["referent"] = str(data["referent"].uid)
        return query

    def scope_description(self) -> list[str]:
        """The chosen scope in words, for the results' heading."""
        data = self.cleaned_data
        parts = []
        if data.get("lot"):
            parts.append(f"lot {data['lot']}")
        if data.get("bassin"):
            parts.append(f"bassin de vie {data['bassin']}")
        if data.get("referent"):
            parts.append(f"référent·e {data['referent']}")
        return parts


class BilanForm(ScopeFilterForm):
    du = date_field("Du", required=True, missing="Indiquez la date de début de la période.")
    au = date_field("Au (inclus)", required=True, missing="Indiquez la date de fin de la période.")

    def review_scope(self) -> BilanScope:
        return self.bilan_scope(self.cleaned_data["du"], self.cleaned_data["au"])
