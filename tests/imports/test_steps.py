"""Steps import: the pathway each step joins, figures, errors, idempotence, updates."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from jalons.imports import services
from jalons.pathways.models import Step
from tests.imports.conftest import csv_bytes, participant_row, step_row

SIRET = "73282932000074"


def people(world) -> None:  # type: ignore[no-untyped-def]
    rows = [
        participant_row(
            identifiant="P001",
            date_entree="01/01/2019",
            date_sortie="31/12/2019",
            type_sortie="abandon",
        ),
        participant_row(identifiant="P001", date_entree="01/03/2021"),
        participant_row(identifiant="P002"),
    ]
    report = services.import_participants(world.plie, csv_bytes(rows), "p.csv")
    assert report.written


def imported(world, rows, **kwargs):  # type: ignore[no-untyped-def]
    return services.import_steps(world.plie, csv_bytes(rows), "etapes.csv", **kwargs)


def test_steps_join_the_pathway_covering_their_start(world) -> None:
    people(world)
    rows = [
        step_row(
            type_etape="formation",
            date_debut="01/06/2019",
            date_fin="31/12/2019",
            intitule="Remise à niveau",
        ),
        step_row(
            type_etape="cdd",
            date_debut="2021-04-01",
            date_fin="30/11/2021",
            heures_mensuelles="151,67",
            employeur_siret="732 829 320 00074",
            intitule="Agent d'entretien",
        ),
        step_row(
            identifiant_participant="P002",
            type_etape="interim",
            date_debut="01/04/2021",
            date_fin="30/04/2021",
            heures_realisees="140",
        ),
        step_row(
            identifiant_participant="P002",
            type_etape="creation_activite",
            date_debut="01/05/2021",
            micro_entrepreneur="oui",
            revenu_mensuel="900",
        ),
    ]
    report = imported(world, rows, user=world.users["lead"])

    assert (report.rows, report.to_create, report.to_update, report.unchanged) == (4, 4, 0, 0)
    steps = {s.kind: s for s in Step.objects.select_related("pathway__participant")}
    assert steps["formation"].pathway.entry_date == date(2019, 1, 1)
    assert steps["cdd"].pathway.entry_date == date(2021, 3, 1)
    assert steps["interim"].pathway.participant.source_id == "P002"
    cdd = steps["cdd"]
    assert (cdd.start_date, cdd.end_date, cdd.monthly_hours, cdd.employer_siret, cdd.title) == (
        date(2021, 4, 1),
        date(2021, 11, 30),
        Decimal("151.67"),
        SIRET,
        "Agent d'entretien",
    )
    assert (cdd.imported, cdd.author, cdd.outcome) == (True, world.users["lead"], "completed")
    assert steps["interim"].hours_worked == Decimal("140.00")
    creation = steps["creation_activite"]
    assert (creation.micro_entrepreneur, creation.monthly_income, creation.outcome) == (
        True,
        Decimal("900.00"),
        "ongoing",
    )


def test_every_faulty_step_line_is_reported_and_nothing_is_written(world) -> None:
    people(world)
    before = Step.objects.count()
    rows = [
        step_row(),  # line 2: valid, not written
        step_row(identifiant_participant="P999"),
        step_row(type_etape="stage"),
        step_row(date_debut="01/06/2020"),
        step_row(type_etape="cdi"),
        step_row(type_etape="interim"),
        step_row(date_fin="01/03/2021"),
        step_row(micro_entrepreneur="oui"),
        step_row(employeur_siret="1234"),
        step_row(employeur_siret="73282932000075"),
        step_row(type_etape="cdd", heures_mensuelles="800"),
        step_row(),  # line 13: the same step as line 2
    ]
    report = imported(world, rows)

    assert [str(e) for e in report.errors] == [
        "ligne 3, colonne identifiant_participant : Aucun participant d'identifiant « P999 » "
        "dans le PLIE AIX.",
        "ligne 4, colonne type_etape : Valeur « stage » inconnue ; valeurs possibles : cdi, cdd, "
        "interim, formation_qualifiante, formation, creation_activite, iae_aci, iae_ei, "
        "iae_etti, iae_ai, clause, immersion, mobilite, accompagnement_social, atelier, autre.",
        "ligne 5, colonne date_debut : Aucun parcours de ce participant ne couvre le 01/06/2020 "
        "(parcours : du 01/01/2019 au 31/12/2019, depuis le 01/03/2021).",
        "ligne 6, colonne heures_mensuelles : Les heures par mois du contrat sont obligatoires "
        "pour un CDI ou un CDD.",
        "ligne 7, colonne heures_realisees : Les heures réalisées sont obligatoires pour une "
        "mission d'intérim.",
        "ligne 8, colonne date_fin : La date de fin doit être postérieure ou égale à la date de "
        "début.",
        "ligne 9, colonne micro_entrepreneur : Le statut de micro-entrepreneur concerne une "
        "création d'activité.",
        "ligne 10, colonne employeur_siret : « 1234 » n'est pas un SIRET : 14 chiffres attendus.",
        "ligne 11, colonne employeur_siret : Le SIRET 73282932000075 est invalide (clé de "
        "contrôle).",
        "ligne 12, colonne heures_mensuelles : Valeur trop grande (« 800 », 744 au plus).",
        "ligne 13, colonne date_debut : Étape en double : même participant, type, date de début, "
        "intitulé et SIRET qu'à la ligne 2.",
    ]
    assert Step.objects.count() == before
    assert report.run.status == "failed"


def test_reimport_changes_nothing_and_a_changed_line_updates_its_step(world) -> None:
    people(world)
    rows = [
        step_row(
            type_etape="cdd",
            date_debut="01/04/2021",
            heures_mensuelles="120",
            employeur_siret=SIRET,
            intitule="Vendeuse",
        ),
        step_row(identifiant_participant="P002", type_etape="atelier"),
    ]
    imported(world, rows)
    ids = set(Step.objects.values_list("id", flat=True))

    again = imported(world, rows)
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 2)
    assert set(Step.objects.values_list("id", flat=True)) == ids

    rows[0].update(date_fin="31/12/2021", heures_mensuelles="151.67")
    changed = imported(world, rows)
    assert (changed.to_create, changed.to_update, changed.unchanged) == (0, 1, 1)
    assert set(Step.objects.values_list("id", flat=True)) == ids
    cdd = Step.objects.get(kind="cdd")
    assert (cdd.end_date, cdd.monthly_hours, cdd.outcome) == (
        date(2021, 12, 31),
        Decimal("151.67"),
        "completed",
    )

    # The title is part of the step's identity: another title is another step.
    rows[0]["intitule"] = "Vendeuse polyvalente"
    renamed = imported(world, rows)
    assert (renamed.to_create, renamed.unchanged) == (1, 1)


def test_a_future_end_leaves_the_step_ongoing(world) -> None:
    people(world)
    end = (timezone.localdate().replace(day=1) + timezone.timedelta(days=62)).strftime("%d/%m/%Y")
    imported(world, [step_row(date_fin=end)])
    assert Step.objects.get().outcome == "ongoing"
