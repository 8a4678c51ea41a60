"""The participants spreadsheet: the PLIE's pathway team and the OI controller only."""

from django.urls import reverse

from tests.conftest import ROLES
from tests.web.matrix import Row

ALLOWED = ("lead", "coordinator", "oi", "other_plie_lead")

ROWS = [
    Row(
        "exports:participants_xlsx",
        lambda w: reverse("exports:participants_xlsx"),
        expect={role: 200 if role in ALLOWED else 403 for role in ROLES},
    )
]
