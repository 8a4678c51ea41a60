from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jalons.accounts.models import User
from jalons.organisations.models import Lot
from jalons.participants.models import Participant
from jalons.pathways.enums import OTHER_EXIT_KINDS, ExitSource, PathwayStatus
from jalons.pathways.models import (
    EntrySnapshot,
    Exit,
    Orientation,
    Pathway,
    ReferentAssignment,
    Suspension,
)
from jalons.pathways.models.pathway import copy_entry_profile
from jalons.pathways.rules.eligibility import Screening, is_deld, qualification_bucket
from jalons.pathways.services.errors import BusinessRuleError


def _is_deld(participant: Participant, on: date) -> bool:
    return is_deld(participant.france_travail_registered, participant.job_seeker_since, on)


def screening_record(screening: Screening | None) -> dict[str, Any]:
    """The screen as seen at the decision, stored with the pathway (a dated snapshot)."""
    if screening is None:
        return {}
    return {
        group: [{"code": f.code, "label": f.label, "reason": f.reason} for f in findings]
        for group, findings in (
            ("criteria", screening.criteria),
            ("barriers", screening.barriers),
            ("blockers", screening.blockers),
            ("warnings", screening.warnings),
        )
    }


def entry_snapshot(
    pathway: Pathway, participant: Participant, prescriber_kind: str, deld: bool
) -> EntrySnapshot:
    """The situation at entry, frozen (unsaved: bulk writers save many at once)."""
    return EntrySnapshot(
        pathway=pathway,
        sex=participant.sex,
        age=participant.age_on(pathway.entry_date),
        commune=participant.commune,
        bassin_id=participant.commune.bassin_id,
        qpv=participant.qpv,
        rsa=participant.rsa,
        ass=participant.ass,
        aah=participant.aah,
        deld=deld,
        rqth=participant.rqth,
        qualification_level=participant.qualification_level,
        qualification_bucket=qualification_bucket(participant.qualification_level or None),
        prescriber_kind=prescriber_kind,
        household=participant.household,
        barriers=list(participant.barriers or []),
    )


def lock(pathway: Pathway) -> Pathway:
    """Lock the pathway's row until the end of the transaction and refresh what the rules
    check, so two concurrent operations (an exit and a referent change, say) cannot both
    pass their checks on stale data."""
    fresh = Pathway.objects.select_for_update().get(pk=pathway.pk)
    for name in ("status", "referent_id", "exit_date", "last_contact_on"):
        setattr(pathway, name, getattr(fresh, name))
    return pathway


@transaction.atomic
def enter_pathway(
    participant: Participant,
    *,
    entry_date: date,
    referent: User | None,
    lot: Lot | None = None,
    decided_by: User | None = None,
    orientation: Orientation | None = None,
    prescriber_kind: str,
    screening: Screening | None = None,
    override_justification: str = "",
    deld: bool | None = None,
    imported: bool = False,
) -> Pathway:
    """Open a pathway, freeze the situation at entry and assign the first referent."""
    if participant.pathways.filter(status__in=["active", "suspended"]).exists():
        raise BusinessRuleError("Cette personne a déjà un parcours en cours.")
    if participant.pathways.filter(exit_date__gte=entry_date).exists():
        raise BusinessRuleError(
            "La date d'entrée doit être postérieure à la sortie du parcours précédent."
        )
    if lot is not None and lot.plie_id != participant.plie_id:
        raise BusinessRuleError("Ce lot n'appartient pas au PLIE de la personne.")
    months = settings.JALONS_PATHWAY_PLANNED_MONTHS
    pathway = Pathway(
        participant=participant,
        plie_id=participant.plie_id,
        orientation=orientation,
        entry_date=entry_date,
        planned_end_date=entry_date + relativedelta(months=months),
        lot=lot,
        referent=referent,
        entry_decided_by=decided_by,
        entry_decided_at=timezone.now(),
        eligibility=screening_record(screening),
        override_justification=override_justification,
        imported=imported,
        # Entries follow the earlier pathways' exits (checked above): the latest one.
        previous_exit_date=participant.pathways.aggregate(latest=Max("exit_date"))["latest"],
    )
    snapshot = entry_snapshot(
        pathway,
        participant,
        prescriber_kind,
        _is_deld(participant, entry_date) if deld is None else deld,
    )
    copy_entry_profile(pathway, snapshot)
    pathway.save()
    snapshot.save()
    if referent is not None:
        ReferentAssignment.objects.create(
            pathway=pathway,
            referent=referent,
            start_date=entry_date,
            assigned_by=decided_by,
            reason="Entrée dans le PLIE",
        )
    participant.status = "active"
    participant.current_pathway = pathway
    participant.save(update_fields=["status", "current_pathway", "updated_at"])
    return pathway


