"""Contacts and steps recorded on a pathway (pathways:contact_add, step_add, step_edit)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jalons.pathways import services
from jalons.pathways.models import Contact, Pathway, Step
from tests.factories import OrganisationFactory

HTMX = {"HX-Request": "true"}


def file_url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("participants:detail", args=[world.participant.uid])


def contact_url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("pathways:contact_add", args=[world.pathway.uid])


def step_url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("pathways:step_add", args=[world.pathway.uid])


def errors_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    form = response.context["form"]
    return [str(e) for errors in form.errors.values() for e in errors]


# --- contacts -------------------------------------------------------------------------


def test_contact_page_names_the_participant_and_links_back(world, as_):  # type: ignore[no-untyped-def]
    response = as_("adviser").get(contact_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Ajouter un contact – MARTIN Sophie · Jalons</title>" in html
    assert f'href="{file_url(world)}"' in html
    assert "Retour au dossier" in html
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html  # the date defaults to today
    assert "<html" in html  # a full page, not the htmx fragment
    assert "hx-post" not in html  # a plain form: it works without JavaScript


def test_adviser_records_a_contact(world, as_):  # type: ignore[no-untyped-def]
    response = as_("adviser").post(
        contact_url(world),
        {"date": "2024-03-04", "kind": "phone", "attendance": "attended", "notes": "Point CV."},
    )
    assert response.status_code == 302
    assert response["Location"] == file_url(world)
    contact = Contact.objects.get(pathway=world.pathway)
    assert (contact.date, contact.kind, contact.attendance, contact.notes) == (
        date(2024, 3, 4),
        "phone",
        "attended",
        "Point CV.",
    )
    assert contact.author == world.users["adviser"]
    world.pathway.refresh_from_db()
    assert world.pathway.last_contact_on == date(2024, 3, 4)


def test_success_message_is_shown_on_the_next_page(world, as_):  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    client.post(
        contact_url(world),
        {"date": "2024-03-04", "kind": "individual", "attendance": "attended", "notes": ""},
    )
    response = client.get(contact_url(world))
    assert "Contact du 04/03/2024 enregistré." in response.content.decode()


def test_contact_before_entry_is_refused_in_french(world, as_):  # type: ignore[no-untyped-def]
    response = as_("adviser").post(
        contact_url(world),
        {"date": "2024-01-14", "kind": "individual", "attendance": "attended", "notes": ""},
    )
    assert response.status_code == 200
    assert errors_of(response) == [
        "Le contact ne peut précéder l'entrée dans le parcours (15/01/2024)."
    ]
    assert "Le contact ne peut précéder l&#x27;entrée dans le parcours" in response.content.decode()
    assert Contact.objects.count() == 0
    assert Pathway.objects.get(pk=world.pathway.pk).last_contact_on is None


def test_contact_without_kind_or_date_shows_field_errors(world, as_):  # type: ignore[no-untyped-def]
    response = as_("adviser").post(
        contact_url(world), {"date": "31/02/2024", "kind": "", "attendance": "attended"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["kind"] == ["Ce champ est obligatoire."]
    assert form.errors["date"] == ["Saisissez une date valide."]
    assert 'class="invalid-feedback"' in response.content.decode()
    assert Contact.objects.count() == 0


def test_htmx_contact_form_is_a_fragment_and_redirects_the_client(world, as_):  # type: ignore[no-untyped-def]
    client = as_("adviser")
    response = client.get(contact_url(world), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith('<div id="pathway-action"')
    assert f'hx-post="{contact_url(world)}"' in html
    assert 'data-bs-dismiss="modal"' in html

    bad = client.post(
        contact_url(world),
        {"date": "2024-01-01", "kind": "phone", "attendance": "attended"},
        headers=HTMX,
    )
    assert bad.status_code == 200
    assert "<html" not in bad.content.decode()
    assert "précéder l&#x27;entrée" in bad.content.decode()

    good = client.post(
        contact_url(world),
        {"date": "2024-02-01", "kind": "phone", "attendance": "missed"},
        headers=HTMX,
    )
    assert good.status_code == 200
    assert good["HX-Redirect"] == file_url(world)
    assert Contact.objects.get().attendance == "missed"


def test_no_activity_on_a_closed_pathway(world, as_):  # type: ignore[no-untyped-def]
    services.record_exit(
        world.pathway, kind="abandon", on=date(2024, 5, 1), reason="Injoignable", by=None
    )
    assert as_("adviser").get(contact_url(world)).status_code == 403
    assert as_("lead").get(step_url(world)).status_code == 403


# --- steps ----------------------------------------------------------------------------


def step_data(**overrides: str) -> dict[str, str]:
    data = {
        "kind": "cdi",
        "outcome": "ongoing",
        "title": "Agent de propreté",
        "start_date": "2024-04-01",
        "end_date": "",
        "monthly_hours": "151.67",
        "hours_worked": "",
        "monthly_income": "",
        "employer_siret": "732 829 320 00074",
        "provider": "",
        "provider_name": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_adviser_records_a_cdi_with_its_hours(world, as_):  # type: ignore[no-untyped-def]
    response = as_("adviser").post(step_url(world), step_data())
    assert response.status_code == 302
    assert response["Location"] == file_url(world)
    step = Step.objects.get(pathway=world.pathway)
    assert (step.kind, step.start_date, step.monthly_hours, step.employer_siret) == (
        "cdi",
        date(2024, 4, 1),
        Decimal("151.67"),
        "73282932000074",
    )
    assert step.author == world.users["adviser"]


def test_interim_hours_and_plie_provider(world, as_):  # type: ignore[no-untyped-def]
    agency = OrganisationFactory(kind="employer", name="Intérim Provence", plie=world.plie)
    response = as_("coordinator").post(
        step_url(world),
        step_data(
            kind="interim",
            monthly_hours="",
            hours_worked="312.5",
            end_date="2024-06-30",
            provider=str(agency.uid),
            employer_siret="",
        ),
    )
    assert response.status_code == 302
    step = Step.objects.get()
    assert (step.hours_worked, step.end_date, step.provider) == (
        Decimal("312.5"),
        date(2024, 6, 30),
        agency,
    )


def test_business_creation_keeps_income(world, as_):  # type: ignore[no-untyped-def]
    as_("adviser").post(
        step_url(world),
        step_data(
            kind="creation_activite",
            monthly_hours="",
            micro_entrepreneur="on",
            monthly_income="950",
            employer_siret="",
            provider_name="BGE Sud",
        ),
    )
    step = Step.objects.get()
    assert (step.micro_entrepreneur, step.monthly_income, step.provider_name) == (
        True,
        Decimal("950"),
        "BGE Sud",
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"monthly_hours": ""},
            "monthly_hours",
            "Les heures par mois du contrat sont obligatoires pour un CDI ou un CDD.",
        ),
        (
            {"kind": "interim", "monthly_hours": ""},
            "hours_worked",
            "Les heures réalisées sont obligatoires pour une mission d'intérim.",
        ),
        (
            {"end_date": "2024-03-31"},
            "end_date",
            "La date de fin doit être postérieure ou égale à la date de début.",
        ),
        (
            {"employer_siret": "732 829 320 00075"},
            "employer_siret",
            "Ce numéro SIRET n'est pas valide : il compte 14 chiffres dont une clé de contrôle "
            "(par exemple 732 829 320 00074).",
        ),
        ({"monthly_hours": "800"}, "monthly_hours", "Un mois compte au plus 744 heures."),
        (
            {"kind": "atelier", "monthly_hours": "", "micro_entrepreneur": "on"},
            "micro_entrepreneur",
            "Le statut de micro-entrepreneur concerne une création d'activité.",
        ),
        ({"kind": ""}, "kind", "Ce champ est obligatoire."),
    ],
)
def test_bad_step_figures_are_shown_next_to_the_field(world, as_, overrides, field, message):  # type: ignore[no-untyped-def]
    response = as_("adviser").post(step_url(world), step_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    html = response.content.decode()
    assert f'id="error_1_id_{field}"' in html  # crispy's message under the field
    assert Step.objects.count() == 0


def test_step_before_entry_is_refused_by_the_rule(world, as_):  # type: ignore[no-untyped-def]
    response = as_("adviser").post(step_url(world), step_data(start_date="2023-12-01"))
    assert response.status_code == 200
    assert errors_of(response) == [
        "L'étape ne peut commencer avant l'entrée dans le parcours (15/01/2024)."
    ]
    assert Step.objects.count() == 0


def test_provider_of_another_plie_is_no_choice(world, as_):  # type: ignore[no-untyped-def]
    foreign = OrganisationFactory(kind="provider", name="Ailleurs", plie=world.plie2)
    OrganisationFactory(kind="iae_structure", name="ACI Les Jardins", plie=world.plie)
    client = as_("adviser")
    page = client.get(step_url(world)).content.decode()
    assert "ACI Les Jardins (Structure de l&#x27;IAE)" in page
    assert "Ailleurs" not in page
    response = client.post(step_url(world), step_data(provider=str(foreign.uid)))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["provider"]
    assert Step.objects.count() == 0


def test_provider_and_free_text_are_exclusive(world, as_):  # type: ignore[no-untyped-def]
    own = OrganisationFactory(kind="provider", name="Wimoov", plie=world.plie)
    response = as_("adviser").post(
        step_url(world), step_data(provider=str(own.uid), provider_name="Wimoov Aix")
    )
    assert response.context["form"].errors == {
        "provider_name": [
            "Choisissez un organisme dans la liste ou saisissez son nom, pas les deux."
        ]
    }


def test_step_form_marks_the_fields_of_each_kind(world, as_):  # type: ignore[no-untyped-def]
    html = as_("adviser").get(step_url(world)).content.decode()
    assert 'data-step-kinds="cdd cdi iae_aci iae_ei"' in html  # monthly hours
    assert 'data-step-kinds="clause iae_ai iae_etti interim"' in html  # hours worked
    assert html.count('data-step-kinds="creation_activite"') == 2  # micro-entrepreneur, income
    # Without JavaScript every field is in the page (the script only hides them).
    for name in (
        "monthly_hours",
        "hours_worked",
        "micro_entrepreneur",
        "monthly_income",
        "employer_siret",
    ):
        assert f'name="{name}"' in html


def test_step_is_edited_in_place(world, as_):  # type: ignore[no-untyped-def]
    step = services.save_step(
        world.pathway,
        author=None,
        kind="cdd",
        start_date=date(2024, 2, 1),
        monthly_hours=Decimal("80"),
        title="Vendeuse",
    )
    url = reverse("pathways:step_edit", args=[step.uid])
    client = as_("adviser")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<title>Modifier une étape – MARTIN Sophie · Jalons</title>" in html
    assert 'value="Vendeuse"' in html and 'value="80.00"' in html
    response = client.post(
        url,
        step_data(
            kind="cdd",
            start_date="2024-02-01",
            end_date="2024-09-30",
            monthly_hours="100",
            outcome="completed",
        ),
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert Step.objects.count() == 1
    assert (step.end_date, step.monthly_hours, step.outcome) == (
        date(2024, 9, 30),
        Decimal("100"),
        "completed",
    )


def test_step_edit_with_htmx_and_a_bad_value(world, as_):  # type: ignore[no-untyped-def]
    step = services.save_step(
        world.pathway, author=None, kind="atelier", start_date=date(2024, 2, 1)
    )
    url = reverse("pathways:step_edit", args=[step.uid])
    client = as_("coordinator")
    fragment = client.get(url, headers=HTMX).content.decode()
    assert "<html" not in fragment and "data-step-form" in fragment
    bad = client.post(
        url,
        step_data(
            kind="atelier",
            monthly_hours="",
            end_date="2024-01-31",
            start_date="2024-02-01",
            employer_siret="",
        ),
        headers=HTMX,
    )
    assert bad.status_code == 200 and "<html" not in bad.content.decode()
    assert "La date de fin doit être postérieure" in bad.content.decode()
    step.refresh_from_db()
    assert step.end_date is None
    good = client.post(
        url,
        step_data(
            kind="atelier",
            monthly_hours="",
            employer_siret="",
            start_date="2024-02-01",
            end_date="2024-02-28",
        ),
        headers=HTMX,
    )
    assert good["HX-Redirect"] == file_url(world)


def test_an_unknown_step_is_404(world, as_):  # type: ignore[no-untyped-def]
    url = reverse("pathways:step_edit", args=["00000000-0000-0000-0000-000000000000"])
    assert as_("lead").get(url).status_code == 404


def test_an_attended_contact_cannot_be_in_the_future(world, as_):  # type: ignore[no-untyped-def]
    later = timezone.localdate() + timedelta(days=3)
    response = as_("adviser").post(
        contact_url(world),
        {"date": later.isoformat(), "kind": "individual", "attendance": "attended"},
    )
    assert errors_of(response) == ["Un contact réalisé ne peut pas être daté dans le futur."]
    assert Contact.objects.count() == 0
