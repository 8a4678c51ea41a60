from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from jalons.accounts.models import User
from jalons.organisations.models import Organisation
from jalons.participants.models import Participant
from jalons.pathways.enums import OrientationStatus
from jalons.pathways.models import Orientation
from jalons.pathways.rules.eligibility import Screening, Situation, screen
from jalons.pathways.services.errors import BusinessRuleError
from jalons.pathways.services.lifecycle import enter_pathway


def situation_of(participant: Participant) -> Situation:
    from jalons.participants.enums import Household, Sex

    return Situation(
        birth_date=participant.birth_date,
        sex=participant.sex,
        commune_insee=participant.commune.insee_code if participant.commune_id else None,
        france_travail_registered=participant.france_travail_registered,
        job_seeker_since=participant.job_seeker_since,
        rqth=participant.rqth,
        rsa=participant.rsa,
        ass=participant.ass,
        aah=participant.aah,
        qualification_level=participant.qualification_level or None,
        single_parent_or_isolated_woman=(
            participant.household == Household.SINGLE_PARENT
            or (participant.sex == Sex.FEMALE and participant.household == Household.SINGLE)
        ),
        qpv=participant.qpv,
        executive_long_excluded=participant.executive_long_excluded,
        barriers=frozenset(participant.barriers or ()),
    )


def plie_communes(plie: Organisation) -> set[str]:
    return set(plie.communes.values_list("insee_code", flat=True))


def screen_participant(participant: Participant, as_of: date) -> Screening:
    """Eligibility screen (spec §3): every criterion and barrier met, with the reasons."""
    return screen(situation_of(participant), plie_communes(participant.plie), as_of)


@transaction.atomic
def submit_orientation(
    *,
    plie: Organisation,
    participant: Participant,
    prescriber: Organisation | None,
    prescriber_kind: str,
    reasons: str,
    submitted_by: User | None,
    submitted_on: date | None = None,
) -> Orientation:
    """Record an orientation for a (new or known) participant of the PLIE."""
    if participant.plie_id != plie.pk:
        raise BusinessRuleError("Cette personne n'appartient pas à ce PLIE.")
    if participant.pk is None:
        participant.created_by = submitted_by
        participant.full_clean()
        participant.save()
    pending = participant.orientations.filter(status=OrientationStatus.PROPOSED)
    if pending.exists():
        raise BusinessRuleError(
            "Une orientation est déjà en attente de décision pour cette personne."
        )
    if participant.pathways.filter(status__in=["active", "suspended"]).exists():
        raise BusinessRuleError("Cette personne a déjà un parcours en cours.")
    participant.refresh_from_db(fields=["status", "current_pathway"])  # the services' view
    if participant.status in ("not_admitted", "exited"):
        participant.status = "oriented"
        participant.save(update_fields=["status", "updated_at"])
    return Orientation.objects.create(
        plie=plie,
        participant=participant,
        prescriber=prescriber,
        prescriber_kind=prescriber_kind,
        submitted_by=submitted_by,
        submitted_on=submitted_on or timezone.localdate(),
        reasons=reasons,
    )


@transaction.atomic
def accept_orientation(
    orientation: Orientation,
    *,
    decided_by: User,
    entry_date: date,
    referent: User,
    lot: Any = None,
    override_justification: str = "",
) -> Any:
    """Entry decided by the pathway team: opens the pathway and freezes the entry snapshot.

    When the screen finds a blocker or no public criterion, a written justification is
    required (a committee override, spec §3)."""
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    if orientation.status != OrientationStatus.PROPOSED:
        raise BusinessRuleError("Cette orientation a déjà été traitée.")
    participant = orientation.participant
    screening = screen_participant(participant, entry_date)
    if screening.needs_override and not override_justification.strip():
        raise BusinessRuleError(
            "Les critères d'éligibilité ne sont pas remplis : une justification écrite de la "
            "dérogation est obligatoire."
        )
    pathway = enter_pathway(
        participant,
        entry_date=entry_date,
        referent=referent,
        lot=lot,
        decided_by=decided_by,
        orientation=orientation,
        prescriber_kind=orientation.prescriber_kind,
        screening=screening,
        override_justification=override_justification.strip(),
    )
    orientation.status = OrientationStatus.ACCEPTED
    orientation.decided_on = entry_date
    orientation.decided_by = decided_by
    orientation.decision_reason = override_justification.strip()
    orientation.save(update_fields=["status", "decided_on", "decided_by", "decision_reason"])
    return pathway


def _settle_status(participant: Participant) -> None:
    """After a refusal or a withdrawal the person is back where they were: a person who
    had a pathway before keeps its status, a new one is "not admitted"."""
    pathway = participant.current_pathway
    participant.status = pathway.status if pathway is not None else "not_admitted"
    participant.save(update_fields=["status", "updated_at"])


@transaction.atomic
def refuse_orientation(orientation: Orientation, *, decided_by: User, reason: str) -> Orientation:
    if not reason.strip():
        raise BusinessRuleError("Le motif du refus est obligatoire.")
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    if orientation.status != OrientationStatus.PROPOSED:
        raise BusinessRuleError("Cette orientation a déjà été traitée.")
    orientation.status = OrientationStatus.REFUSED
    orientation.decided_on = timezone.localdate()
    orientation.decided_by = decided_by
    orientation.decision_reason = reason.strip()
    orientation.save(update_fields=["status", "decided_on", "decided_by", "decision_reason"])
    _settle_status(orientation.participant)
    return orientation


@transaction.atomic
def withdraw_orientation(orientation: Orientation, *, by: User, reason: str = "") -> Orientation:
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    if orientation.status != OrientationStatus.PROPOSED:
        raise BusinessRuleError("Seule une orientation en attente peut être retirée.")
    orientation.status = OrientationStatus.WITHDRAWN
    orientation.decided_on = timezone.localdate()
    orientation.decided_by = by
    orientation.decision_reason = reason.strip()
    orientation.save(update_fields=["status", "decided_on", "decided_by", "decision_reason"])
    _settle_status(orientation.participant)
    return orientation
