"""Object permissions: one plain function per action, its docstring says who may act (spec §2).

Reading is decided by `scope()`; these functions decide writes and sensitive reads.
Each takes the request's `Actor` and the object, and is also exposed to `rules`
for templates (`{% has_perm %}`) through the predicates at the bottom.
"""

from typing import TYPE_CHECKING

import rules

from jalons.core.actor import Actor
from jalons.organisations.enums import Role

if TYPE_CHECKING:
    from jalons.participants.models import Participant
    from jalons.pathways.models import Orientation, Pathway


def is_referent(actor: Actor, participant: "Participant") -> bool:
    pathway = participant.current_pathway
    return bool(pathway and pathway.referent_id == actor.user.pk)


def in_actor_plie(actor: Actor, plie_id: int) -> bool:
    return actor.plie_id == plie_id


def can_see_sensitive(actor: Actor, participant: "Participant") -> bool:
    """Health, disability, debt, psychological or housing difficulties, RSA/ASS/AAH:
    the referent, the PLIE's pathway team (project lead, coordinator) and the OI controller."""
    if actor.role == Role.OI_CONTROLLER:
        return participant.plie_id in actor.plie_ids
    if actor.is_pathway_team:
        return in_actor_plie(actor, participant.plie_id)
    return actor.role == Role.ADVISER and is_referent(actor, participant)


def can_edit_participant(actor: Actor, participant: "Participant") -> bool:
    """Identity and situation: the pathway team of the PLIE, or the referent adviser."""
    if actor.is_pathway_team:
        return in_actor_plie(actor, participant.plie_id)
    return actor.role == Role.ADVISER and is_referent(actor, participant)


def can_record_activity(actor: Actor, pathway: "Pathway") -> bool:
    """Contacts and steps on an open pathway: its referent, or the PLIE's pathway team."""
    if not pathway.is_open:
        return False
    if actor.is_pathway_team:
        return in_actor_plie(actor, pathway.plie_id)
    return actor.role == Role.ADVISER and pathway.referent_id == actor.user.pk


def can_manage_pathway(actor: Actor, pathway: "Pathway") -> bool:
    """Referent change, suspension, resumption and exits: the PLIE's pathway team."""
    return actor.is_pathway_team and in_actor_plie(actor, pathway.plie_id)


def can_decide_orientation(actor: Actor, orientation: "Orientation") -> bool:
    """Entry decisions (accept, refuse): the PLIE's pathway team, on a proposed orientation."""
    return (
        actor.is_pathway_team
        and in_actor_plie(actor, orientation.plie_id)
        and orientation.status == "proposed"
    )


def can_withdraw_orientation(actor: Actor, orientation: "Orientation") -> bool:
    """A proposed orientation is withdrawn by the prescriber organisation that sent it, the
    adviser who sent a self-referral, or the pathway team."""
    if orientation.status != "proposed":
        return False
    if actor.role == Role.PRESCRIBER:
        return actor.organisation is not None and orientation.prescriber_id == actor.organisation.pk
    if actor.role == Role.ADVISER:
        return orientation.submitted_by_id == actor.user.pk
    return actor.is_pathway_team and in_actor_plie(actor, orientation.plie_id)


def can_submit_orientation(actor: Actor) -> bool:
    """Prescribers for their organisation; the PLIE's team and advisers (self-referrals)."""
    return actor.plie_id is not None and actor.role in (
        Role.PRESCRIBER,
        Role.PROJECT_LEAD,
        Role.COORDINATOR,
        Role.ADVISER,
    )


def can_transfer_caseload(actor: Actor) -> bool:
    """Moving a whole caseload when an adviser leaves: the PLIE's pathway team."""
    return actor.is_pathway_team


def can_read_audit(actor: Actor) -> bool:
    """The audit trail of the PLIE: its project lead (and the OI controller for its PLIEs)."""
    return actor.role in (Role.PROJECT_LEAD, Role.OI_CONTROLLER)


def can_list_participants(actor: Actor) -> bool:
    """The participant list: every role that reads participants, but prescribers (who follow
    their orientations) and administrators (who manage users and reference data)."""
    return actor.role not in (None, Role.PRESCRIBER, Role.ADMIN)


def can_read_review(actor: Actor) -> bool:
    """The protocol review: the PLIE's project lead and coordinator (their PLIE) and the
    OI controller (its PLIEs). Other roles do not read aggregate figures."""
    if actor.role in (Role.PROJECT_LEAD, Role.COORDINATOR):
        return actor.plie_id is not None
    return actor.role == Role.OI_CONTROLLER and bool(actor.plie_ids)


def can_follow_exits(actor: Actor) -> bool:
    """Exit lists and committee follow-up: the PLIE's pathway team, its advisers (what they
    read: their caseload and lot) and the OI controller (read, its PLIEs)."""
    if actor.role in (Role.PROJECT_LEAD, Role.COORDINATOR, Role.ADVISER):
        return actor.plie_id is not None
    return actor.role == Role.OI_CONTROLLER and bool(actor.plie_ids)


def can_propose(actor: Actor, pathway: "Pathway") -> bool:
    """Proposing a case to the committee: the PLIE's pathway team, or the pathway's referent
    adviser while it is open."""
    if actor.role == Role.ADVISER:
        return can_record_activity(actor, pathway)
    return can_manage_pathway(actor, pathway)


def can_export_participants(actor: Actor) -> bool:
    """Whole lists leave the application: the PLIE's pathway team and the OI controller."""
    return actor.is_pathway_team or actor.role == Role.OI_CONTROLLER


def _actor(user: object) -> Actor | None:
    return getattr(user, "_actor", None)


@rules.predicate
def _pathway_team(user: object) -> bool:
    actor = _actor(user)
    return bool(actor and actor.is_pathway_team)


rules.add_perm("pathways.decide_orientations", _pathway_team)
rules.add_perm("pathways.transfer_caseload", _pathway_team)
