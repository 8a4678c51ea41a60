"""Which orientations, referents and lots a screen may offer, all narrowed by `scope()`."""

from dataclasses import dataclass

from django.db.models import F, QuerySet

from jalons.accounts.models import User
from jalons.core.actor import Actor
from jalons.core.scoping import scope
from jalons.organisations.enums import OrganisationKind, Role
from jalons.organisations.models import Lot, Membership, Organisation
from jalons.pathways.models import Orientation

# Who opens the orientation list: the pathway team (its PLIE's queue), prescribers (their
# organisation's orientations) and advisers (the self-referrals they submitted).
LIST_ROLES = frozenset({Role.PROJECT_LEAD, Role.COORDINATOR, Role.PRESCRIBER, Role.ADVISER})
# The OI controller also reads one orientation (read-only), e.g. from a participant's file, to
# control the eligibility decision; the CRE, clause and IAE officers never see orientations.
READ_ROLES = LIST_ROLES | {Role.OI_CONTROLLER}


def readable_orientations(actor: Actor) -> QuerySet[Orientation]:
    """The orientations `actor` may open (an unreadable one is a 404)."""
    qs = Orientation.objects.all()
    if actor.role not in READ_ROLES:
        return qs.none()
    if actor.role == Role.ADVISER:
        # An adviser's list shows the orientations they sent (self-referrals).
        return scope(qs, actor).filter(submitted_by=actor.user)
    return scope(qs, actor)


def with_list_columns(qs: QuerySet[Orientation]) -> QuerySet[Orientation]:
    """Everything a row shows, in the same query (no N+1): person, prescriber, referent."""
    return qs.select_related("participant__commune", "prescriber", "submitted_by").annotate(
        referent_first_name=F("pathway__referent__first_name"),
        referent_last_name=F("pathway__referent__last_name"),
        entry_date=F("pathway__entry_date"),
    )


def prescriber_organisations(actor: Actor) -> list[Organisation]:
    """The PLIE's active prescriber organisations (the "orienté·e par" choice of its staff)."""
    return list(
        scope(Organisation.objects.filter(kind=OrganisationKind.PRESCRIBER), actor)
        .filter(is_active=True)
        .order_by("name")
    )


@dataclass(frozen=True)
class ReferentChoice:
    user: User
    provider_id: int
    lot: Lot | None  # the lot of the adviser's membership, preselected with them
    label: str


def referent_choices(actor: Actor) -> list[ReferentChoice]:
    """Users with an active adviser membership in a provider of the actor's PLIE."""
    providers = scope(Organisation.objects.filter(kind=OrganisationKind.PROVIDER), actor)
    memberships = (
        Membership.objects.active()
        .filter(role=Role.ADVISER, organisation__in=providers, user__is_active=True)
        .select_related("user", "organisation", "lot")
        .order_by("user__last_name", "user__first_name", "lot__code")
    )
    seen: dict[int, ReferentChoice] = {}
    for membership in memberships:
        user = membership.user
        if user.pk in seen:
            continue
        where = membership.organisation.name
        if membership.lot:
            where += f", lot {membership.lot.code}"
        seen[user.pk] = ReferentChoice(
            user, membership.organisation_id, membership.lot, f"{user} ({where})"
        )
    return list(seen.values())


def lot_choices(actor: Actor) -> list[Lot]:
    return list(scope(Lot.objects.filter(is_active=True), actor).order_by("code"))
