"""Pathway actions: who may record activity, manage a pathway, transfer caseloads.

Reading comes first (404 for who cannot read `world.pathway`), then the permission
function (403 for who reads but may not act). POST rows send valid data: 302 means the
action was done.
"""

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from jalons.pathways import services
from jalons.pathways.models import Step
from tests.web.matrix import Row

NOT_READABLE = (
    "other_lot_adviser",
    "other_plie_lead",
    "prescriber",
    "other_prescriber",
    "admin",
    "no_role",
)
READERS_ONLY = ("colleague", "cre", "clauses", "iae", "oi")


def expect(allowed: tuple[str, ...], status: int, forbidden: tuple[str, ...]) -> dict[str, int]:
    statuses = dict.fromkeys(allowed, status)
    statuses.update(dict.fromkeys(forbidden, 403))
    statuses.update(dict.fromkeys(NOT_READABLE, 404))
    return statuses


def activity(status: int) -> dict[str, int]:
    """Contacts and steps: the referent and the PLIE's pathway team (can_record_activity)."""
    return expect(("lead", "coordinator", "adviser"), status, READERS_ONLY)


def management(status: int) -> dict[str, int]:
    """Referent, suspension, resumption, exit: the PLIE's pathway team (can_manage_pathway)."""
    return expect(("lead", "coordinator"), status, ("adviser", *READERS_ONLY))


def caseload(status: int, other_plie_lead: int) -> dict[str, int]:
    """The caseload page of one's own PLIE: its pathway team (can_transfer_caseload); the lead
    of another PLIE sees their own PLIE's page, where the world's advisers are no choice."""
    statuses = dict.fromkeys(
        (
            "adviser",
            "colleague",
            "other_lot_adviser",
            "cre",
            "clauses",
            "iae",
            "prescriber",
            "other_prescriber",
            "oi",
            "admin",
            "no_role",
        ),
        403,
    )
    statuses.update(lead=status, coordinator=status, other_plie_lead=other_plie_lead)
    return statuses


def today() -> str:
    return timezone.localdate().isoformat()


def pathway_url(name: str) -> Any:
    return lambda w: reverse(f"pathways:{name}", args=[w.pathway.uid])


def a_step(world: Any) -> Step:
    return services.save_step(
        world.pathway,
        author=world.users["adviser"],
        kind="atelier",
        title="Atelier CV",
        start_date=date(2024, 2, 1),
    )


def suspended_url(world: Any) -> str:
    services.suspend_pathway(world.pathway, on=date(2024, 3, 1), reason="Santé", by=None)
    return reverse("pathways:resume", args=[world.pathway.uid])


CONTACT = {"date": "2024-03-01", "kind": "individual", "attendance": "attended", "notes": "Bilan"}
STEP = {
    "kind": "cdi",
    "outcome": "ongoing",
    "start_date": "2024-04-01",
    "monthly_hours": "151.67",
    "employer_siret": "73282932000074",
    "title": "Agent de propreté",
}

ROWS = [
    Row("pathways:contact_add", pathway_url("contact_add"), activity(200)),
    Row(
        "pathways:contact_add", pathway_url("contact_add"), activity(302), "post", lambda w: CONTACT
    ),
    Row("pathways:step_add", pathway_url("step_add"), activity(200)),
    Row("pathways:step_add", pathway_url("step_add"), activity(302), "post", lambda w: STEP),
    Row(
        "pathways:step_edit",
        lambda w: reverse("pathways:step_edit", args=[a_step(w).uid]),
        activity(200),
    ),
    Row(
        "pathways:step_edit",
        lambda w: reverse("pathways:step_edit", args=[a_step(w).uid]),
        activity(302),
        "post",
        lambda w: STEP,
    ),
    Row("pathways:referent_change", pathway_url("referent_change"), management(200)),
    Row(
        "pathways:referent_change",
        pathway_url("referent_change"),
        management(302),
        "post",
        lambda w: {"referent": w.users["colleague"].uid, "on": today(), "reason": "Départ"},
    ),
    Row("pathways:suspend", pathway_url("suspend"), management(200)),
    Row(
        "pathways:suspend",
        pathway_url("suspend"),
        management(302),
        "post",
        lambda w: {"on": today(), "reason": "Hospitalisation"},
    ),
    # GET on an active pathway: the page says there is nothing to resume (200).
    Row("pathways:resume", pathway_url("resume"), management(200)),
    Row("pathways:resume", suspended_url, management(302), "post", lambda w: {"on": today()}),
    Row("pathways:exit", pathway_url("exit"), management(200)),
    Row(
        "pathways:exit",
        pathway_url("exit"),
        management(302),
        "post",
        lambda w: {"kind": "demenagement", "on": today(), "reason": "Part vivre à Lyon."},
    ),
    Row("pathways:transfer", lambda w: reverse("pathways:transfer"), caseload(200, 200)),
    Row(
        "pathways:transfer",
        lambda w: reverse("pathways:transfer"),
        caseload(302, 200),
        "post",
        lambda w: {
            "from_referent": w.users["adviser"].uid,
            "to_referent": w.users["colleague"].uid,
            "on": today(),
            "reason": "",
        },
    ),
]
