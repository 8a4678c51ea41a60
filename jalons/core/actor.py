"""What the user acts as, resolved once per request from their active memberships (spec §2)."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.http import HttpRequest

from jalons.organisations.enums import SENSITIVE_READER_ROLES, OrganisationKind, Role
from jalons.organisations.models import Lot, Membership, Organisation

if TYPE_CHECKING:
    from jalons.accounts.models import User

SESSION_KEY = "jalons_membership_id"

# When a user holds several roles, the first in this order is used until they switch.
ROLE_PRIORITY = [
    Role.PROJECT_LEAD,
    Role.COORDINATOR,
    Role.ADVISER,
    Role.CRE,
    Role.CLAUSE_OFFICER,
    Role.IAE_OFFICER,
    Role.OI_CONTROLLER,
    Role.PRESCRIBER,
    Role.ADMIN,
]


@dataclass(frozen=True)
class Actor:
    user: "User"
    membership: Membership | None = None
    memberships: tuple[Membership, ...] = ()
    plie_ids: frozenset[int] = field(default_factory=frozenset)
    lot_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def plie(self) -> Organisation | None:
        """The one PLIE a PLIE-scoped role works in (None for the OI or no role)."""
        return self.membership.plie if self.membership else None

    @property
    def plie_id(self) -> int | None:
        plie = self.plie
        return plie.pk if plie else None

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def is_pathway_team(self) -> bool:
        return self.role in (Role.PROJECT_LEAD, Role.COORDINATOR)

    @property
    def reads_sensitive_data(self) -> bool:
        """Role-level right; a referent adviser also reads it for their own caseload."""
        return self.role in SENSITIVE_READER_ROLES


def build_actor(user: "User", membership_id: int | None = None) -> Actor:
    memberships = tuple(
        Membership.objects.active()
        .filter(user=user, organisation__is_active=True)
        .select_related("organisation", "organisation__plie", "lot")
    )
    if not memberships:
        return Actor(user=user)
    chosen = next((m for m in memberships if m.pk == membership_id), None)
    if chosen is None:
        chosen = min(memberships, key=lambda m: ROLE_PRIORITY.index(Role(m.role)))
    return Actor(
        user=user,
        membership=chosen,
        memberships=memberships,
        plie_ids=_visible_plies(chosen),
        lot_ids=_lots(chosen),
    )


def _visible_plies(membership: Membership) -> frozenset[int]:
    org = membership.organisation
    if membership.role == Role.OI_CONTROLLER and org.kind == OrganisationKind.OI:
        return frozenset(
            Organisation.objects.filter(oi=org, kind="plie").values_list("pk", flat=True)
        )
    if membership.role == Role.ADMIN:
        return frozenset()
    plie = membership.plie
    return frozenset({plie.pk}) if plie else frozenset()


def _lots(membership: Membership) -> frozenset[int]:
    if membership.role != Role.ADVISER:
        return frozenset()
    if membership.lot_id:
        return frozenset({membership.lot_id})
    return frozenset(
        Lot.objects.filter(provider=membership.organisation).values_list("pk", flat=True)
    )


def actor_of(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]
