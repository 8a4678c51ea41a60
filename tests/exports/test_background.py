"""Large participant exports: started from the list, written by the background task with
the list's filters and the requester's scope as they stand when it runs, followed on a
polled page, downloaded by the requester only."""

import stat
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jalons.exports import runs
from jalons.exports.enums import ExportStatus
from jalons.exports.models import ExportRun
from jalons.organisations.models import Membership
from tests.exports.conftest import START, XLSX, download, names, run_task, start
from tests.factories import LotFactory, ParticipantFactory

URL = reverse("exports:participants_xlsx")
LIST_URL = reverse("participants:list")
EVERYONE_IN_AIX = ["Bernard Paul", "Martin Sophie", "Petit Léa"]


def test_a_list_within_the_limit_is_still_exported_inline(world, as_, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JALONS_EXPORT_INLINE_MAX_ROWS = 3  # the coordinator reads 3 participants
    response = as_("coordinator").get(URL)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="participants-')
    assert not ExportRun.objects.exists()


def test_a_longer_list_offers_a_background_export_and_a_get_starts_nothing(
    world, as_, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.JALONS_EXPORT_INLINE_MAX_ROWS = 1
    response = as_("coordinator").get(URL, {"status": "active", "sort": "nom", "q": "x"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Cette liste compte plus de 1 participant :" in html
    # The form posts the list's filters (not its sort, never a search).
    assert f'action="{START}?status=active"' in html
    assert f'href="{LIST_URL}?status=active"' in html
    assert "Préparer le fichier" in html
    assert not ExportRun.objects.exists()
    assert as_("coordinator").get(START).status_code == 405


def test_a_large_export_goes_through_the_task_and_the_status_page(
    world, as_, background, exports_dir, caplog
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level("INFO")
    client = as_("coordinator")
    run = start(client, "status=active")
    assert (run.status, run.rows, run.total, run.filters) == (
        ExportStatus.DONE,
        2,
        2,
        {"status": ["active"]},
    )
    assert run.user == world.users["coordinator"] and run.file_name == f"{run.uid}.xlsx"

    page = client.get(reverse("exports:run", args=[run.uid]))
    html = page.content.decode()
    assert "Fichier prêt" in html and "2 participants" in html
    assert reverse("exports:run_download", args=[run.uid]) in html
    assert "hx-trigger" not in html  # done: no more polling

    rows = download(client, run)
    assert rows[0][:3] == ["identifiant", "nom", "prénom"]
    assert names(rows) == ["Bernard Paul", "Martin Sophie"]
    assert download(client, run) == rows  # downloadable again for 24 hours

    stored = exports_dir / run.file_name
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert sorted(p.name for p in exports_dir.iterdir()) == [run.file_name]
    # Audited like the inline export: who and how many rows, never names.
    user_id = world.users["coordinator"].pk
    assert f"participants export: user {user_id}, 2 rows (background run {run.uid})" in (
        caplog.text
    )
    assert "Martin" not in caplog.text and "Bernard" not in caplog.text


def test_the_status_page_polls_while_the_file_is_prepared(world, as_, background, queued) -> None:  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    run = start(client)
    assert queued == [run.pk] and run.status == ExportStatus.QUEUED
    status_url = reverse("exports:run_status", args=[run.uid])
    page = client.get(reverse("exports:run", args=[run.uid])).content.decode()
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in page
    assert "Export en attente de démarrage" in page
    # Without JavaScript, a link reloads the page.
    assert f'<a href="{reverse("exports:run", args=[run.uid])}">Actualiser</a>' in page
    assert "pas encore commencé" not in page

    ExportRun.objects.filter(pk=run.pk).update(status=ExportStatus.RUNNING, total=3)
    fragment = client.get(status_url).content.decode()
    assert fragment.lstrip().startswith('<section id="export-status"')
    assert "Préparation du fichier : 3 participants…" in fragment and "hx-get" in fragment
    # Not ready: the download leads back to the run's page.
    response = client.get(reverse("exports:run_download", args=[run.uid]))
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:run", args=[run.uid])

    ExportRun.objects.filter(pk=run.pk).update(
        status=ExportStatus.QUEUED, created_at=timezone.now() - timedelta(minutes=5)
    )
    assert "pas encore commencé" in client.get(status_url).content.decode()


@pytest.mark.parametrize("persona", ["lead", "oi", "other_plie_lead"])
def test_nobody_else_reaches_the_run(world, as_, background, persona) -> None:  # type: ignore[no-untyped-def]
    run = start(as_("coordinator"))
    other = as_(persona)
    for name in ("exports:run", "exports:run_status", "exports:run_download"):
        assert other.get(reverse(name, args=[run.uid])).status_code == 404
    assert as_("adviser").get(reverse("exports:run", args=[run.uid])).status_code == 403


def test_the_run_uses_the_requesters_scope(world, as_, background) -> None:  # type: ignore[no-untyped-def]
    everyone = sorted(["Durand Marc", *EVERYONE_IN_AIX])
    assert names(download(as_("oi"), start(as_("oi")))) == everyone
    other = as_("other_plie_lead")
    assert names(download(other, start(other))) == ["Durand Marc"]


def test_filters_and_scope_are_applied_again_when_the_task_runs(
    world, as_, background, queued
) -> None:  # type: ignore[no-untyped-def]
    client = as_("lead")
    run = start(client, "status=active")
    ParticipantFactory(plie=world.plie, last_name="Aubert", first_name="Jean")  # oriented
    ParticipantFactory(plie=world.plie, last_name="Abadie", first_name="Rose", status="active")
    ParticipantFactory(plie=world.plie2, last_name="Aaron", first_name="Noé", status="active")
    assert run_task(run).status == ExportStatus.DONE
    assert names(download(client, run)) == ["Abadie Rose", "Bernard Paul", "Martin Sophie"]


def test_a_role_ended_before_the_task_runs_produces_nothing(
    world, as_, background, queued, exports_dir
) -> None:  # type: ignore[no-untyped-def]
    run = start(as_("lead"))
    Membership.objects.filter(user=world.users["lead"]).update(
        end_date=timezone.localdate() - timedelta(days=1)
    )
    run = run_task(run)
    assert (run.status, run.message, run.file_name) == (
        ExportStatus.FAILED,
        runs.ROLE_CHANGED,
        "",
    )
    assert not exports_dir.exists() or not any(exports_dir.iterdir())


def test_filters_no_longer_valid_when_the_task_runs_produce_nothing(
    world, as_, background, queued
) -> None:  # type: ignore[no-untyped-def]
    client = as_("lead")
    lot = LotFactory(plie=world.plie, code="L9", name="Nord")
    run = start(client, f"lot={lot.pk}")
    lot.delete()
    run = run_task(run)
    assert run.status == ExportStatus.FAILED
    assert run.message.startswith(
        "Les filtres de la liste ne sont plus valides (relancez l'export depuis la liste). Lot : "
    )
    html = client.get(reverse("exports:run", args=[run.uid])).content.decode()
    assert "L'export a échoué : aucun fichier n'a été produit." in html


def test_the_search_is_honoured_and_kept_out_of_urls_and_logs(
    world, as_, settings, queued, caplog
) -> None:  # type: ignore[no-untyped-def]
    settings.JALONS_EXPORT_INLINE_MAX_ROWS = 0  # the search leaves one participant
    caplog.set_level("INFO")
    client = as_("lead")
    client.post(LIST_URL, {"q": "mart"})
    page = client.get(URL)
    assert "mart" not in page.content.decode()
    response = client.post(START)
    assert "mart" not in response["Location"]
    run = ExportRun.objects.get()
    assert run.search == "mart"  # kept on the record only, until the run ends
    run = run_task(run)
    assert names(download(client, run)) == ["Martin Sophie"]
    assert run.search == ""
    assert "mart" not in caplog.text.lower()


def test_a_search_in_the_query_string_is_ignored(world, as_, background) -> None:  # type: ignore[no-untyped-def]
    client = as_("lead")
    run = start(client, "q=Bernard")
    assert run.filters == {} and run.search == ""
    assert names(download(client, run)) == EVERYONE_IN_AIX


def test_invalid_filters_start_nothing(world, as_, background) -> None:  # type: ignore[no-untyped-def]
    other_plie_lot = LotFactory(plie=world.plie2, code="M1", name="Marseille")
    response = as_("lead").post(f"{START}?lot={other_plie_lot.pk}")
    assert response.status_code == 400
    assert response.content.decode().startswith("Filtres invalides, rien n'a été exporté. Lot :")
    assert not ExportRun.objects.exists()


def test_a_failure_shows_a_french_error_and_leaves_no_file(
    world, as_, background, exports_dir, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    def broken(queryset, target) -> int:  # type: ignore[no-untyped-def]
        target.write(b"PK half a spreadsheet")
        name = "Martin Sophie"
        raise ValueError(f"{name} cannot be written")

    monkeypatch.setattr(runs, "write_participants_xlsx", broken)
    client = as_("coordinator")
    run = start(client)
    assert (run.status, run.message, run.file_name) == (
        ExportStatus.FAILED,
        runs.UNEXPECTED,
        "",
    )
    assert list(exports_dir.iterdir()) == []  # nothing half-written is kept
    html = client.get(reverse("exports:run", args=[run.uid])).content.decode()
    assert "L'export a échoué : aucun fichier n'a été produit." in html
    assert "Erreur inattendue pendant la préparation du fichier." in html
    assert "Télécharger" not in html
    download = client.get(reverse("exports:run_download", args=[run.uid]))
    assert download.status_code == 302
    # The log says what failed, not the error's text (it may quote personal data).
    assert f"participants export {run.uid} failed: ValueError" in caplog.text
    assert "Martin" not in caplog.text


def test_a_run_is_executed_once(world, as_, background, queued) -> None:  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    run = run_task(start(client))
    finished_at = run.finished_at
    assert run_task(run).finished_at == finished_at


def test_the_status_page_runs_constant_queries(
    world, as_, background, queued, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    small = run_task(start(client))
    for _ in range(5):
        start(client)
    large = start(client)
    ExportRun.objects.filter(pk=large.pk).update(status=ExportStatus.RUNNING, total=1_000_000)
    expected = 2 + 1 + 1  # session, user; actor: memberships; the run
    for run in (small, large):
        for name in ("exports:run", "exports:run_status"):
            with django_assert_num_queries(expected):
                assert client.get(reverse(name, args=[run.uid])).status_code == 200


def test_the_export_page_lists_the_users_recent_runs(world, as_, background) -> None:  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    run = start(client)
    start(as_("lead"))
    html = client.get(URL).content.decode()
    assert "Vos exports des dernières 24 heures" in html
    assert html.count(reverse("exports:run", args=[run.uid])) == 1
    assert html.count('href="/exports/') == 1
