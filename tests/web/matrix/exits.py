"""Exit screens. Lists (validated, pending, committee): the pathway team, the advisers (their
scope) and the OI controller (read); the lead of another PLIE reads their own PLIE's.
Proposing `world.pathway` to the committee: its pathway team and its referent adviser
(404 for who cannot read it). Deciding: the pathway team, once a proposal waits."""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from jalons.pathways.services.exits import propose_to_committee
from tests.conftest import ROLES
from tests.web.matrix import Row

FOLLOWERS = (
    "lead",
    "coordinator",
    "oi",
    "adviser",
    "colleague",
    "other_lot_adviser",
    "other_plie_lead",
)
NOT_READABLE = (
    "other_lot_adviser",
    "other_plie_lead",
    "prescriber",
    "other_prescriber",
    "admin",
    "no_role",
)


def lists() -> dict[str, int]:
    statuses = dict.fromkeys(ROLES, 403)
    statuses.update(dict.fromkeys(FOLLOWERS, 200))
    return statuses


def on_pathway(allowed: tuple[str, ...], status: int) -> dict[str, int]:
    statuses = dict.fromkeys(ROLES, 403)
    statuses.update(dict.fromkeys(NOT_READABLE, 404))
    statuses.update(dict.fromkeys(allowed, status))
    return statuses


def propose_url(world: Any) -> str:
    return reverse("exits:committee_propose", args=[world.pathway.uid])


def decide_url(world: Any) -> str:
    """The pathway's pending proposal, made through the service."""
    propose_to_committee(
        world.pathway,
        proposed_on=date(2024, 6, 10),
        proposal="CDD de 5 mois et demi",
        exit_kind="cdd",
        exit_date=date(2024, 6, 30),
        counts_as_employment=True,
        by=None,
    )
    return reverse("exits:committee_decide", args=[world.pathway.uid])


def today() -> str:
    return timezone.localdate().isoformat()


PROPOSAL = {
    "exit_kind": "cdd",
    "exit_date": "2024-06-30",
    "counts_as_employment": "on",
    "proposal": "CDD de 5 mois et demi à temps plein.",
}
DECISION = {"decision": "accepted", "justification": "Emploi durable."}

ROWS = [
    Row("exits:list", lambda w: reverse("exits:list"), lists()),
    Row("exits:pending", lambda w: reverse("exits:pending"), lists()),
    Row("exits:committee", lambda w: reverse("exits:committee"), lists()),
    Row(
        "exits:committee_propose", propose_url, on_pathway(("lead", "coordinator", "adviser"), 200)
    ),
    Row(
        "exits:committee_propose",
        propose_url,
        on_pathway(("lead", "coordinator", "adviser"), 302),
        "post",
        lambda w: {**PROPOSAL, "proposed_on": today()},
    ),
    Row("exits:committee_decide", decide_url, on_pathway(("lead", "coordinator"), 200)),
    Row(
        "exits:committee_decide",
        decide_url,
        on_pathway(("lead", "coordinator"), 302),
        "post",
        lambda w: {**DECISION, "decided_on": today()},
    ),
]
