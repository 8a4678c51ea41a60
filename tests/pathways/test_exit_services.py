"""The exit engine applied to recorded steps: validation, idempotence, committees."""

from datetime import date
from decimal import Decimal

import pytest

from jalons.pathways import services
from jalons.pathways.models import Exit
from jalons.pathways.services.errors import BusinessRuleError
from jalons.pathways.services.exits import (
    decide_committee,
    evaluate_participants,
    evaluate_pathway,
    propose_to_committee,
    validate_exits,
)
from jalons.protocols.models import Protocol
from tests.conftest import make_pathway
from tests.factories import ParticipantFactory


def add_step(pathway, **fields):  # type: ignore[no-untyped-def]
    return services.save_step(pathway, author=None, **fields)


@pytest.fixture
def cdd_pathway(world):  # type: ignore[no-untyped-def]
    add_step(
        world.pathway,
        kind="cdd",
        start_date=date(2024, 3, 1),
        end_date=date(2024, 9, 30),
        monthly_hours=Decimal("80"),
    )
    return world.pathway


def test_verdict_of_a_pathway_names_rule_figures_and_dates(cdd_pathway):  # type: ignore[no-untyped-def]
    verdict = evaluate_pathway(cdd_pathway, date(2024, 10, 1))
    assert verdict.status == "positive"
    assert verdict.validated_on == date(2024, 9, 1)
    assert "CDD" in verdict.explanation and "01/09/2024" in verdict.explanation


def test_pending_before_validation_date(cdd_pathway):  # type: ignore[no-untyped-def]
    verdict = evaluate_pathway(cdd_pathway, date(2024, 5, 1))
    assert verdict.status == "pending"
    assert verdict.validated_on == date(2024, 9, 1)


def test_validate_exits_records_exit_on_validation_date_once(world, cdd_pathway):  # type: ignore[no-untyped-def]
    assert validate_exits(world.plie.pk, date(2024, 8, 31)) == []
    recorded = validate_exits(world.plie.pk, date(2024, 12, 1))
    assert len(recorded) == 1
    exit_record = Exit.objects.get(pathway=cdd_pathway)
    assert (exit_record.kind, exit_record.date, exit_record.is_positive, exit_record.source) == (
        "cdd",
        date(2024, 9, 1),
        True,
        "computed",
    )
    cdd_pathway.refresh_from_db()
    assert cdd_pathway.status == "exited" and cdd_pathway.exit_date == date(2024, 9, 1)
    assert cdd_pathway.participant.status == "exited"
    # idempotent: a second run records nothing
    assert validate_exits(world.plie.pk, date(2024, 12, 2)) == []
    assert Exit.objects.filter(pathway=cdd_pathway).count() == 1


def test_dry_run_writes_nothing(world, cdd_pathway):  # type: ignore[no-untyped-def]
    assert len(validate_exits(world.plie.pk, date(2024, 12, 1), dry_run=True)) == 1
    assert not Exit.objects.filter(pathway=cdd_pathway).exists()


def test_protocol_parameters_change_the_verdict(world):  # type: ignore[no-untyped-def]
    add_step(world.pathway, kind="cdi", start_date=date(2024, 3, 1), monthly_hours=Decimal("70"))
    assert evaluate_pathway(world.pathway, date(2024, 10, 1)).status == "not_positive"
    Protocol.objects.create(
        plie=world.plie,
        name="2023-2027",
        start_date=date(2023, 1, 1),
        end_date=date(2027, 12, 31),
        min_monthly_hours=Decimal("60"),
    )
    assert evaluate_pathway(world.pathway, date(2024, 10, 1)).status == "positive"


def test_evaluate_participants_in_identifiant_order(world):  # type: ignore[no-untyped-def]
    b = ParticipantFactory(plie=world.plie, source_id="P002")
    a = ParticipantFactory(plie=world.plie, source_id="P001")
    pathway = make_pathway(a, world.users["adviser"])
    make_pathway(b, world.users["adviser"])
    add_step(pathway, kind="cdi", start_date=date(2024, 2, 1), monthly_hours=Decimal("151.67"))
    rows = list(evaluate_participants(world.plie.pk, date(2024, 9, 1)))
    assert [r[0] for r in rows[:2]] == ["P001", "P002"]
    assert rows[0][1].status == "positive" and rows[0][1].kind == "cdi"
    assert rows[1][1].status == "none" and rows[1][1].kind is None


def test_committee_decision_closes_pathway_with_exit_shown_apart(world):  # type: ignore[no-untyped-def]
    lead = world.users["lead"]
    decision = propose_to_committee(
        world.pathway,
        proposed_on=date(2024, 6, 1),
        proposal="CDD de 5 mois renouvelé",
        exit_kind="cdd",
        exit_date=date(2024, 6, 15),
        counts_as_employment=True,
        by=lead,
    )
    with pytest.raises(BusinessRuleError, match="justification"):
        decide_committee(
            decision, accepted=True, decided_on=date(2024, 6, 20), justification=" ", by=lead
        )
    decide_committee(
        decision,
        accepted=True,
        decided_on=date(2024, 6, 20),
        justification="Emploi durable de fait",
        by=lead,
    )
    exit_record = Exit.objects.get(pathway=world.pathway)
    assert exit_record.source == "committee" and exit_record.is_positive
    assert exit_record.committee_decision == decision
    assert "Comité de pilotage du 20/06/2024" in exit_record.explanation


def test_late_exit_never_closes_a_referent_before_it_began(world):  # type: ignore[no-untyped-def]
    from jalons.pathways.models import ReferentAssignment

    add_step(
        world.pathway, kind="cdi", start_date=date(2024, 2, 1), monthly_hours=Decimal("151.67")
    )
    services.change_referent(
        world.pathway, referent=world.users["colleague"], on=date(2024, 10, 1), by=None
    )
    validate_exits(world.plie.pk, date(2024, 12, 1))  # validated on 2024-08-01, before the change
    latest = (
        ReferentAssignment.objects.filter(pathway=world.pathway).order_by("-start_date").first()
    )
    assert latest.end_date == latest.start_date == date(2024, 10, 1)


def test_refused_re_orientation_keeps_the_former_status(world):  # type: ignore[no-untyped-def]
    services.record_exit(world.pathway, kind="abandon", on=date(2024, 6, 1), reason="x", by=None)
    orientation = services.submit_orientation(
        plie=world.plie,
        participant=world.participant,
        prescriber=None,
        prescriber_kind="spontane",
        reasons="Retour",
        submitted_by=None,
    )
    world.participant.refresh_from_db()
    assert world.participant.status == "oriented"
    services.refuse_orientation(orientation, decided_by=world.users["lead"], reason="Pas de projet")
    world.participant.refresh_from_db()
    assert world.participant.status == "exited"
