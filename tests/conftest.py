"""Guard rails and personas.

The `world` fixture builds one OI with two PLIEs and a person for every role, so
permission tests read like sentences: `as_("adviser").get(url)`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client

from jalons.accounts.models import User
from jalons.organisations.models import Organisation
from jalons.participants.models import Participant
from jalons.pathways import services
from jalons.pathways.models import Pathway
from jalons.territory.models import Commune
from tests.factories import (
    LotFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    PlieFactory,
    UserFactory,
)

PASSWORD = "motdepasse-solide-42"

# role name used in tests → (membership role, organisation attribute of the world)
PERSONAS = {
    "lead": ("project_lead", "plie"),
    "coordinator": ("coordinator", "plie"),
    "adviser": ("adviser", "provider"),
    "colleague": ("adviser", "provider"),  # same lot as adviser, not the referent
    "other_lot_adviser": ("adviser", "provider2"),
    "cre": ("cre", "plie"),
    "clauses": ("clause_officer", "plie"),
    "iae": ("iae_officer", "plie"),
    "prescriber": ("prescriber", "caf"),
    "other_prescriber": ("prescriber", "france_travail"),
    "oi": ("oi_controller", "oi"),
    "admin": ("admin", "oi"),
    "other_plie_lead": ("project_lead", "plie2"),
    "no_role": (None, None),
}
ROLES = list(PERSONAS)


@dataclass
class World:
    oi: Organisation
    plie: Organisation
    plie2: Organisation
    users: dict[str, User]
    participant: Participant  # in the adviser's caseload, with sensitive data
    pathway: Pathway
    other_lot_participant: Participant
    orientation_participant: Participant  # oriented by the CAF prescriber, not decided yet
    other_plie_participant: Participant


def make_pathway(
    participant: Participant, referent: User | None, lot=None, entry=date(2024, 1, 15)
) -> Pathway:  # type: ignore[no-untyped-def]
    return services.enter_pathway(
        participant,
        entry_date=entry,
        referent=referent,
        lot=lot,
        prescriber_kind="caf",
    )


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    oi = OrganisationFactory(kind="oi", name="Métropole – OI FSE", code="AMP")
    plie = PlieFactory(code="AIX", name="PLIE du Pays d'Aix", oi=oi)
    plie2 = PlieFactory(
        code="MRS",
        name="PLIE Marseille Provence",
        oi=oi,
        communes=list(Commune.objects.filter(insee_code__in=["13117", "13041"])),
    )
    provider = OrganisationFactory(kind="provider", name="Accompagnement Centre", plie=plie)
    provider2 = OrganisationFactory(kind="provider", name="Accompagnement Sud", plie=plie)
    lot1 = LotFactory(plie=plie, code="L1", name="Centre", provider=provider)
    lot2 = LotFactory(plie=plie, code="L2", name="Sud", provider=provider2)
    caf = OrganisationFactory(kind="prescriber", name="CAF 13", plie=plie, prescriber_kind="caf")
    ft = OrganisationFactory(
        kind="prescriber", name="France Travail Aix", plie=plie, prescriber_kind="france_travail"
    )
    orgs = {
        "plie": plie,
        "plie2": plie2,
        "provider": provider,
        "provider2": provider2,
        "caf": caf,
        "france_travail": ft,
        "oi": oi,
    }
    lots = {"provider": lot1, "provider2": lot2}
    users: dict[str, User] = {}
    for name, (role, org_key) in PERSONAS.items():
        user = UserFactory(
            email=f"{name}@test.jalons.fr", first_name=name.title(), last_name="Test"
        )
        users[name] = user
        if role:
            MembershipFactory(
                user=user,
                organisation=orgs[org_key],
                role=role,
                lot=lots.get(org_key) if role == "adviser" else None,
            )
    participant = ParticipantFactory(
        plie=plie,
        last_name="Martin",
        first_name="Sophie",
        sex="F",
        sensitive=True,
        france_travail_id="1234567A",
    )
    pathway = make_pathway(participant, users["adviser"], lot1)
    other = ParticipantFactory(plie=plie, last_name="Bernard", first_name="Paul", sex="M")
    make_pathway(other, users["other_lot_adviser"], lot2)
    oriented = ParticipantFactory(plie=plie, last_name="Petit", first_name="Léa", sex="F")
    services.submit_orientation(
        plie=plie,
        participant=oriented,
        prescriber=caf,
        prescriber_kind="caf",
        reasons="Allocataire RSA, souhaite un accompagnement.",
        submitted_by=users["prescriber"],
        submitted_on=date(2024, 2, 1),
    )
    elsewhere = ParticipantFactory(
        plie=plie2,
        last_name="Durand",
        first_name="Marc",
        sex="M",
        commune=Commune.objects.get(insee_code="13117"),
    )
    make_pathway(elsewhere, users["other_plie_lead"])
    participant.refresh_from_db()
    return World(
        oi=oi,
        plie=plie,
        plie2=plie2,
        users=users,
        participant=participant,
        pathway=pathway,
        other_lot_participant=other,
        orientation_participant=oriented,
        other_plie_participant=elsewhere,
    )


@pytest.fixture
def as_(world: World) -> Callable[[str], Client]:
    """A logged-in test client for a persona: `as_("coordinator").get(url)`."""

    def login(name: str) -> Client:
        client = Client()
        client.force_login(world.users[name])
        return client

    return login
