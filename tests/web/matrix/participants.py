from typing import Any

from django.urls import reverse

from jalons.participants.models import Participant
from tests.web.matrix import Row


def edit_form_data(participant: Participant, **changes: Any) -> dict[str, Any]:
    """A valid POST of the identity/situation form for `participant`, with `changes`."""
    p = participant
    data: dict[str, Any] = {
        "last_name": p.last_name,
        "first_name": p.first_name,
        "birth_name": p.birth_name,
        "sex": p.sex,
        "birth_date": p.birth_date.isoformat(),
        "email": p.email,
        "phone": p.phone,
        "address": p.address,
        "postal_code": p.postal_code,
        "commune": p.commune_id,
        "qpv_zone": p.qpv_zone_id or "",
        "france_travail_id": p.france_travail_id,
        "nir": p.nir,
        "job_seeker_since": p.job_seeker_since.isoformat() if p.job_seeker_since else "",
        "qualification_level": p.qualification_level,
        "household": p.household,
        "children": p.children,
        "barriers": list(p.barriers),
    }
    for flag in (
        "qpv",
        "france_travail_registered",
        "rsa",
        "ass",
        "aah",
        "rqth",
        "executive_long_excluded",
    ):
        if getattr(p, flag):
            data[flag] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _statuses(**groups: tuple[str, ...]) -> dict[str, int]:
    codes = {"ok": 200, "redirect": 302, "forbidden": 403, "not_found": 404}
    return {persona: codes[group] for group, personas in groups.items() for persona in personas}


READERS_WITHOUT_EDIT = ("colleague", "cre", "clauses", "iae", "oi")
NOT_READERS = (
    "other_lot_adviser",
    "other_plie_lead",
    "prescriber",
    "other_prescriber",
    "admin",
    "no_role",
)


def _detail(w: Any) -> str:
    return reverse("participants:detail", args=[w.participant.uid])


def _edit(w: Any) -> str:
    return reverse("participants:edit", args=[w.participant.uid])


ROWS = [
    Row(
        "participants:list",
        lambda w: reverse("participants:list"),
        expect=_statuses(
            ok=(
                "lead",
                "coordinator",
                "adviser",
                "colleague",
                "other_lot_adviser",
                "cre",
                "clauses",
                "iae",
                "oi",
                "other_plie_lead",
            ),
            forbidden=("prescriber", "other_prescriber", "admin", "no_role"),
        ),
    ),
    Row(
        "participants:detail",
        _detail,
        expect=_statuses(
            ok=("lead", "coordinator", "adviser", *READERS_WITHOUT_EDIT), not_found=NOT_READERS
        ),
    ),
    Row(
        "participants:edit",
        _edit,
        expect=_statuses(
            ok=("lead", "coordinator", "adviser"),
            forbidden=READERS_WITHOUT_EDIT,
            not_found=NOT_READERS,
        ),
    ),
    Row(
        "participants:edit",
        _edit,
        method="post",
        data=lambda w: edit_form_data(w.participant, phone="06 12 34 56 78"),
        expect=_statuses(
            redirect=("lead", "coordinator", "adviser"),
            forbidden=READERS_WITHOUT_EDIT,
            not_found=NOT_READERS,
        ),
    ),
]
