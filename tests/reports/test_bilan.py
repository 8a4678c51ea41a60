"""The protocol review counts people, their situation at entry and validated exits."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from jalons.pathways import services
from jalons.pathways.models import Exit
from jalons.protocols.models import Protocol, ProtocolTarget
from jalons.reports.bilan import compute_bilan, scope_for
from jalons.reports.exports import to_csv, to_xlsx
from tests.conftest import make_pathway
from tests.factories import ParticipantFactory

PERIOD = (date(2024, 1, 1), date(2024, 12, 31))


def exit_with(pathway, kind, on, positive, source="imported"):  # type: ignore[no-untyped-def]
    return services.record_exit(
        pathway, kind=kind, on=on, reason="test", by=None, source=source, is_positive=positive
    )


@pytest.fixture
def reviewed(world):  # type: ignore[no-untyped-def]
    """AIX in 2024: the world's 2 pathways + 12 more, with exits of every sort."""
    protocol = Protocol.objects.create(
        plie=world.plie, name="2024", start_date=PERIOD[0], end_date=PERIOD[1]
    )
    ProtocolTarget.objects.create(protocol=protocol, key="accompanied", value=20)
    ProtocolTarget.objects.create(protocol=protocol, key="exits_employment", value=10)
    people = []
    for i in range(12):
        p = ParticipantFactory(
            plie=world.plie,
            sex="F" if i < 5 else "M",
            rsa=i < 8,
            qualification_level=["VI", "V", "IV", "III"][i % 4],
            qpv=i == 0,
        )
        people.append(make_pathway(p, world.users["adviser"], entry=date(2024, 2, 1)))
    for pathway, kind in zip(people[:4], ["cdi", "cdd", "cdd", "interim"], strict=True):
        exit_with(pathway, kind, date(2024, 10, 1), True)
    exit_with(people[4], "formation_qualifiante", date(2024, 10, 1), True)
    exit_with(people[5], "abandon", date(2024, 5, 1), False, source="recorded")
    exit_with(people[6], "cdd", date(2024, 6, 1), False)  # not validated by the source system
    exit_with(people[7], "creation_activite", date(2025, 3, 1), True)  # after the period
    return world


