"""`jalons evaluate_exits` and `jalons validate_exits` (interfaces.md "Command line")."""

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from jalons.pathways import services
from jalons.pathways.models import Exit
from tests.conftest import make_pathway
from tests.factories import ParticipantFactory


@pytest.fixture
def two_people(world):  # type: ignore[no-untyped-def]
    a = ParticipantFactory(plie=world.plie, source_id="P001")
    b = ParticipantFactory(plie=world.plie, source_id="P002")
    pa = make_pathway(a, world.users["adviser"])
    make_pathway(b, world.users["adviser"])
    services.save_step(
        pa,
        author=None,
        kind="cdd",
        start_date=date(2024, 3, 1),
        end_date=date(2024, 9, 30),
        monthly_hours=Decimal("80"),
    )
    return world


def test_evaluate_exits_json_follows_the_contract(two_people, capsys):  # type: ignore[no-untyped-def]
    call_command("evaluate_exits", "--plie", "AIX", "--as-of", "01/10/2024", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert rows[0] == {
        "identifiant": "P001",
        "status": "positive",
        "kind": "cdd",
        "validated_on": "2024-09-01",
        "explanation": rows[0]["explanation"],
    }
    assert "CDD de 7 mois à 80 h/mois débuté le 01/03/2024" in rows[0]["explanation"]
    assert rows[1]["identifiant"] == "P002"
    assert (rows[1]["status"], rows[1]["kind"], rows[1]["validated_on"]) == ("none", None, None)


def test_evaluate_exits_pending_and_csv(two_people, capsysbinary):  # type: ignore[no-untyped-def]
    call_command("evaluate_exits", "--plie", "aix", "--as-of", "2024-05-01", "--format", "csv")
    text = capsysbinary.readouterr().out.decode("utf-8")
    assert text.startswith("\ufeffidentifiant;status;kind;validated_on;explanation")
    assert "P001;pending;cdd;2024-09-01;" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plie", "XXX", "--as-of", "2024-01-01"], "PLIE inconnu : XXX"),
        (["--plie", "AIX", "--as-of", "31/02/2024"], "Date invalide"),
        (["--plie", "AIX", "--as-of", "2024-01-01", "--format", "xml"], "Format inconnu"),
    ],
)
def test_evaluate_exits_bad_input(world, args, message):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_exits", *args)


def test_validate_exits_is_idempotent(two_people, capsys):  # type: ignore[no-untyped-def]
    call_command("validate_exits", "--plie", "AIX", "--as-of", "2024-10-01", "--dry-run")
    assert "1 sortie(s) positive(s) à enregistrer" in capsys.readouterr().out
    assert not Exit.objects.exists()
    call_command("validate_exits", "--as-of", "2024-10-01")
    assert "1 sortie(s) positive(s) enregistrée(s)" in capsys.readouterr().out
    call_command("validate_exits", "--as-of", "2024-10-02")
    assert "0 sortie(s)" in capsys.readouterr().out
    assert Exit.objects.get().date == date(2024, 9, 1)


def test_the_command_exits_non_zero_with_a_french_message_on_stderr(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"JALONS_DEMO": "1", "PATH": "/usr/bin:/bin", "JALONS_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "jalons.cli", "evaluate_exits", "--plie", "AIX", "--as-of", "x"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    message = "Date invalide : « x » n'est pas une date au format JJ/MM/AAAA ou AAAA-MM-JJ."
    assert message in done.stderr
    assert done.stdout == ""
