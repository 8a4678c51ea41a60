"""Participants import meeting what people did in Jalons since: it never undoes their work."""

from datetime import date

from jalons.imports import services
from jalons.participants.models import Participant
from jalons.pathways import services as pathway_services
from jalons.pathways.models import Pathway
from tests.imports.conftest import csv_bytes, participant_row


def imported(world, rows):  # type: ignore[no-untyped-def]
    return services.import_participants(world.plie, csv_bytes(rows), "participants.csv")


def test_a_pathway_opened_in_jalons_is_not_modified(world) -> None:
    world.participant.source_id = "SOPHIE"
    world.participant.save()
    report = imported(world, [participant_row(identifiant="SOPHIE", date_entree="15/01/2024")])
    assert [str(e) for e in report.errors] == [
        "ligne 2, colonne date_entree : Le parcours débuté le 15/01/2024 a été ouvert dans "
        "Jalons : un import ne peut pas le modifier."
    ]


def test_a_referent_history_made_in_jalons_is_kept(world) -> None:
    row = participant_row(identifiant="A")
    imported(world, [row])
    pathway = Participant.objects.get(source_id="A").current_pathway
    pathway_services.change_referent(
        pathway, referent=world.users["colleague"], on=date(2022, 1, 1), by=world.users["lead"]
    )

    report = imported(world, [row])
    assert [str(e) for e in report.errors] == [
        "ligne 2, colonne referent : Le ou la référent·e de ce parcours a été changé·e dans "
        "Jalons : un import ne peut pas le modifier."
    ]

    # With the current referent the line is accepted; an exit closes the current assignment.
    closed = imported(
        world,
        [
            {
                **row,
                "referent": "colleague@test.jalons.fr",
                "date_sortie": "30/06/2022",
                "type_sortie": "retraite",
            }
        ],
    )
    assert (closed.errors, closed.to_update) == ([], 1)
    history = list(
        pathway.assignments.order_by("start_date").values_list(
            "referent__email", "start_date", "end_date"
        )
    )
    assert history == [
        ("adviser@test.jalons.fr", date(2021, 3, 1), date(2021, 12, 31)),
        ("colleague@test.jalons.fr", date(2022, 1, 1), date(2022, 6, 30)),
    ]


def test_an_exit_closes_an_open_suspension(world) -> None:
    row = participant_row(identifiant="A")
    imported(world, [row])
    pathway = Participant.objects.get(source_id="A").current_pathway
    pathway_services.suspend_pathway(
        pathway, on=date(2022, 2, 1), reason="Hospitalisation", by=world.users["lead"]
    )
    report = imported(world, [{**row, "date_sortie": "01/04/2022", "type_sortie": "autre"}])
    assert report.errors == []
    pathway.refresh_from_db()
    assert (pathway.status, pathway.exit_date) == ("exited", date(2022, 4, 1))
    assert pathway.suspensions.get().end_date == date(2022, 4, 1)
    assert Participant.objects.get(source_id="A").status == "exited"


def test_a_suspended_pathway_stays_suspended_when_the_line_is_unchanged(world) -> None:
    row = participant_row(identifiant="A")
    imported(world, [row])
    pathway = Participant.objects.get(source_id="A").current_pathway
    pathway_services.suspend_pathway(
        pathway, on=date(2022, 2, 1), reason="Hospitalisation", by=world.users["lead"]
    )
    report = imported(world, [row])
    assert (report.unchanged, report.to_update) == (1, 0)
    pathway.refresh_from_db()
    assert pathway.status == "suspended"


def test_an_older_pathway_must_end_before_the_recorded_one(world) -> None:
    imported(world, [participant_row(identifiant="A", date_entree="01/03/2021")])
    report = imported(world, [participant_row(identifiant="A", date_entree="01/01/2019")])
    assert [str(e) for e in report.errors] == [
        "ligne 2, colonne date_sortie : Ce parcours doit être terminé avant l'entrée du "
        "01/03/2021 dans le parcours suivant, déjà enregistré."
    ]

    ok = imported(
        world,
        [
            participant_row(
                identifiant="A",
                date_entree="01/01/2019",
                date_sortie="01/01/2020",
                type_sortie="deces",
                nom="Ancien-Nom",
            )
        ],
    )
    assert (ok.errors, ok.to_create) == ([], 1)
    person = Participant.objects.get(source_id="A")
    # The latest pathway stays current, and the older line does not rename the person.
    assert (person.current_pathway.entry_date, person.status, person.last_name) == (
        date(2021, 3, 1),
        "active",
        "Garcia",
    )
    assert Pathway.objects.filter(participant=person).count() == 2


def test_lines_of_one_identifiant_describe_one_person(world) -> None:
    rows = [
        participant_row(
            identifiant="A",
            date_entree="01/01/2019",
            date_sortie="01/06/2019",
            type_sortie="abandon",
        ),
        participant_row(
            identifiant="A", date_entree="01/01/2021", date_naissance="13/05/1985", sexe="M"
        ),
    ]
    report = imported(world, rows)
    assert [str(e) for e in report.errors] == [
        "ligne 3, colonne date_naissance : Différent de la ligne 2 pour le même identifiant.",
        "ligne 3, colonne sexe : Différent de la ligne 2 pour le même identifiant.",
    ]
