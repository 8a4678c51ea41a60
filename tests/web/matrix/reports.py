"""The protocol review: the PLIE's project lead and coordinator, the OI controller; the lead
of another PLIE reads their own PLIE's review (200, other figures). Everyone else: 403."""

from django.urls import reverse

from tests.conftest import ROLES
from tests.web.matrix import Row

READERS = ("lead", "coordinator", "oi", "other_plie_lead")


def review(status: int) -> dict[str, int]:
    statuses = dict.fromkeys(ROLES, 403)
    statuses.update(dict.fromkeys(READERS, status))
    return statuses


PERIOD = "?du=2024-01-01&au=2024-12-31"

ROWS = [
    Row("reports:bilan", lambda w: reverse("reports:bilan") + PERIOD, review(200)),
    Row("reports:export", lambda w: reverse("reports:export", args=["csv"]) + PERIOD, review(200)),
]
