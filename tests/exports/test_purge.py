"""Prepared files are kept 24 hours: `purge_exports` (daily, and at each new export)
deletes the older ones and whatever an interrupted run left behind."""

import os
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jalons.exports import runs
from jalons.exports.enums import ExportStatus
from jalons.exports.models import ExportRun
from tests.exports.conftest import download, run_task, start


def age(run: ExportRun, hours: float) -> None:
    moment = timezone.now() - timedelta(hours=hours)
    ExportRun.objects.filter(pk=run.pk).update(created_at=moment, finished_at=moment)
    if run.file_name:
        path = runs.storage.path_of(run.file_name)
        os.utime(path, (moment.timestamp(), moment.timestamp()))


def test_files_older_than_a_day_are_deleted(world, as_, background, exports_dir) -> None:  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    old, recent = start(client), start(client)
    age(old, 25)
    age(recent, 23)
    stray = exports_dir / "0000.xlsx.part"  # left by a worker killed mid-write
    stray.write_bytes(b"PK")
    os.utime(stray, (0, 0))
    fresh_stray = exports_dir / "1111.xlsx.part"  # a run writing right now
    fresh_stray.write_bytes(b"PK")

    assert runs.purge_exports() == 2
    old.refresh_from_db()
    assert old.file_name == "" and old.status == ExportStatus.DONE
    assert {p.name for p in exports_dir.iterdir()} == {"1111.xlsx.part", recent.file_name}
    assert len(download(client, recent)) == 4

    page = client.get(reverse("exports:run", args=[old.uid])).content.decode()
    assert "Le fichier a été supprimé" in page
    assert client.get(reverse("exports:run_download", args=[old.uid])).status_code == 302


def test_a_file_past_a_day_is_no_longer_offered_even_before_the_purge(
    world, as_, background
) -> None:  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    run = start(client)
    age(run, 24.5)
    assert client.get(reverse("exports:run_download", args=[run.uid])).status_code == 302
    assert "Le fichier a été supprimé" in (
        client.get(reverse("exports:run", args=[run.uid])).content.decode()
    )


def test_runs_never_finished_are_given_up(world, as_, background, queued) -> None:  # type: ignore[no-untyped-def]
    client = as_("lead")
    client.post(reverse("participants:list"), {"q": "mart"})
    stuck = start(client)
    age(stuck, 30)
    runs.purge_exports()
    stuck.refresh_from_db()
    assert (stuck.status, stuck.message, stuck.search) == (
        ExportStatus.FAILED,
        runs.ABANDONED,
        "",
    )
    assert run_task(stuck).status == ExportStatus.FAILED  # a late worker changes nothing


def test_a_new_export_purges_the_expired_files(world, as_, background, exports_dir) -> None:  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    old = start(client)
    age(old, 48)
    new = start(client)
    assert [p.name for p in exports_dir.iterdir()] == [new.file_name]


def test_the_command_reports_what_it_deleted(world, as_, background, capsys) -> None:  # type: ignore[no-untyped-def]
    age(start(as_("coordinator")), 25)
    call_command("purge_exports")
    assert capsys.readouterr().out == "1 fichier(s) d'export supprimé(s).\n"
    call_command("purge_exports")
    assert capsys.readouterr().out == "0 fichier(s) d'export supprimé(s).\n"


def test_a_file_deleted_by_hand_is_no_longer_offered(world, as_, background, exports_dir) -> None:  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    run = start(client)
    (exports_dir / run.file_name).unlink()
    assert client.get(reverse("exports:run_download", args=[run.uid])).status_code == 302
    assert "Le fichier a été supprimé" in (
        client.get(reverse("exports:run", args=[run.uid])).content.decode()
    )
