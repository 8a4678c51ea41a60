"""A coordinator uploads a history file, reads the faulty lines, fixes them and imports."""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jalons.participants.models import Participant
from tests.conftest import PASSWORD
from tests.e2e.conftest import login

HEADER = (
    "identifiant;nom;prenom;sexe;date_naissance;commune_insee;date_entree;prescripteur;"
    "rsa;deld;niveau_qualification"
)
GOOD = "P100;Garcia;Inès;F;12/05/1980;13001;02/03/2015;caf;oui;oui;V"
BAD = "P101;Moreau;Luc;X;31/02/1975;99999;02/03/2015;caf;peut-être;non;V"


def upload(page: Page, tmp_path, name: str, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Imports"
    ).click()
    page.get_by_label("Participants").check()
    page.get_by_label("Fichier CSV (UTF-8, séparateur ; ou ,) ou XLSX").set_input_files(str(path))
    page.get_by_role("button", name="Vérifier le fichier").click()


def test_preview_points_at_faulty_lines_then_imports(
    page: Page, live_server: LiveServer, world, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server, "coordinator@test.jalons.fr", PASSWORD)
    upload(page, tmp_path, "historique.csv", [GOOD, BAD])
    main = page.locator("main")
    expect(main).to_contain_text("1 ligne en erreur sur 2 : rien ne sera importé.")
    errors = page.get_by_role("table")
    expect(
        errors.get_by_role("row", name="3 sexe Valeur « X » inconnue ; valeurs possibles : F, M.")
    ).to_be_visible()
    expect(errors).to_contain_text("n'est pas une commune du PLIE AIX")
    expect(page.get_by_role("button", name="Confirmer l'import")).to_have_count(0)
    assert not Participant.objects.filter(source_id__in=["P100", "P101"]).exists()

    upload(page, tmp_path, "historique-corrige.csv", [GOOD])
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(main).to_contain_text("terminé", ignore_case=True)
    person = Participant.objects.get(source_id="P100")
    assert (person.last_name, person.status) == ("Garcia", "active")
