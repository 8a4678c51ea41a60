"""`jalons import_participants` / `import_steps`: exit codes, stdout and French stderr."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import BaseCommand
from django.db import connections

from jalons.imports.management.commands.import_participants import Command as ParticipantsCmd
from jalons.participants.models import Participant
from jalons.pathways.models import Step
from tests.imports.conftest import csv_bytes, participant_row, step_row


@pytest.fixture
def files(tmp_path):  # type: ignore[no-untyped-def]
    def write(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_argv(command: BaseCommand, *args: str, monkeypatch) -> int:  # type: ignore[no-untyped-def]
    """As from a shell: the exit status the process would have."""
    # run_from_argv closes connections at the end, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    try:
        command.run_from_argv(["jalons", command_name(command), *args])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def command_name(command: BaseCommand) -> str:
    return command.__module__.rsplit(".", 1)[-1]


def test_success_prints_counts_and_speed(world, files) -> None:
    path = files("p.csv", csv_bytes([participant_row(), participant_row(identifiant="P2")]))
    out, err = run("import_participants", path, "--plie", "AIX")
    assert out.startswith(
        "Import des participants terminé : 2 lignes — 2 créées, 0 mise à jour, 0 inchangée ("
    )
    assert out.rstrip().endswith("lignes/s).")
    assert err == ""
    assert Participant.objects.filter(source_id__in=["P001", "P2"]).count() == 2

    steps = files("e.csv", csv_bytes([step_row()]))
    out, _ = run("import_steps", steps, "--plie", "aix")
    assert out.startswith(
        "Import des étapes terminé : 1 ligne — 1 créée, 0 mise à jour, 0 inchangée ("
    )
    assert Step.objects.filter(imported=True).count() == 1


def test_dry_run_writes_nothing(world, files) -> None:
    path = files("p.csv", csv_bytes([participant_row()]))
    out, _ = run("import_participants", path, "--plie", "AIX", "--dry-run")
    assert out.startswith(
        "Vérification des participants (rien n'est enregistré) : 1 ligne — "
        "1 à créer, 0 à mettre à jour, 0 inchangée ("
    )
    assert not Participant.objects.filter(source_id="P001").exists()


def test_faulty_lines_go_to_stderr_with_a_non_zero_status(
    world, files, monkeypatch, capsys
) -> None:
    path = files(
        "p.csv", csv_bytes([participant_row(), participant_row(identifiant="B", sexe="H", rsa="")])
    )
    status = run_argv(ParticipantsCmd(), path, "--plie", "AIX", monkeypatch=monkeypatch)
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "ligne 3, colonne rsa : Valeur obligatoire manquante.",
        "ligne 3, colonne sexe : Valeur « H » inconnue ; valeurs possibles : F, M.",
        "CommandError: Import refusé : 1 ligne(s) en erreur sur 2, rien n'a été enregistré.",
    ]
    assert not Participant.objects.filter(source_id="P001").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plie", "XYZ"], "PLIE inconnu : XYZ."),
        ([], "Indiquez le PLIE avec --plie CODE."),
    ],
)
def test_bad_plie(world, files, args: list[str], message: str) -> None:
    path = files("p.csv", csv_bytes([participant_row()]))
    with pytest.raises(CommandError) as exc:
        run("import_participants", path, *args)
    assert str(exc.value) == message
    assert exc.value.returncode == 1


def test_missing_or_refused_file(world, files, tmp_path, monkeypatch, capsys) -> None:
    missing = str(tmp_path / "absent.csv")
    with pytest.raises(CommandError) as exc:
        run("import_steps", missing, "--plie", "AIX")
    assert str(exc.value) == f"Fichier introuvable : {missing}."

    empty = files("vide.csv", b"")
    status = run_argv(ParticipantsCmd(), empty, "--plie", "AIX", monkeypatch=monkeypatch)
    assert status == 1
    assert capsys.readouterr().err == "CommandError: Fichier refusé : Le fichier est vide.\n"
