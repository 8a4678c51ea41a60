from django.urls import reverse

from tests.conftest import ROLES
from tests.web.matrix import Row

# The audit journal: the PLIE's project lead and the OI controller (spec §2).
ROWS = [
    Row(
        "audit:list",
        lambda w: reverse("audit:list"),
        expect={**dict.fromkeys(ROLES, 403), "lead": 200, "oi": 200, "other_plie_lead": 200},
    )
]
