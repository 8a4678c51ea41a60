"""Imports: the PLIE's pathway team (project lead, coordinator) imports into its own PLIE.

The lead of another PLIE opens the upload page of their own PLIE, but an import run of
AIX is a 404 for them. POST rows send an empty form (re-rendered: 200) and confirm a
previewed run (302, the run then fails: no file was stored for it).
"""

from django.urls import reverse

from jalons.imports.enums import ImportStatus
from jalons.imports.models import ImportRun
from tests.conftest import ROLES
from tests.web.matrix import Row

TEAM = ("lead", "coordinator")


def expect(team: int, other_plie_lead: int) -> dict[str, int]:
    statuses = dict.fromkeys(ROLES, 403)
    statuses.update(dict.fromkeys(TEAM, team))
    statuses["other_plie_lead"] = other_plie_lead
    return statuses


def run_uid(world) -> str:  # type: ignore[no-untyped-def]
    run = ImportRun.objects.create(
        plie=world.plie,
        kind="participants",
        file_name="participants.csv",
        file_sha256="0" * 64,
        status=ImportStatus.PREVIEWED,
        rows=1,
        created=1,
        user=world.users["lead"],
    )
    return str(run.uid)


ROWS = [
    Row("imports:upload", lambda w: reverse("imports:upload"), expect(200, 200)),
    Row("imports:upload", lambda w: reverse("imports:upload"), expect(200, 200), method="post"),
    Row(
        "imports:preview", lambda w: reverse("imports:preview", args=[run_uid(w)]), expect(200, 404)
    ),
    Row("imports:status", lambda w: reverse("imports:status", args=[run_uid(w)]), expect(200, 404)),
    Row(
        "imports:confirm",
        lambda w: reverse("imports:confirm", args=[run_uid(w)]),
        expect(302, 404),
        method="post",
    ),
]
