"""Participants import: what each line creates, all-or-nothing, idempotence, updates."""

from datetime import date

from auditlog.models import LogEntry

from jalons.imports import services
from jalons.imports.models import ImportRun
from jalons.participants.models import Participant
from jalons.pathways.models import EntrySnapshot, Exit, Pathway, ReferentAssignment, Step
from jalons.territory.models import Commune, Qpv
from tests.imports.conftest import csv_bytes, participant_row, xlsx_bytes

MODELS = (Participant, Pathway, EntrySnapshot, Exit, ReferentAssignment, Step, ImportRun)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def imported(world, rows, **kwargs):  # type: ignore[no-untyped-def]
    return services.import_participants(world.plie, csv_bytes(rows), "participants.csv", **kwargs)


def test_a_line_creates_the_participant_pathway_snapshot_and_referent(world) -> None:
    row = participant_row(qpv="QN01313M", rqth="oui", niveau_qualification="V bis")
    report = imported(world, [row], user=world.users["lead"])

    assert (report.rows, report.to_create, report.to_update, report.unchanged) == (1, 1, 0, 0)
    assert report.errors == [] and report.written
    person = Participant.objects.get(plie=world.plie, source_id="P001")
    pathway = person.current_pathway
    assert (person.last_name, person.first_name, person.sex, person.birth_date) == (
        "Garcia",
        "Inès",
        "F",
        date(1985, 5, 12),
    )
    assert person.commune.insee_code == "13001"
    assert person.qpv and person.qpv_zone == Qpv.objects.get(code="QN01313M")
    assert (person.rsa, person.rqth, person.qualification_level) == (True, True, "Vbis")
    assert (person.status, person.created_by) == ("active", world.users["lead"])
    assert list(person.pathways.all()) == [pathway]
    assert (pathway.imported, pathway.plie, pathway.entry_date, pathway.planned_end_date) == (
        True,
        world.plie,
        date(2021, 3, 1),
        date(2022, 9, 1),
    )
    assert (pathway.lot.code, pathway.referent, pathway.status, pathway.exit_date) == (
        "L1",
        world.users["adviser"],
        "active",
        None,
    )
    snap = pathway.snapshot
    assert (snap.sex, snap.age, snap.commune.insee_code, snap.bassin.name) == (
        "F",
        35,
        "13001",
        "Centre",
    )
    assert (snap.qpv, snap.rsa, snap.deld, snap.rqth) == (True, True, False, True)
    assert (snap.qualification_level, snap.qualification_bucket, snap.prescriber_kind) == (
        "Vbis",
        "VI_Vbis",
        "caf",
    )
    assert snap.barriers == []
    assignment = pathway.assignments.get()
    assert (assignment.referent, assignment.start_date, assignment.end_date) == (
        world.users["adviser"],
        date(2021, 3, 1),
        None,
    )
    assert not Exit.objects.filter(pathway=pathway).exists()
    run = report.run
    assert (run.status, run.rows, run.created, run.updated, run.unchanged, run.errors) == (
        "done",
        1,
        1,
        0,
        0,
        [],
    )
    assert (run.kind, run.file_name, run.user, len(run.file_sha256)) == (
        "participants",
        "participants.csv",
        world.users["lead"],
        64,
    )
    assert run.started_at <= run.finished_at


def test_imported_exits_keep_the_source_verdict(world) -> None:
    rows = [
        participant_row(
            identifiant="A", date_sortie="01/10/2021", type_sortie="cdi", sortie_validee="oui"
        ),
        participant_row(
            identifiant="B", date_sortie="2021-10-01", type_sortie="cdd", sortie_validee="non"
        ),
        participant_row(
            identifiant="C", date_sortie="01/10/2021", type_sortie="abandon", sortie_validee="oui"
        ),
    ]
    imported(world, rows)

    exits = {
        e.pathway.participant.source_id: e
        for e in Exit.objects.select_related("pathway__participant")
    }
    assert {k: (e.kind, e.date, e.is_positive, e.source) for k, e in exits.items()} == {
        "A": ("cdi", date(2021, 10, 1), True, "imported"),
        "B": ("cdd", date(2021, 10, 1), False, "imported"),
        "C": ("abandon", date(2021, 10, 1), False, "imported"),
    }
    assert exits["A"].explanation == (
        "Sortie importée : CDI (sortie le 01/10/2021), validée par le système d'origine."
    )
    assert exits["B"].explanation == (
        "Sortie importée : CDD de 6 mois ou plus (sortie le "
        "01/10/2021), non validée par le système d'origine."
    )
    assert exits["C"].explanation == "Sortie importée : Abandon de parcours (sortie le 01/10/2021)."
    for source_id in "ABC":
        person = Participant.objects.get(source_id=source_id)
        pathway = person.current_pathway
        assert (person.status, pathway.status, pathway.exit_date) == (
            "exited",
            "exited",
            date(2021, 10, 1),
        )
        assert pathway.assignments.get().end_date == date(2021, 10, 1)