@transaction.atomic
def change_referent(
    pathway: Pathway, *, referent: User, on: date, by: User | None, reason: str = ""
) -> ReferentAssignment:
    """Close the current assignment the day before `on` and open a new one (history kept)."""
    lock(pathway)
    if not pathway.is_open:
        raise BusinessRuleError("Le parcours est terminé : son référent ne change plus.")
    if pathway.referent_id == referent.pk:
        raise BusinessRuleError("Cette personne est déjà le ou la référent·e du parcours.")
    current = pathway.assignments.filter(end_date__isnull=True).first()
    if current is not None:
        if on <= current.start_date:
            raise BusinessRuleError(
                f"Le changement doit être postérieur au {current.start_date:%d/%m/%Y} "
                "(début du référent actuel)."
            )
        current.end_date = on - relativedelta(days=1)
        current.save(update_fields=["end_date"])
    assignment = ReferentAssignment.objects.create(
        pathway=pathway, referent=referent, start_date=on, assigned_by=by, reason=reason
    )
    pathway.referent = referent
    pathway.save(update_fields=["referent"])
    return assignment


@transaction.atomic
def transfer_caseload(
    *,
    plie_id: int,
    from_referent: User,
    to_referent: User,
    on: date,
    by: User | None,
    reason: str = "",
) -> int:
    """Move every open pathway of one adviser to another (an adviser leaves); returns the count."""
    if from_referent.pk == to_referent.pk:
        raise BusinessRuleError("Choisissez deux accompagnateurs différents.")
    pathways = list(
        Pathway.objects.open().filter(plie_id=plie_id, referent=from_referent).select_for_update()
    )
    for pathway in pathways:
        change_referent(
            pathway,
            referent=to_referent,
            on=max(on, pathway.entry_date + relativedelta(days=1)),
            by=by,
            reason=reason or "Transfert de portefeuille",
        )
    return len(pathways)


@transaction.atomic
def suspend_pathway(pathway: Pathway, *, on: date, reason: str, by: User | None) -> Suspension:
    lock(pathway)
    if pathway.status != PathwayStatus.ACTIVE:
        raise BusinessRuleError("Seul un parcours en cours peut être suspendu.")
    if on < pathway.entry_date:
        raise BusinessRuleError("La suspension ne peut précéder l'entrée dans le parcours.")
    if not reason.strip():
        raise BusinessRuleError("Le motif de la suspension est obligatoire.")
    suspension = Suspension.objects.create(
        pathway=pathway, start_date=on, reason=reason.strip(), recorded_by=by
    )
    pathway.status = PathwayStatus.SUSPENDED
    pathway.save(update_fields=["status"])
    Participant.objects.filter(pk=pathway.participant_id).update(status="suspended")
    return suspension


@transaction.atomic
def resume_pathway(pathway: Pathway, *, on: date, by: User | None) -> Suspension:
    lock(pathway)
    suspension = pathway.suspensions.filter(end_date__isnull=True).first()
    if pathway.status != PathwayStatus.SUSPENDED or suspension is None:
        raise BusinessRuleError("Ce parcours n'est pas suspendu.")
    if on < suspension.start_date:
        raise BusinessRuleError(
            f"La reprise ne peut précéder la suspension du {suspension.start_date:%d/%m/%Y}."
        )
    suspension.end_date = on
    suspension.save(update_fields=["end_date"])
    pathway.status = PathwayStatus.ACTIVE
    pathway.save(update_fields=["status"])
    Participant.objects.filter(pk=pathway.participant_id).update(status="active")
    return suspension


@transaction.atomic
def record_exit(
    pathway: Pathway,
    *,
    kind: str,
    on: date,
    reason: str,
    by: User | None,
    source: str = ExitSource.RECORDED,
    is_positive: bool = False,
    explanation: str = "",
) -> Exit:
    """Close the pathway with its exit. People record the 'other' exits (drop-out, move,
    death, retirement, other) with a reason; positive exits come from the rules or a
    committee decision."""
    lock(pathway)
    if not pathway.is_open:
        raise BusinessRuleError("Ce parcours est déjà terminé.")
    if source == ExitSource.RECORDED and kind not in OTHER_EXIT_KINDS:
        raise BusinessRuleError(
            "Une sortie positive est calculée à partir des étapes ; saisissez l'étape (contrat, "
            "formation, création) plutôt que la sortie."
        )
    if on < pathway.entry_date:
        raise BusinessRuleError(
            f"La date de sortie ne peut précéder l'entrée du {pathway.entry_date:%d/%m/%Y}."
        )
    if source == ExitSource.RECORDED and not reason.strip():
        raise BusinessRuleError("Le motif de la sortie est obligatoire.")
    exit_record = Exit(
        pathway=pathway,
        kind=kind,
        date=on,
        reason=reason.strip(),
        decided_by=by,
        source=source,
        is_positive=is_positive,
        explanation=explanation,
    )
    exit_record.copy_pathway(pathway)
    exit_record.save()
    # A late exit (validated months after the contract began) may predate the current
    # referent or suspension: those close on the day they began, never before.
    for suspension in pathway.suspensions.filter(end_date__isnull=True):
        suspension.end_date = max(on, suspension.start_date)
        suspension.save(update_fields=["end_date"])
    for assignment in pathway.assignments.filter(end_date__isnull=True):
        assignment.end_date = max(on, assignment.start_date)
        assignment.save(update_fields=["end_date"])
    pathway.status = PathwayStatus.EXITED
    pathway.exit_date = on
    pathway.save(update_fields=["status", "exit_date"])
    Participant.objects.filter(pk=pathway.participant_id).update(status="exited")
    return exit_record
