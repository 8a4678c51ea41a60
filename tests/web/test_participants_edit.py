"""Editing identity and situation: validation in French, duplicates, permissions."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from jalons.participants.models import Participant
from jalons.territory.models import BassinDeVie, Commune, Qpv
from tests.factories import ParticipantFactory
from tests.web.matrix.participants import edit_form_data

VALID_NIR = "276051300112320"
BAD_KEY_NIR = "276051300112399"


def url(participant: Participant) -> str:
    return reverse("participants:edit", args=[participant.uid])


def reload(participant: Participant) -> Participant:
    return Participant.objects.get(pk=participant.pk)


def snapshot(participant: Participant) -> dict[str, object]:
    p = reload(participant)
    return {
        f.attname: getattr(p, f.attname) for f in p._meta.concrete_fields if f.name != "updated_at"
    }


def test_valid_save_updates_the_file_and_redirects_with_a_message(world, as_) -> None:  # type: ignore[no-untyped-def]
    participant = world.participant
    vitrolles = Commune.objects.get(insee_code="13117")
    zone = Qpv.objects.get(name="La Frescoule")
    data = edit_form_data(
        participant,
        last_name="  Martin-Roux ",
        phone="06 12 34 56 78",
        address="3 rue des Lilas",
        postal_code="13127",
        commune=vitrolles.pk,
        qpv="on",
        qpv_zone=zone.pk,
        nir="2 76 05 13 001 123 20",
        france_travail_id="1234567a",
        barriers=["mobility", "language", "housing"],
        household="single_parent",
        children=2,
        rqth=None,
    )
    response = as_("lead").post(url(participant), data, follow=True)
    assert response.redirect_chain == [
        (reverse("participants:detail", args=[participant.uid]), 302)
    ]
    assert "La fiche de MARTIN-ROUX Sophie a été mise à jour." in response.content.decode()
    saved = reload(participant)
    assert saved.last_name == "Martin-Roux"
    assert saved.phone == "06 12 34 56 78" and saved.address == "3 rue des Lilas"
    assert saved.commune == vitrolles and saved.qpv and saved.qpv_zone == zone
    assert saved.nir == VALID_NIR and saved.france_travail_id == "1234567A"
    assert saved.barriers == ["mobility", "language", "housing"]
    assert saved.household == "single_parent" and saved.children == 2 and not saved.rqth
    assert saved.status == "active" and saved.current_pathway_id == world.pathway.pk


def test_referent_adviser_can_edit(world, as_) -> None:  # type: ignore[no-untyped-def]
    response = as_("adviser").post(
        url(world.participant), edit_form_data(world.participant, phone="0442000000")
    )
    assert response.status_code == 302
    assert reload(world.participant).phone == "0442000000"


def test_get_shows_the_form_and_is_audited(world, as_) -> None:  # type: ignore[no-untyped-def]
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    response = as_("coordinator").get(url(world.participant))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Martin"' in html and 'value="1234567A"' in html
    assert "Identité" in html and "Freins à l&#x27;emploi" in html
    assert 'name="confirm_not_duplicate"' not in html  # only when a duplicate shows up
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"nir": BAD_KEY_NIR},
            "nir",
            "NIR invalide : 15 caractères attendus (13 + clé de contrôle), clé vérifiée.",
        ),
        ({"france_travail_id": "12AB"}, "france_travail_id", "Identifiant France Travail invalide"),
        (
            {"birth_date": (date.today() + timedelta(days=2)).isoformat()},
            "birth_date",
            "La date de naissance ne peut pas être dans le futur.",
        ),
        (
            {"birth_date": (date.today() - timedelta(days=365 * 15)).isoformat()},
            "birth_date",
            "L'âge doit être compris entre 16 et 80 ans (14 ans d'après cette date).",
        ),
        ({"birth_date": "1930-01-01"}, "birth_date", "L'âge doit être compris entre 16 et 80 ans"),
        (
            {"job_seeker_since": (date.today() + timedelta(days=1)).isoformat()},
            "job_seeker_since",
            "La date d'inscription ne peut pas être dans le futur.",
        ),
        ({"postal_code": "1310"}, "postal_code", "Le code postal doit compter 5 chiffres."),
        (
            {"postal_code": "84120"},
            "postal_code",
            "Le code postal 84120 ne correspond pas à Aix-en-Provence.",
        ),
        ({"last_name": ""}, "last_name", "Ce champ est obligatoire."),
        ({"barriers": ["health", "magic"]}, "barriers", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_gets_a_french_message_and_changes_nothing(
    world, as_, changes, field, message
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(world.participant)
    response = as_("lead").post(
        url(world.participant), edit_form_data(world.participant, phone="0600000000", **changes)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert "rien n'a été enregistré" in response.content.decode()
    assert snapshot(world.participant) == before


def test_commune_outside_the_plie_is_refused(world, as_) -> None:  # type: ignore[no-untyped-def]
    marseille = Commune.objects.create(
        insee_code="13055",
        name="Marseille",
        postal_code="13001",
        department_code="13",
        bassin=BassinDeVie.objects.get(name="Sud"),
    )
    before = snapshot(world.participant)
    response = as_("lead").post(
        url(world.participant), edit_form_data(world.participant, commune=marseille.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["commune"] == [
        "Cette commune n'est pas sur le territoire du PLIE."
    ]
    assert ">Marseille<" not in response.content.decode()  # not offered either
    assert snapshot(world.participant) == before


def test_qpv_must_lie_in_the_chosen_commune(world, as_) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(world.participant)
    pertuis_qpv = Qpv.objects.filter(commune__insee_code="84089").first()
    response = as_("lead").post(
        url(world.participant), edit_form_data(world.participant, qpv="on", qpv_zone=pertuis_qpv.pk)
    )
    assert response.context["form"].errors["qpv_zone"] == [
        "Ce quartier n'est pas situé à Aix-en-Provence."
    ]
    aix_qpv = Qpv.objects.filter(commune__insee_code="13001").first()
    response = as_("lead").post(
        url(world.participant), edit_form_data(world.participant, qpv_zone=aix_qpv.pk)
    )
    assert response.context["form"].errors["qpv"] == [
        "Cochez « réside en QPV » pour indiquer un quartier prioritaire."
    ]
    assert snapshot(world.participant) == before


def test_probable_duplicate_needs_a_confirmation(world, as_) -> None:  # type: ignore[no-untyped-def]
    twin = ParticipantFactory(
        plie=world.plie,
        last_name="Martin",
        first_name="Sophie",
        birth_date=date(1985, 4, 12),
        sex="F",
    )
    before = snapshot(world.participant)
    data = edit_form_data(world.participant, birth_date="1985-04-12")
    response = as_("lead").post(url(world.participant), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Doublon probable" in html and "12/04/1985" in html
    assert reverse("participants:detail", args=[twin.uid]) in html  # the lead may open it
    assert "Vérifiez qu&#x27;il ne s&#x27;agit pas d&#x27;un doublon" in html
    assert 'name="confirm_not_duplicate"' in html
    assert snapshot(world.participant) == before
    response = as_("lead").post(url(world.participant), {**data, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    assert reload(world.participant).birth_date == date(1985, 4, 12)


def test_duplicate_by_france_travail_id_or_nir_and_unreadable_duplicates_are_not_linked(
    world, as_
) -> None:  # type: ignore[no-untyped-def]
    other = world.other_lot_participant  # lot L2: the adviser cannot open that file
    Participant.objects.filter(pk=other.pk).update(france_travail_id="7654321B", nir=VALID_NIR)
    for changes in ({"france_travail_id": "7654321b"}, {"nir": VALID_NIR}):
        response = as_("adviser").post(
            url(world.participant), edit_form_data(world.participant, **changes)
        )
        html = response.content.decode()
        assert response.status_code == 200 and "Doublon probable" in html
        # A file the adviser may not read is announced, never named (spec §2).
        assert "hors de votre périmètre" in html and "BERNARD" not in html
        assert reverse("participants:detail", args=[other.uid]) not in html
    assert reload(world.participant).france_travail_id == "1234567A"


def test_no_duplicate_check_when_identity_is_unchanged(world, as_) -> None:  # type: ignore[no-untyped-def]
    p = world.participant
    ParticipantFactory(
        plie=world.plie, last_name=p.last_name, first_name=p.first_name, birth_date=p.birth_date
    )
    response = as_("lead").post(url(p), edit_form_data(p, phone="0611111111"))
    assert response.status_code == 302
    assert reload(p).phone == "0611111111"


@pytest.mark.parametrize("persona", ["colleague", "cre", "clauses", "iae", "oi"])
def test_readers_who_may_not_edit_are_refused(world, as_, persona) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(world.participant)
    client = as_(persona)
    assert client.get(url(world.participant)).status_code == 403
    assert (
        client.post(
            url(world.participant), edit_form_data(world.participant, phone="0")
        ).status_code
        == 403
    )
    assert snapshot(world.participant) == before


def test_other_plie_gets_not_found(world, as_) -> None:  # type: ignore[no-untyped-def]
    assert as_("other_plie_lead").get(url(world.participant)).status_code == 404
    assert as_("lead").get(url(world.other_plie_participant)).status_code == 404


def test_today_is_a_valid_registration_date(world, as_) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    response = as_("lead").post(
        url(world.participant),
        edit_form_data(world.participant, job_seeker_since=today.isoformat()),
    )
    assert response.status_code == 302
    assert reload(world.participant).job_seeker_since == today