def test_every_faulty_line_is_reported_and_nothing_is_written(world) -> None:
    world.users["other_lot_adviser"].is_active = False
    world.users["other_lot_adviser"].save()
    before = counts()
    rows = [
        participant_row(identifiant="OK"),  # line 2: valid, yet not written
        participant_row(identifiant=""),
        participant_row(identifiant="P3", sexe="X"),
        participant_row(identifiant="P4", date_naissance="31/13/1980"),
        participant_row(identifiant="P5", commune_insee="13055"),
        participant_row(identifiant="P6", qpv="QX999"),
        participant_row(identifiant="P7", qpv="QN01317I"),
        participant_row(identifiant="P8", prescripteur="mairie"),
        participant_row(identifiant="P9", rsa="peut-être", deld=""),
        participant_row(identifiant="P10", niveau_qualification="Vter"),
        participant_row(identifiant="P11", referent="inconnu@test.jalons.fr", lot="L9"),
        participant_row(identifiant="P12", date_sortie="01/01/2021", type_sortie="abandon"),
        participant_row(identifiant="P13", type_sortie="cdi"),
        participant_row(identifiant="P14", date_sortie="01/10/2021"),
        participant_row(identifiant="P15", date_sortie="01/10/2021", type_sortie="licenciement"),
        participant_row(identifiant="P16", date_naissance="01/01/2010"),
        participant_row(identifiant="OK"),  # line 18: same identifiant and entry as line 2
        participant_row(identifiant="P18", referent="other_lot_adviser@test.jalons.fr"),
        participant_row(identifiant="P19", date_entree="01/01/2019"),
        participant_row(identifiant="P19", date_entree="01/01/2021"),
        participant_row(identifiant="P21", date_entree="01/01/2400"),
    ]
    report = imported(world, rows)

    assert [str(e) for e in report.errors] == [
        "ligne 3, colonne identifiant : Valeur obligatoire manquante.",
        "ligne 4, colonne sexe : Valeur « X » inconnue ; valeurs possibles : F, M.",
        "ligne 5, colonne date_naissance : « 31/13/1980 » n'est pas une date qui existe.",
        "ligne 6, colonne commune_insee : La commune de code INSEE « 13055 » n'est pas une "
        "commune du PLIE AIX.",
        "ligne 7, colonne qpv : QPV « QX999 » inconnu : indiquez un code de quartier prioritaire "
        "du référentiel, ou oui/non.",
        "ligne 8, colonne qpv : Le QPV QN01317I (Secteur Centre) n'est pas situé dans la commune "
        "de résidence (Aix-en-Provence).",
        "ligne 9, colonne prescripteur : Valeur « mairie » inconnue ; valeurs possibles : "
        "france_travail, caf, ccas, bme, pole_insertion, autre, spontane.",
        "ligne 10, colonne deld : Valeur obligatoire manquante.",
        "ligne 10, colonne rsa : « peut-être » n'est pas un booléen : attendu oui/non, 1/0 ou "
        "true/false.",
        "ligne 11, colonne niveau_qualification : Niveau « Vter » inconnu ; valeurs possibles : "
        "VI, Vbis, V, IV, III, II, I, 1, 2, 3, 4, 5, 6, 7, 8.",
        "ligne 12, colonne lot : Lot « L9 » inconnu dans le PLIE AIX.",
        "ligne 12, colonne referent : Aucun utilisateur n'a l'adresse « inconnu@test.jalons.fr ».",
        "ligne 13, colonne date_sortie : La date de sortie (01/01/2021) précède la date d'entrée "
        "(01/03/2021).",
        "ligne 14, colonne date_sortie : Date de sortie obligatoire quand le type de sortie est "
        "indiqué.",
        "ligne 15, colonne type_sortie : Type de sortie obligatoire quand la date de sortie est "
        "indiquée.",
        "ligne 16, colonne type_sortie : Valeur « licenciement » inconnue ; valeurs possibles : "
        "cdi, cdd, interim, formation_qualifiante, creation_activite, abandon, demenagement, "
        "deces, retraite, autre.",
        "ligne 17, colonne date_naissance : Âge invraisemblable à l'entrée (11 ans le 01/03/2021)"
        " : vérifiez la date de naissance.",
        "ligne 18, colonne date_entree : Ligne en double : même identifiant et même date "
        "d'entrée qu'à la ligne 2.",
        "ligne 19, colonne referent : Le compte other_lot_adviser@test.jalons.fr est désactivé : "
        "un parcours en cours doit avoir un ou une référent·e actif·ve.",
        "ligne 21, colonne date_entree : Le parcours précédent (entré le 01/01/2019) est "
        "toujours en cours : un nouveau parcours ne peut commencer qu'après sa sortie.",
        f"ligne 22, colonne date_entree : Date invraisemblable (01/01/2400) : postérieure au "
        f"{report_latest()}.",
    ]
    assert not report.written and report.error_lines == 19
    after = counts()
    assert after == {**before, "ImportRun": before["ImportRun"] + 1}
    run = ImportRun.objects.get()
    assert (run.status, run.message, len(run.errors)) == (
        "failed",
        "19 ligne(s) en erreur : rien n'a été enregistré.",
        21,
    )
    assert run.errors[0] == {
        "line": 3,
        "column": "identifiant",
        "message": "Valeur obligatoire manquante.",
    }


