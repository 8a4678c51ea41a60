"""The import pages: upload → preview → confirm → done, refused files, errors, progress."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jalons.imports.enums import ImportStatus
from jalons.imports.models import ImportRun
from jalons.participants.models import Participant
from jalons.pathways.models import Step
from tests.imports.conftest import csv_bytes, participant_row, step_row

UPLOAD = "/imports/"


def upload(client, data: bytes, kind: str = "participants", name: str = "p.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("imports:upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


def test_upload_preview_confirm_done(world, as_, imports_dir) -> None:
    client = as_("coordinator")
    page = client.get(reverse("imports:upload"))
    assert page.status_code == 200
    assert reverse("imports:upload") == UPLOAD
    assert "Aucun import pour l'instant." in page.content.decode()

    response = upload(client, csv_bytes([participant_row(), participant_row(identifiant="P2")]))
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:preview", args=[run.uid])
    assert (run.plie, run.status, run.rows, run.created, run.user) == (
        world.plie,
        "previewed",
        2,
        2,
        world.users["coordinator"],
    )
    stored = imports_dir / run.stored_file
    assert stored.read_bytes().startswith(b"identifiant;nom")
    assert not Participant.objects.filter(source_id="P2").exists()  # a preview writes nothing

    preview = client.get(response["Location"]).content.decode()
    assert '<span class="kpi">2</span> à créer' in preview
    assert "Confirmer l'import" in preview
    assert 'hx-trigger="every 1s"' not in preview

    done = client.post(reverse("imports:confirm", args=[run.uid]), follow=True)
    assert done.redirect_chain == [(reverse("imports:preview", args=[run.uid]), 302)]
    html = done.content.decode()
    assert "Import lancé : il se poursuit en arrière-plan." in html
    assert "Import terminé" in html and "2 créées, 0 mise à jour, 0 inchangée" in html
    assert "Confirmer l'import" not in html
    run.refresh_from_db()
    assert (run.status, run.created, run.processed, run.stored_file) == ("done", 2, 2, "")
    assert not stored.exists()
    assert Participant.objects.filter(plie=world.plie, source_id__in=["P001", "P2"]).count() == 2

    again = client.post(reverse("imports:confirm", args=[run.uid]), follow=True)
    assert "Cet import a déjà été lancé." in again.content.decode()
    assert ImportRun.objects.count() == 1

    listing = client.get(reverse("imports:upload")).content.decode()
    assert reverse("imports:preview", args=[run.uid]) in listing
    assert "Terminé" in listing

    # The same content once more: the preview says so, and nothing would change.
    upload(client, csv_bytes([participant_row(), participant_row(identifiant="P2")]))
    second = ImportRun.objects.exclude(pk=run.pk).get()
    assert (second.created, second.unchanged) == (0, 2)
    html = client.get(reverse("imports:preview", args=[second.uid])).content.decode()
    assert "Un fichier identique a déjà été importé le" in html


def test_faulty_lines_are_listed_without_a_confirm_button(world, as_, imports_dir) -> None:
    client = as_("lead")
    upload(client, csv_bytes([step_row(), step_row(type_etape="cdi")]), kind="steps")
    run = ImportRun.objects.get()
    assert (run.kind, run.status, run.stored_file) == ("steps", "previewed", "")
    assert not imports_dir.exists() or not any(imports_dir.iterdir())
    html = as_("lead").get(reverse("imports:preview", args=[run.uid])).content.decode()
    assert "2 lignes en erreur sur 2 : rien ne sera importé." in html
    assert (
        '<th scope="row" class="text-end">3</th><td><code>heures_mensuelles</code></td>'
        "<td>Les heures par mois du contrat sont obligatoires pour un CDI ou un CDD.</td>"
    ) in html
    assert "Aucun participant d&#x27;identifiant « P001 » dans le PLIE AIX." in html
    assert "Confirmer l'import" not in html

    refused = client.post(reverse("imports:confirm", args=[run.uid]), follow=True)
    assert "Ce fichier contient des erreurs" in refused.content.decode()
    run.refresh_from_db()
    assert run.status == "previewed"
    assert not Step.objects.exists()


def test_a_refused_file_is_explained_on_the_upload_page(world, as_) -> None:
    client = as_("lead")
    response = upload(client, "identifiant;nom\nP1;Hélène\n".encode("latin-1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le fichier n&#x27;est pas encodé en UTF-8 (caractère illisible à la ligne 2)" in html
    assert not ImportRun.objects.exists()

    columns = upload(client, b"identifiant;couleur\nP1;bleu\n")
    assert "Colonne(s) inconnue(s) : couleur." in columns.content.decode()
    wrong_type = upload(client, b"a;b\n1;2\n", name="notes.pdf")
    assert "Choisissez un fichier CSV (.csv) ou Excel (.xlsx)." in wrong_type.content.decode()
    assert not ImportRun.objects.exists()


def test_the_status_fragment_polls_while_the_import_runs(world, as_) -> None:
    run = ImportRun.objects.create(
        plie=world.plie,
        kind="participants",
        file_name="p.csv",
        file_sha256="0" * 64,
        status=ImportStatus.RUNNING,
        rows=200,
        processed=50,
    )
    url = reverse("imports:status", args=[run.uid])
    html = as_("lead").get(url, headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<section id="import-status"')
    assert f'hx-get="{url}" hx-trigger="every 1s"' in html
    assert "Vérification des lignes : 50 sur 200…" in html
    assert 'aria-valuenow="25"' in html

    run.processed = 200
    run.save()
    assert "Enregistrement en base…" in as_("lead").get(url).content.decode()

    run.status, run.message = ImportStatus.FAILED, "Erreur inattendue pendant l'import."
    run.save()
    html = as_("lead").get(url).content.decode()
    assert "hx-trigger" not in html
    assert "L'import a échoué : rien n'a été enregistré.</strong>" in html


def test_another_plie_lead_imports_into_their_own_plie(world, as_) -> None:
    upload(as_("other_plie_lead"), csv_bytes([participant_row(commune_insee="13117")]))
    run = ImportRun.objects.get()
    assert (run.plie, run.errors) == (
        world.plie2,
        [{"line": 2, "column": "lot", "message": "Lot « L1 » inconnu dans le PLIE MRS."}],
    )
    assert as_("lead").get(reverse("imports:preview", args=[run.uid])).status_code == 404
    listing = as_("lead").get(reverse("imports:upload")).content.decode()
    assert "p.csv" not in listing
