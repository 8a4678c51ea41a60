"""Orientations: the list, the form, the screening page and the decisions (spec §3).

The orientation under test is the world's proposed one (Léa Petit, sent by the CAF, the
`prescriber` persona). Who cannot read it gets a 404; who reads it but may not act, a 403.
"""

from datetime import date

from django.urls import reverse

from tests.conftest import ROLES
from tests.web.matrix import Row

LISTERS = {
    "lead",
    "coordinator",
    "adviser",
    "colleague",
    "other_lot_adviser",
    "prescriber",
    "other_prescriber",
    "other_plie_lead",
}
TEAM = {"lead", "coordinator"}


def expect(default: int, **statuses: int) -> dict[str, int]:
    return {role: statuses.get(role, default) for role in ROLES}


def only(roles: set[str], status: int, otherwise: int) -> dict[str, int]:
    return {role: status if role in roles else otherwise for role in ROLES}


def orientation(world) -> object:  # type: ignore[no-untyped-def]
    return world.orientation_participant.orientations.get()


def url(name: str):  # type: ignore[no-untyped-def]
    return lambda world: reverse(name, kwargs={"uid": orientation(world).uid})


def new_person(world) -> dict[str, str]:  # type: ignore[no-untyped-def]
    # Vitrolles is a commune of both PLIEs, so every persona that may submit can use it.
    return {
        "origin": "spontane",
        "last_name": "Matrice",
        "first_name": "Lucie",
        "sex": "F",
        "birth_date": "1990-05-04",
        "postal_code": "13127",
        "commune": "13117",
        "reasons": "Souhaite reprendre un emploi.",
        "rsa": "on",
    }


def acceptance(world) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "entry_date": date.today().isoformat(),
        "referent": str(world.users["adviser"].uid),
        "lot": str(world.pathway.lot.uid),
        "justification": "",
    }


# Readers of the world's orientation: its team, its prescriber, and the OI (read-only).
DETAIL = expect(404, lead=200, coordinator=200, prescriber=200, oi=200)
DECIDE_GET = expect(404, lead=200, coordinator=200, prescriber=403, oi=403)
DECIDE_POST = expect(404, lead=302, coordinator=302, prescriber=403, oi=403)

ROWS = [
    Row("orientations:list", lambda w: reverse("orientations:list"), only(LISTERS, 200, 403)),
    Row("orientations:create", lambda w: reverse("orientations:create"), only(LISTERS, 200, 403)),
    Row(
        "orientations:create",
        lambda w: reverse("orientations:create"),
        only(LISTERS, 302, 403),
        method="post",
        data=new_person,
    ),
    Row("orientations:detail", url("orientations:detail"), DETAIL),
    Row("orientations:accept", url("orientations:accept"), DECIDE_GET),
    Row(
        "orientations:accept",
        url("orientations:accept"),
        DECIDE_POST,
        method="post",
        data=acceptance,
    ),
    Row("orientations:refuse", url("orientations:refuse"), DECIDE_GET),
    Row(
        "orientations:refuse",
        url("orientations:refuse"),
        DECIDE_POST,
        method="post",
        data=lambda w: {"reason": "Hors critères."},
    ),
    Row(
        "orientations:withdraw",
        url("orientations:withdraw"),
        expect(404, lead=200, coordinator=200, prescriber=200, oi=403),
    ),
    Row(
        "orientations:withdraw",
        url("orientations:withdraw"),
        expect(404, lead=302, coordinator=302, prescriber=302, oi=403),
        method="post",
        data=lambda w: {"reason": ""},
    ),
]