def test_review_counts(reviewed):  # type: ignore[no-untyped-def]
    bilan = compute_bilan(scope_for(["AIX"], *PERIOD))
    assert bilan["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert bilan["plie"] == ["AIX"]
    # world: Sophie (F, RSA) and Paul (M, RSA) entered 2024-01-15; + 12
    assert bilan["accompanied"] == 14
    assert (bilan["women"], bilan["men"]) == (6, 8)
    assert bilan["rsa"] == 10
    assert bilan["entries"] == 14
    assert bilan["qpv"] == 1
    assert bilan["qualification"] == {
        "VI_Vbis": 3,
        "V": 5,
        "IV": 3,
        "III_and_above": 3,
        "unknown": 0,
    }
    assert bilan["prescribers"]["caf"] == 14
    # 4 employment exits; E=4 allows floor(4*8/92)=0 training exit: over the cap
    assert bilan["exits_by_kind"]["cdi"] == 1 and bilan["exits_by_kind"]["cdd"] == 2
    assert bilan["exits_by_kind"]["interim"] == 1
    assert bilan["exits_by_kind"]["formation_qualifiante"] == 0
    assert bilan["exits_by_kind"]["formation_qualifiante_over_cap"] == 1
    assert bilan["exits_employment"] == 4 and bilan["exits_positive"] == 4
    assert bilan["exits_employment_rsa"] == 4
    assert bilan["exits_other"] == {
        "abandon": 1,
        "demenagement": 0,
        "deces": 0,
        "retraite": 0,
        "autre": 1,
    }
    assert bilan["objectives"] == [
        {"key": "accompanied", "target": 20, "achieved": 14, "rate": 0.7},
        {"key": "exits_employment", "target": 10, "achieved": 4, "rate": 0.4},
    ]


def test_a_person_counts_once_with_their_first_pathway(world):  # type: ignore[no-untyped-def]
    p = ParticipantFactory(plie=world.plie, sex="M", rsa=False)
    first = make_pathway(p, world.users["adviser"], entry=date(2024, 2, 1))
    exit_with(first, "abandon", date(2024, 3, 1), False, source="recorded")
    p.rsa = True
    p.save()
    make_pathway(p, world.users["adviser"], entry=date(2024, 6, 1))
    bilan = compute_bilan(scope_for(["AIX"], *PERIOD))
    assert bilan["accompanied"] == 3  # Sophie, Paul, and this person once
    assert bilan["entries"] == 4  # but both entries count
    assert bilan["rsa"] == 2  # the situation at the first entry in the period


def test_training_counted_within_the_cap(world):  # type: ignore[no-untyped-def]
    for i in range(13):
        p = ParticipantFactory(plie=world.plie)
        pathway = make_pathway(p, world.users["adviser"], entry=date(2024, 2, 1))
        exit_with(pathway, "cdi" if i < 12 else "formation_qualifiante", date(2024, 9, 1), True)
    bilan = compute_bilan(scope_for(["AIX"], *PERIOD))
    assert bilan["exits_by_kind"]["formation_qualifiante"] == 1  # floor(12 * 8 / 92) = 1
    assert bilan["exits_positive"] == 13


def test_scope_by_lot_and_consolidation(world):  # type: ignore[no-untyped-def]
    lot = world.pathway.lot
    assert compute_bilan(scope_for(["AIX"], *PERIOD, lot_id=lot.pk))["accompanied"] == 1
    assert compute_bilan(scope_for(["AIX", "MRS"], *PERIOD))["accompanied"] == 3
    assert compute_bilan(scope_for(["MRS"], *PERIOD))["accompanied"] == 1


def test_committee_exits_are_shown_apart(world):  # type: ignore[no-untyped-def]
    from jalons.pathways.services.exits import decide_committee, propose_to_committee

    d = propose_to_committee(
        world.pathway,
        proposed_on=date(2024, 5, 1),
        proposal="x",
        exit_kind="cdd",
        exit_date=date(2024, 5, 2),
        counts_as_employment=True,
        by=None,
    )
    decide_committee(d, accepted=True, decided_on=date(2024, 5, 3), justification="ok", by=None)
    bilan = compute_bilan(scope_for(["AIX"], *PERIOD))
    assert bilan["exits_by_kind"]["committee"] == 1
    assert bilan["exits_by_kind"]["cdd"] == 0
    assert bilan["exits_employment"] == 1 and bilan["exits_employment_rsa"] == 1


def test_exports_carry_the_same_figures(reviewed):  # type: ignore[no-untyped-def]
    bilan = compute_bilan(scope_for(["AIX"], *PERIOD))
    text = to_csv(bilan).decode("utf-8")
    assert text.startswith("\ufeff")
    assert "Personnes accompagnées;14;" in text
    assert "Femmes;6;42,9 %" in text
    wb = load_workbook(__import__("io").BytesIO(to_xlsx(bilan)))
    values = {row[1]: row[2] for row in wb.active.iter_rows(min_row=4, values_only=True)}
    assert values["Personnes accompagnées"] == 14
    assert values["Sorties en emploi stable et durable"] == 4


def test_report_bilan_command_json(reviewed, capsysbinary):  # type: ignore[no-untyped-def]
    call_command("report_bilan", "--plie", "AIX", "--from", "01/01/2024", "--to", "2024-12-31")
    data = json.loads(capsysbinary.readouterr().out)
    assert data["accompanied"] == 14 and data["exits_employment"] == 4


def test_report_bilan_command_pdf(reviewed, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "bilan.pdf"
    call_command(
        "report_bilan",
        "--plie",
        "AIX",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--format",
        "pdf",
        "--output",
        str(out),
        stderr=StringIO(),
    )
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plie", "XXX", "--from", "2024-01-01", "--to", "2024-12-31"], "PLIE inconnu : XXX"),
        (["--plie", "AIX", "--from", "2024-13-01", "--to", "2024-12-31"], "Date invalide"),
        (["--plie", "AIX", "--from", "2024-12-01", "--to", "2024-01-31"], "précède"),
        (
            ["--plie", "AIX", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "doc"],
            "Format inconnu",
        ),
        (
            ["--plie", "AIX", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "pdf"],
            "--output",
        ),
    ],
)
def test_report_bilan_bad_input(world, args, message):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=message):
        call_command("report_bilan", *args)


def test_only_exits_in_period_count(reviewed):  # type: ignore[no-untyped-def]
    assert Exit.objects.filter(kind="creation_activite").count() == 1
    bilan = compute_bilan(scope_for(["AIX"], date(2025, 1, 1), date(2025, 12, 31)))
    assert bilan["exits_by_kind"]["creation_activite"] == 1
    assert bilan["objectives"] == []
    _ = Decimal


def test_referent_scope_follows_the_assignment_history(world):  # type: ignore[no-untyped-def]
    adviser, colleague = world.users["adviser"], world.users["colleague"]
    services.change_referent(world.pathway, referent=colleague, on=date(2025, 3, 1), by=None)
    in_2024 = compute_bilan(scope_for(["AIX"], *PERIOD, referent_id=adviser.pk))
    assert in_2024["accompanied"] == 1  # Sophie was followed by the adviser in 2024
    assert compute_bilan(scope_for(["AIX"], *PERIOD, referent_id=colleague.pk))["accompanied"] == 0
    in_2025 = scope_for(["AIX"], date(2025, 4, 1), date(2025, 12, 31), referent_id=colleague.pk)
    assert compute_bilan(in_2025)["accompanied"] == 1