def report_latest() -> str:
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    return (timezone.localdate() + relativedelta(years=1)).strftime("%d/%m/%Y")


def test_one_bad_line_writes_nothing(world) -> None:
    before = counts()
    rows = [
        participant_row(identifiant="A"),
        participant_row(identifiant="B", sexe="?"),
        participant_row(identifiant="C", date_sortie="01/10/2021", type_sortie="cdi"),
    ]
    report = imported(world, rows)
    assert [(e.line, e.column) for e in report.errors] == [(3, "sexe")]
    assert counts() == {**before, "ImportRun": before["ImportRun"] + 1}


def test_reimporting_the_same_file_changes_nothing(world) -> None:
    rows = [
        participant_row(identifiant="A", qpv="oui"),
        participant_row(
            identifiant="B",
            date_sortie="01/10/2021",
            type_sortie="cdd",
            sortie_validee="oui",
            referent="",
        ),
        participant_row(
            identifiant="C",
            date_entree="01/01/2019",
            date_sortie="30/06/2019",
            type_sortie="abandon",
        ),
        participant_row(identifiant="C", date_entree="01/01/2022"),
    ]
    first = imported(world, rows)
    assert (first.to_create, first.to_update, first.unchanged) == (4, 0, 0)
    before = counts()
    stamps = dict(Participant.objects.values_list("source_id", "updated_at"))
    log_entries = LogEntry.objects.count()

    second = imported(world, rows)

    assert (second.rows, second.to_create, second.to_update, second.unchanged) == (4, 0, 0, 4)
    assert counts() == {**before, "ImportRun": before["ImportRun"] + 1}
    assert dict(Participant.objects.values_list("source_id", "updated_at")) == stamps
    assert LogEntry.objects.count() == log_entries


def test_a_changed_line_updates_its_records(world) -> None:
    imported(world, [participant_row(identifiant="A"), participant_row(identifiant="B")])
    changed = participant_row(
        identifiant="A",
        nom="Garcia-Lopez",
        lot="L2",
        referent="other_lot_adviser@test.jalons.fr",
        rsa="non",
        commune_insee="13117",
        date_sortie="01/10/2021",
        type_sortie="interim",
        sortie_validee="oui",
    )
    report = imported(world, [changed, participant_row(identifiant="B")])

    assert (report.to_create, report.to_update, report.unchanged) == (0, 1, 1)
    person = Participant.objects.get(source_id="A")
    pathway = person.current_pathway
    assert (person.last_name, person.rsa, person.commune.insee_code, person.status) == (
        "Garcia-Lopez",
        False,
        "13117",
        "exited",
    )
    assert (pathway.lot.code, pathway.referent, pathway.status, pathway.exit_date) == (
        "L2",
        world.users["other_lot_adviser"],
        "exited",
        date(2021, 10, 1),
    )
    assert (pathway.snapshot.rsa, pathway.snapshot.commune.insee_code) == (False, "13117")
    assert pathway.snapshot.bassin == Commune.objects.get(insee_code="13117").bassin
    assignment = pathway.assignments.get()
    assert (assignment.referent, assignment.end_date) == (
        world.users["other_lot_adviser"],
        date(2021, 10, 1),
    )
    assert (pathway.exit_record.kind, pathway.exit_record.is_positive) == ("interim", True)

    # The exit removed from the source: the pathway opens again.
    reopened = imported(world, [{**changed, "date_sortie": "", "type_sortie": ""}])
    assert (reopened.to_update, reopened.unchanged) == (1, 0)
    pathway.refresh_from_db()
    assert (pathway.status, pathway.exit_date) == ("active", None)
    assert not Exit.objects.filter(pathway=pathway).exists()
    assert pathway.assignments.get().end_date is None
    assert Participant.objects.get(source_id="A").status == "active"


