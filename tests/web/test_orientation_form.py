"""Orienting a person: the form, duplicates and bad input (spec §3 "Orientation", "Duplicates")."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from jalons.organisations.models import Organisation
from jalons.participants.models import Participant
from jalons.pathways import services
from jalons.pathways.models import Orientation
from tests.factories import ParticipantFactory

CREATE = reverse("orientations:create")


def person(**overrides: object) -> dict[str, object]:
    """A complete, valid orientation form for Camille Roux, of Aix-en-Provence."""
    data: dict[str, object] = {
        "origin": "spontane",
        "last_name": "Roux",
        "first_name": "Camille",
        "sex": "F",
        "birth_date": "1988-03-02",
        "phone": "06 12 34 56 78",
        "email": "camille.roux@example.fr",
        "address": "3 rue des Lilas",
        "postal_code": "13100",
        "commune": "13001",
        "france_travail_registered": "on",
        "job_seeker_since": "2023-01-10",
        "france_travail_id": "7654321b",
        "rsa": "on",
        "qualification_level": "V",
        "household": "single_parent",
        "barriers": ["mobility", "childcare"],
        "reasons": "Allocataire RSA, souhaite un accompagnement vers l'emploi.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_prescriber_orients_for_its_own_organisation(world, as_):  # type: ignore[no-untyped-def]
    page = as_("prescriber").get(CREATE).content.decode()
    assert "Orientée par <strong>CAF 13</strong>" in page
    assert 'name="origin"' not in page  # no prescriber choice for a prescriber

    response = as_("prescriber").post(CREATE, person(origin="spontane"))

    orientation = Orientation.objects.get(participant__last_name="Roux")
    assert response.status_code == 302
    assert response["Location"] == reverse("orientations:detail", kwargs={"uid": orientation.uid})
    assert orientation.prescriber.name == "CAF 13"
    assert orientation.prescriber_kind == "caf"
    assert orientation.submitted_by == world.users["prescriber"]
    assert orientation.status == "proposed"
    assert orientation.reasons == "Allocataire RSA, souhaite un accompagnement vers l'emploi."
    participant = orientation.participant
    assert (participant.plie, participant.first_name, participant.sex) == (
        world.plie,
        "Camille",
        "F",
    )
    assert participant.birth_date == date(1988, 3, 2)
    assert participant.commune.insee_code == "13001"
    assert participant.france_travail_id == "7654321B"  # normalised
    assert participant.job_seeker_since == date(2023, 1, 10)
    assert (participant.rsa, participant.ass, participant.rqth) == (True, False, False)
    assert participant.household == "single_parent"
    assert participant.barriers == ["mobility", "childcare"]
    assert participant.status == "oriented"
    assert participant.created_by == world.users["prescriber"]


def test_staff_choose_a_prescriber_or_a_spontaneous_application(world, as_):  # type: ignore[no-untyped-def]
    france_travail = Organisation.objects.get(name="France Travail Aix")
    page = as_("coordinator").get(CREATE).content.decode()
    assert "France Travail Aix" in page and "Candidature spontanée" in page

    as_("coordinator").post(CREATE, person(origin=str(france_travail.uid)))
    as_("adviser").post(CREATE, person(last_name="Blanc", birth_date="1979-01-01"))

    sent = Orientation.objects.get(participant__last_name="Roux")
    assert (sent.prescriber, sent.prescriber_kind) == (france_travail, "france_travail")
    spontaneous = Orientation.objects.get(participant__last_name="Blanc")
    assert (spontaneous.prescriber, spontaneous.prescriber_kind) == (None, "spontane")
    assert spontaneous.submitted_by == world.users["adviser"]


def test_staff_must_say_who_orients(world, as_):  # type: ignore[no-untyped-def]
    response = as_("coordinator").post(CREATE, person(origin=""))
    assert response.status_code == 200
    assert "Indiquez qui oriente la personne" in response.content.decode()
    assert not Participant.objects.filter(last_name="Roux").exists()


def test_a_warning_never_blocks_an_orientation(world, as_):  # type: ignore[no-untyped-def]
    client = as_("prescriber")
    response = client.post(
        CREATE, person(france_travail_registered=None, job_seeker_since=""), follow=True
    )
    page = response.content.decode()
    assert Orientation.objects.filter(participant__last_name="Roux").exists()
    assert "Non inscrit à France Travail : l&#x27;inscription est requise" in page
    assert "alert-warning" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"birth_date": (date.today() + timedelta(days=3)).isoformat()},
            "birth_date",
            "La date de naissance ne peut pas être dans le futur.",
        ),
        (
            {"birth_date": (date.today() - timedelta(days=365 * 10)).isoformat()},
            "birth_date",
            "La personne doit avoir au moins 16 ans.",
        ),
        ({"birth_date": "31/02/1990"}, "birth_date", "Date de naissance invalide (JJ/MM/AAAA)."),
        ({"reasons": "   "}, "reasons", "Indiquez les motifs de l&#x27;orientation."),
        ({"last_name": ""}, "last_name", "Indiquez le nom de la personne."),
        (
            {"commune": "99999"},
            "commune",
            "Cette commune n&#x27;est pas sur le territoire du PLIE.",
        ),
        (
            {"postal_code": "13127"},
            "postal_code",
            "Ce code postal ne correspond pas à Aix-en-Provence",
        ),
        ({"postal_code": "131"}, "postal_code", "Le code postal compte 5 chiffres."),
        ({"france_travail_id": "ABC"}, "france_travail_id", "Identifiant France Travail invalide"),
        ({"phone": "appelle-moi"}, "phone", "Numéro de téléphone invalide"),
        (
            {"job_seeker_since": "2099-01-01"},
            "job_seeker_since",
            "La date d&#x27;inscription ne peut pas être dans le futur.",
        ),
        (
            {"france_travail_registered": None},
            "france_travail_registered",
            "Une date d&#x27;inscription est indiquée",
        ),
        ({"barriers": ["flying"]}, "barriers", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_explained_in_french_and_saves_nothing(  # type: ignore[no-untyped-def]
    world, as_, overrides, field, message
):
    before = (Participant.objects.count(), Orientation.objects.count())
    response = as_("coordinator").post(CREATE, person(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert (Participant.objects.count(), Orientation.objects.count()) == before


def test_a_commune_outside_the_plie_is_refused(world, as_):  # type: ignore[no-untyped-def]
    # Aix-en-Provence is not a commune of the Marseille PLIE (Vitrolles and Gardanne only).
    page = as_("other_plie_lead").get(CREATE).content.decode()
    assert "Vitrolles" in page and "Aix-en-Provence" not in page
    response = as_("other_plie_lead").post(CREATE, person())
    assert "Cette commune n&#x27;est pas sur le territoire du PLIE." in response.content.decode()
    assert not Participant.objects.filter(last_name="Roux").exists()


@pytest.fixture
def known(world):  # type: ignore[no-untyped-def]
    """Camille Roux, already known to the PLIE: oriented once and not admitted."""
    camille = ParticipantFactory(
        plie=world.plie,
        last_name="Roux",
        first_name="Camille",
        sex="F",
        birth_date=date(1988, 3, 2),
    )
    first = services.submit_orientation(
        plie=world.plie,
        participant=camille,
        prescriber=None,
        prescriber_kind="spontane",
        reasons="Première demande.",
        submitted_by=world.users["coordinator"],
    )
    services.refuse_orientation(first, decided_by=world.users["coordinator"], reason="Injoignable.")
    return camille


def test_the_team_is_shown_probable_duplicates_before_saving(world, as_, known):  # type: ignore[no-untyped-def]
    client = as_("coordinator")
    response = client.post(CREATE, person(last_name="ROUX ", first_name="camille"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Personnes déjà connues du PLIE" in page
    assert "ROUX Camille</strong>, né·e le 02/03/1988" in page
    assert "Non admis·e" in page
    assert reverse("participants:detail", kwargs={"uid": known.uid}) in page
    assert Orientation.objects.filter(participant=known).count() == 1  # nothing saved yet

    response = client.post(CREATE, person(duplicate=str(known.uid)))

    assert response.status_code == 302
    assert Participant.objects.filter(last_name__iexact="roux").count() == 1
    orientation = Orientation.objects.get(participant=known, status="proposed")
    assert orientation.reasons.startswith("Allocataire RSA")


def test_the_team_may_create_a_different_person(world, as_, known):  # type: ignore[no-untyped-def]
    response = as_("coordinator").post(CREATE, person(duplicate="new"))
    assert response.status_code == 302
    assert Participant.objects.filter(last_name="Roux").count() == 2


def test_a_forged_duplicate_choice_is_refused(world, as_, known):  # type: ignore[no-untyped-def]
    response = as_("coordinator").post(CREATE, person(duplicate=str(world.participant.uid)))
    assert response.status_code == 200
    assert "Choisissez l&#x27;une des personnes proposées" in response.content.decode()
    assert Orientation.objects.filter(participant=known).count() == 1


def test_a_known_person_with_an_open_pathway_cannot_be_oriented_again(world, as_):  # type: ignore[no-untyped-def]
    sophie = world.participant
    data = person(
        last_name="Martin",
        first_name="Sophie",
        birth_date=sophie.birth_date.isoformat(),
        duplicate=str(sophie.uid),
    )
    response = as_("coordinator").post(CREATE, data)
    assert response.status_code == 200
    assert "Cette personne a déjà un parcours en cours." in response.content.decode()
    assert sophie.orientations.count() == 0


def test_a_prescriber_never_learns_about_other_people(world, as_, known):  # type: ignore[no-untyped-def]
    response = as_("prescriber").post(CREATE, person(), follow=True)
    page = response.content.decode()
    assert "déjà connues" not in page and "Non admis" not in page
    assert str(known.uid) not in page
    # A new record; the team's screening page shows the probable duplicate.
    new = Orientation.objects.get(prescriber__name="CAF 13", participant__last_name="Roux")
    assert new.participant != known
    screening = as_("coordinator").get(reverse("orientations:detail", kwargs={"uid": new.uid}))
    assert reverse("participants:detail", kwargs={"uid": known.uid}) in screening.content.decode()


def test_roles_that_do_not_orient_cannot_post(world, as_):  # type: ignore[no-untyped-def]
    for persona in ("cre", "oi", "admin", "no_role"):
        assert as_(persona).post(CREATE, person()).status_code == 403
    assert not Participant.objects.filter(last_name="Roux").exists()
