"""The flows a person walks through every day, in a real browser (issue 2 "Done when")."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from jalons.participants.models import Participant
from jalons.pathways.models import Contact, Step
from tests.conftest import PASSWORD
from tests.e2e.conftest import login


def logout(page: Page) -> None:
    page.get_by_role("button", name="Déconnexion").click()
    expect(page.get_by_role("alert")).to_have_text("Vous êtes déconnecté·e.")


def test_adviser_adds_a_contact_and_a_step_seen_on_the_timeline(
    page: Page, live_server: LiveServer, world
) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server, "adviser@test.jalons.fr", PASSWORD)
    # The caseload on the home page, with Sophie Martin (no contact yet: an alert).
    main = page.locator("main")
    expect(main).to_contain_text("MARTIN Sophie")
    main.get_by_role("link", name="MARTIN Sophie").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MARTIN Sophie")

    page.get_by_role("link", name="Ajouter un contact").click()
    page.get_by_label("Type de contact").select_option("individual")
    page.get_by_label("Compte rendu").fill("Point sur la recherche d'emploi : CV mis à jour.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert").first).to_contain_text("Contact du")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Entretien individuel")
    expect(timeline).to_contain_text("CV mis à jour")

    page.get_by_role("link", name="Ajouter une étape").click()
    page.get_by_label("Type d'étape").select_option("cdi")
    start = timezone.localdate() - timedelta(days=10)
    page.get_by_label("Début").fill(start.isoformat())
    page.get_by_label("Heures par mois").fill("151.67")
    page.get_by_label("Intitulé").fill("Agent de propreté")
    page.get_by_role("button", name="Enregistrer").click()
    expect(timeline).to_contain_text("CDI — Agent de propreté")
    expect(page.locator("#exit-verdict")).to_contain_text("En attente de validation")
    assert Contact.objects.filter(pathway=world.pathway).count() == 1
    assert str(Step.objects.get(pathway=world.pathway).monthly_hours) == "151.67"


def test_bad_step_input_gets_a_french_message_and_changes_nothing(
    page: Page, live_server: LiveServer, world
) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server, "adviser@test.jalons.fr", PASSWORD)
    page.goto(f"{live_server.url}/parcours/{world.pathway.uid}/etapes/ajouter/")
    page.get_by_label("Type d'étape").select_option("cdd")
    page.get_by_label("Début").fill("2024-03-01")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("main")).to_contain_text("heures par mois du contrat sont obligatoires")
    assert not Step.objects.exists()


def test_prescriber_orients_coordinator_admits_adviser_finds_the_person(
    page: Page, live_server: LiveServer, world
) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server, "prescriber@test.jalons.fr", PASSWORD)
    page.get_by_role("link", name="Orienter une personne").first.click()
    page.locator("#id_last_name").fill("Lefebvre")
    page.locator("#id_first_name").fill("Nadia")
    page.get_by_label("Femme").check()
    page.locator("#id_birth_date").fill("1985-04-12")
    page.locator("#id_commune").select_option(label="Aix-en-Provence (13100)")
    page.get_by_label("Bénéficiaire du RSA").check()
    page.locator("#id_reasons").fill("Allocataire RSA depuis 3 ans, projet aide à domicile.")
    page.get_by_role("button", name="Envoyer l'orientation").click()
    expect(page.locator("main")).to_contain_text("En attente de décision")
    logout(page)

    login(page, live_server, "coordinator@test.jalons.fr", PASSWORD)
    page.get_by_role("link", name="Orientations", exact=True).click()
    page.get_by_role("link", name="LEFEBVRE Nadia").first.click()
    screening = page.locator("main")
    expect(screening).to_contain_text("Bénéficiaire du RSA")
    page.locator("#id_referent").select_option(label="Adviser Test (Accompagnement Centre, lot L1)")
    page.get_by_role("button", name="Accepter et ouvrir le parcours").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("LEFEBVRE Nadia")
    nadia = Participant.objects.get(last_name="Lefebvre")
    assert nadia.status == "active" and nadia.current_pathway.referent == world.users["adviser"]
    logout(page)

    login(page, live_server, "adviser@test.jalons.fr", PASSWORD)
    page.get_by_role("link", name="Participants").click()
    page.get_by_role("textbox", name="Rechercher").fill("lefebvre nadia")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("main")).to_contain_text("LEFEBVRE Nadia")