def test_a_later_entry_opens_a_new_pathway_only_after_an_exit(world) -> None:
    imported(world, [participant_row(identifiant="A", date_entree="01/01/2019")])
    refused = imported(world, [participant_row(identifiant="A", date_entree="01/01/2021")])
    assert [str(e) for e in refused.errors] == [
        "ligne 2, colonne date_entree : Le parcours précédent (entré le 01/01/2019) est "
        "toujours en cours : un nouveau parcours ne peut commencer qu'après sa sortie."
    ]

    rows = [
        participant_row(
            identifiant="A",
            date_entree="01/01/2019",
            date_sortie="31/12/2019",
            type_sortie="demenagement",
        ),
        participant_row(identifiant="A", date_entree="01/01/2021"),
    ]
    report = imported(world, rows)
    assert (report.to_create, report.to_update) == (1, 1)
    person = Participant.objects.get(source_id="A")
    assert list(person.pathways.order_by("entry_date").values_list("entry_date", "status")) == [
        (date(2019, 1, 1), "exited"),
        (date(2021, 1, 1), "active"),
    ]
    assert (person.current_pathway.entry_date, person.status) == (date(2021, 1, 1), "active")


def test_an_exit_recorded_in_jalons_is_kept(world) -> None:
    from jalons.pathways import services as pathway_services

    row = participant_row(identifiant="A")
    imported(world, [row])
    pathway = Participant.objects.get(source_id="A").current_pathway
    pathway_services.record_exit(
        pathway,
        kind="abandon",
        on=date(2022, 1, 10),
        reason="Ne vient plus.",
        by=world.users["lead"],
    )

    same = imported(world, [row])
    assert (same.to_update, same.unchanged, same.errors) == (0, 1, [])
    pathway.refresh_from_db()
    assert (pathway.status, pathway.exit_record.source) == ("exited", "recorded")

    other = imported(world, [{**row, "date_sortie": "01/06/2022", "type_sortie": "cdi"}])
    assert [str(e) for e in other.errors] == [
        "ligne 2, colonne date_sortie : La sortie de ce parcours a été enregistrée dans Jalons "
        "(Abandon de parcours le 10/01/2022) : un import ne peut pas la remplacer."
    ]


def test_optional_columns_may_be_left_out(world) -> None:
    row = participant_row(identifiant="A", date_sortie="01/10/2021", type_sortie="autre")
    imported(world, [row])
    required = [
        "identifiant",
        "nom",
        "prenom",
        "sexe",
        "date_naissance",
        "commune_insee",
        "date_entree",
        "prescripteur",
        "rsa",
        "deld",
        "niveau_qualification",
    ]
    data = csv_bytes([row, participant_row(identifiant="B")], header=required, sep=",")
    report = services.import_participants(world.plie, data, "court.csv")

    assert (report.to_create, report.to_update, report.unchanged) == (1, 0, 1)
    kept = Participant.objects.get(source_id="A").current_pathway
    assert (kept.status, kept.lot.code, kept.referent) == ("exited", "L1", world.users["adviser"])
    new = Participant.objects.get(source_id="B")
    assert (new.qpv, new.rqth, new.current_pathway.referent, new.current_pathway.lot) == (
        False,
        False,
        None,
        None,
    )


def test_xlsx_file(world) -> None:
    header = list(participant_row().keys())
    values = dict(
        participant_row(identifiant="X1", qpv="non"),
        date_naissance=date(1985, 5, 12),
        date_entree=date(2021, 3, 1),
        rsa=True,
        deld=False,
    )
    data = xlsx_bytes([header, [None if values[c] == "" else values[c] for c in header]])
    report = services.import_participants(world.plie, data, "historique.xlsx")
    assert (report.errors, report.to_create) == ([], 1)
    person = Participant.objects.get(source_id="X1")
    assert (person.birth_date, person.rsa, person.current_pathway.entry_date) == (
        date(1985, 5, 12),
        True,
        date(2021, 3, 1),
    )
    assert person.current_pathway.snapshot.deld is False
