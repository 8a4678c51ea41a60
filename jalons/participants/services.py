"""Participant operations shared by forms, imports and the API."""

from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from jalons.participants.models import Participant


def probable_duplicates(
    *,
    plie_id: int,
    last_name: str,
    first_name: str,
    birth_date: date | None,
    france_travail_id: str = "",
    nir: str = "",
    exclude_pk: int | None = None,
) -> QuerySet[Participant]:
    """People of the PLIE who are probably the same person (spec §3, "Duplicates"):
    same name and birth date, same France Travail id, or same NIR."""
    q = Q()
    if last_name and first_name and birth_date:
        q |= Q(
            last_name_lower=last_name.strip().lower(),
            first_name_lower=first_name.strip().lower(),
            birth_date=birth_date,
        )
    if france_travail_id:
        q |= Q(france_travail_id=france_travail_id.strip().upper())
    if nir:
        q |= Q(nir=nir.replace(" ", "").upper())
    if not q:
        return Participant.objects.none()
    qs = (
        Participant.objects.filter(plie_id=plie_id)
        .annotate(last_name_lower=Lower("last_name"), first_name_lower=Lower("first_name"))
        .filter(q)
        .select_related("commune", "current_pathway__referent")
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs
