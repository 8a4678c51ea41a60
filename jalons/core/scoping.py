"""The one scoping function: every query of tenant data goes through `scope()` (spec §2).

A tenant model is reached from a participant (participant data) or carries a
`plie` (organisation data). `scope(qs, actor)` narrows any such queryset to
what the actor may read; permission functions then decide what they may change.
"""

from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from jalons.core.actor import Actor
from jalons.organisations.enums import Role

# Model label → path from the model to its Participant ("" for Participant itself).
PARTICIPANT_PATHS: dict[str, str] = {
    "participants.participant": "",
    "pathways.pathway": "participant__",
    "pathways.orientation": "participant__",
    "pathways.entrysnapshot": "pathway__participant__",
    "pathways.referentassignment": "pathway__participant__",
    "pathways.suspension": "pathway__participant__",
    "pathways.contact": "pathway__participant__",
    "pathways.step": "pathway__participant__",
    "pathways.exit": "pathway__participant__",
    "pathways.committeedecision": "pathway__participant__",
}

# Model label → path to the owning PLIE, for organisation-level data.
PLIE_PATHS: dict[str, str] = {
    "protocols.protocol": "plie",
    "imports.importrun": "plie",
    "organisations.lot": "plie",
    "organisations.organisation": "plie",
}

# Roles that read every participant of their PLIE (the CRE, clause and IAE officers get a
# summary without sensitive fields: the views decide what to show, see `can_see_sensitive`).
PLIE_WIDE_ROLES = frozenset(
    {Role.PROJECT_LEAD, Role.COORDINATOR, Role.CRE, Role.CLAUSE_OFFICER, Role.IAE_OFFICER}
)

NOTHING = Q(pk__in=[])
M = TypeVar("M", bound=Model)


def participant_q(actor: Actor, prefix: str = "") -> Q:
    """The participants an actor may read, as a Q over `prefix` + participant fields."""
    role = actor.role
    if role is None:
        return NOTHING
    if role == Role.OI_CONTROLLER:
        return Q(**{f"{prefix}plie_id__in": actor.plie_ids}) if actor.plie_ids else NOTHING
    plie_id = actor.plie_id
    if plie_id is None:
        return NOTHING
    in_plie = Q(**{f"{prefix}plie_id": plie_id})
    if role in PLIE_WIDE_ROLES:
        return in_plie
    if role == Role.ADVISER:
        own = Q(**{f"{prefix}current_pathway__referent_id": actor.user.pk})
        lot = Q(**{f"{prefix}current_pathway__lot_id__in": actor.lot_ids})
        return in_plie & (own | lot) if actor.lot_ids else in_plie & own
    if role == Role.PRESCRIBER:
        return in_plie & Q(**{f"{prefix}orientations__prescriber_id": actor.organisation.pk})  # type: ignore[union-attr]
    return NOTHING


def scope(qs: QuerySet[M], actor: Actor) -> QuerySet[M]:
    """Narrow `qs` to the rows `actor` may read. Unknown models are refused, not leaked."""
    label = qs.model._meta.label_lower
    if label == "pathways.orientation" and actor.role == Role.PRESCRIBER:
        # A prescriber sees its own organisation's orientations only.
        return qs.filter(prescriber_id=actor.organisation.pk, plie_id=actor.plie_id)  # type: ignore[union-attr]
    if label == "pathways.orientation" and actor.role == Role.ADVISER:
        # An adviser also reads the orientations they submitted (self-referrals): the person
        # has no pathway yet, so the caseload rule does not reach them.
        return qs.filter(
            participant_q(actor, "participant__")
            | Q(submitted_by_id=actor.user.pk, plie_id=actor.plie_id)
        )
    if label in PARTICIPANT_PATHS:
        prefix = PARTICIPANT_PATHS[label]
        q = participant_q(actor, prefix)
        if actor.role == Role.PRESCRIBER:
            return qs.filter(q).distinct()
        return qs.filter(q)
    if label in PLIE_PATHS:
        if actor.role is None:
            return qs.none()
        if actor.role == Role.ADMIN and not actor.plie_ids:
            return qs
        return qs.filter(**{f"{PLIE_PATHS[label]}_id__in": actor.plie_ids or [actor.plie_id]})
    raise LookupError(f"{label} has no scoping rule: add it to jalons.core.scoping")
