from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from jalons.accounts.models import User
from jalons.pathways.enums import HOURS_WORKED_KINDS, MONTHLY_HOURS_KINDS, StepKind
from jalons.pathways.models import Contact, Pathway, Step
from jalons.pathways.services.errors import BusinessRuleError
from jalons.pathways.services.lifecycle import lock


def _refresh_last_contact(pathway: Pathway) -> None:
    last = pathway.contacts.filter(attendance="attended").aggregate(m=Max("date"))["m"]
    Pathway.objects.filter(pk=pathway.pk).update(last_contact_on=last)
    pathway.last_contact_on = last


@transaction.atomic
def add_contact(
    pathway: Pathway,
    *,
    on: date,
    kind: str,
    attendance: str,
    notes: str,
    author: User | None,
    today: date,
) -> Contact:
    lock(pathway)
    if not pathway.is_open:
        raise BusinessRuleError("Le parcours est terminé : aucun contact ne peut y être ajouté.")
    if on < pathway.entry_date:
        raise BusinessRuleError(
            "Le contact ne peut précéder l'entrée dans le parcours "
            f"({pathway.entry_date:%d/%m/%Y})."
        )
    if on > today and attendance == "attended":
        raise BusinessRuleError("Un contact réalisé ne peut pas être daté dans le futur.")
    contact = Contact.objects.create(
        pathway=pathway, date=on, kind=kind, attendance=attendance, notes=notes, author=author
    )
    _refresh_last_contact(pathway)
    return contact


def validate_step_fields(data: dict[str, Any]) -> dict[str, str]:
    """Field errors (French) for a step's figures; shared by forms, imports and the API."""
    errors: dict[str, str] = {}
    kind = data.get("kind")
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        errors["end_date"] = "La date de fin doit être postérieure ou égale à la date de début."
    if kind in MONTHLY_HOURS_KINDS and data.get("monthly_hours") in (None, ""):
        errors["monthly_hours"] = (
            "Les heures par mois du contrat sont obligatoires pour un CDI ou un CDD."
        )
    if kind in HOURS_WORKED_KINDS and data.get("hours_worked") in (None, ""):
        errors["hours_worked"] = (
            "Les heures réalisées sont obligatoires pour une mission d'intérim."
        )
    hours = data.get("monthly_hours")
    if hours is not None and hours != "" and hours > 744:
        errors["monthly_hours"] = "Un mois compte au plus 744 heures."
    if data.get("micro_entrepreneur") and kind != StepKind.BUSINESS_CREATION:
        errors["micro_entrepreneur"] = (
            "Le statut de micro-entrepreneur concerne une création d'activité."
        )
    return errors


@transaction.atomic
def save_step(
    pathway: Pathway, *, author: User | None, step: Step | None = None, **fields: Any
) -> Step:
    """Create or update a step; its figures are checked here for every caller."""
    lock(pathway)
    if not pathway.is_open:
        raise BusinessRuleError("Le parcours est terminé : ses étapes ne changent plus.")
    errors = validate_step_fields(fields)
    if errors:
        raise BusinessRuleError(" ".join(errors.values()))
    if fields["start_date"] < pathway.entry_date:
        raise BusinessRuleError(
            "L'étape ne peut commencer avant l'entrée dans le parcours "
            f"({pathway.entry_date:%d/%m/%Y})."
        )
    if step is None:
        step = Step(pathway=pathway, author=author)
    for name, value in fields.items():
        setattr(step, name, value)
    step.save()
    return step
