"""Identifier checks with French messages."""

import re

from django.core.exceptions import ValidationError
from stdnum.fr import nir as stdnum_nir


def validate_nir(value: str) -> None:
    if not value:
        return
    if not stdnum_nir.is_valid(value):
        raise ValidationError(
            "NIR invalide : 15 caractères attendus (13 + clé de contrôle), clé vérifiée."
        )


FT_ID = re.compile(r"^[0-9]{7}[0-9A-Z]{1,4}$")


def validate_france_travail_id(value: str) -> None:
    if value and not FT_ID.match(value):
        raise ValidationError(
            "Identifiant France Travail invalide : 8 à 11 caractères, "
            "chiffres puis lettres ou chiffres."
        )
