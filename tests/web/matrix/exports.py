"""The participants spreadsheet: the PLIE's pathway team and the OI controller only.

A background run belongs to its requester (here the coordinator): anyone else allowed to
export gets a 404, the other roles a 403. The start row posts an invalid filter (400 once
allowed: nothing is queued, so no file is written); the download row's run has no file
(its requester is sent back to the run's page: 302).
"""

from django.urls import reverse
from django.utils import timezone

from jalons.exports.enums import ExportKind, ExportStatus
from jalons.exports.models import ExportRun
from jalons.organisations.models import Membership
from tests.conftest import ROLES
from tests.web.matrix import Row

ALLOWED = ("lead", "coordinator", "oi", "other_plie_lead")
OWNER = "coordinator"


def expect(allowed: int, owner: int | None = None) -> dict[str, int]:
    statuses = {role: allowed if role in ALLOWED else 403 for role in ROLES}
    if owner is not None:
        statuses[OWNER] = owner
    return statuses


def run_uid(world) -> str:  # type: ignore[no-untyped-def]
    user = world.users[OWNER]
    run = ExportRun.objects.create(
        kind=ExportKind.PARTICIPANTS,
        user=user,
        membership=Membership.objects.get(user=user),
        status=ExportStatus.DONE,
        rows=3,
        finished_at=timezone.now(),
    )
    return str(run.uid)


ROWS = [
    Row("exports:participants_xlsx", lambda w: reverse("exports:participants_xlsx"), expect(200)),
    Row(
        "exports:participants_start",
        lambda w: reverse("exports:participants_start") + "?lot=0",
        expect(400),
        method="post",
    ),
    Row("exports:run", lambda w: reverse("exports:run", args=[run_uid(w)]), expect(404, 200)),
    Row(
        "exports:run_status",
        lambda w: reverse("exports:run_status", args=[run_uid(w)]),
        expect(404, 200),
    ),
    Row(
        "exports:run_download",
        lambda w: reverse("exports:run_download", args=[run_uid(w)]),
        expect(404, 302),
    ),
]
