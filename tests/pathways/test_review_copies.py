"""The review's copies (pathway ← entry snapshot, re-entry flag, exit ← pathway) always equal
their sources, whichever writer wrote the rows; the review counts from them."""

from datetime import date

from jalons.pathways import profile
from jalons.pathways.models import EntrySnapshot, Exit, Pathway
from jalons.pathways.services.review_copies import review_copy_mismatches, sync_review_copies
from jalons.reports.bilan import compute_bilan, scope_for
from tests.conftest import make_pathway
from tests.factories import ParticipantFactory
from tests.imports.conftest import csv_bytes, participant_row
from tests.reports.test_bilan import exit_with

PERIOD = (date(2024, 1, 1), date(2024, 12, 31))


def test_the_services_write_the_copies(world) -> None:  # type: ignore[no-untyped-def]
    person = ParticipantFactory(plie=world.plie, sex="F", rsa=True, rqth=True)
    first = make_pathway(person, world.users["adviser"], entry=date(2023, 2, 1))
    exit_with(first, "demenagement", date(2023, 9, 1), False, source="recorded")
    second = make_pathway(person, world.users["adviser"], entry=date(2024, 2, 1))
    first.refresh_from_db()
    second.refresh_from_db()
    situation = profile.decode(first.entry_profile)
    assert (situation.sex, situation.rsa, situation.rqth, situation.prescriber) == (
        "F", True, True, "caf",
    )  # fmt: skip
    assert (first.previous_exit_date, second.previous_exit_date) == (None, date(2023, 9, 1))
    assert second.entry_bassin_id == second.snapshot.bassin_id
    assert (first.exit_record.plie_id, first.exit_record.entry_rsa) == (world.plie.pk, True)
    assert review_copy_mismatches() == 0


def test_a_copy_that_differs_is_found_and_rewritten(world) -> None:  # type: ignore[no-untyped-def]
    pathway = world.pathway
    exit_with(pathway, "abandon", date(2024, 6, 1), False, source="recorded")
    Pathway.objects.filter(pk=pathway.pk).update(previous_exit_date=date(2020, 1, 1))
    Exit.objects.filter(pathway=pathway).update(plie=world.other_plie_participant.plie)
    level = "IV" if pathway.snapshot.qualification_bucket != "IV" else "V"
    EntrySnapshot.objects.filter(pathway=pathway).update(qualification_bucket=level)
    assert review_copy_mismatches() == 3  # the pathway's code, its previous exit, the exit
    sync_review_copies([pathway.participant_id])
    assert review_copy_mismatches() == 0
    pathway.refresh_from_db()
    assert profile.decode(pathway.entry_profile).level == level
    assert pathway.previous_exit_date is None


def test_imports_write_the_copies_when_they_create_and_when_they_change(world) -> None:  # type: ignore[no-untyped-def]
    from jalons.imports import services

    def run(rows):  # type: ignore[no-untyped-def]
        report = services.import_participants(world.plie, csv_bytes(rows), "p.csv")
        assert not report.errors
        assert review_copy_mismatches() == 0

    earlier = participant_row(
        identifiant="A", date_entree="01/01/2019", date_sortie="31/12/2019", type_sortie="cdi"
    )
    run([earlier, participant_row(identifiant="A", date_entree="01/01/2021", rsa="oui")])
    pathways = Pathway.objects.filter(participant__source_id="A").order_by("entry_date")
    assert [p.previous_exit_date for p in pathways] == [None, date(2019, 12, 31)]
    # The source corrects the situation at entry and the exit: the copies follow.
    run([{**earlier, "rsa": "oui", "type_sortie": "cdd"},
         participant_row(identifiant="A", date_entree="01/01/2021", rsa="non")])  # fmt: skip
    exit_record = Exit.objects.get(pathway__participant__source_id="A")
    assert (exit_record.kind, exit_record.entry_rsa) == ("cdd", True)


def test_a_person_counts_once_in_each_lot_they_were_followed_in(world) -> None:  # type: ignore[no-untyped-def]
    """Each person once per scope: an earlier pathway in another lot does not hide the later
    one from that lot's review, and the whole PLIE still counts them once."""
    lot1 = world.pathway.lot
    lot2 = world.users["other_lot_adviser"].memberships.get().lot

    def accompanied(**scope: int) -> int:
        return int(compute_bilan(scope_for(["AIX"], *PERIOD, **scope))["accompanied"])

    before = (accompanied(), accompanied(lot_id=lot1.pk), accompanied(lot_id=lot2.pk))
    person = ParticipantFactory(plie=world.plie)
    first = make_pathway(person, world.users["adviser"], lot1, entry=date(2024, 2, 1))
    exit_with(first, "demenagement", date(2024, 3, 1), False, source="recorded")
    make_pathway(person, world.users["other_lot_adviser"], lot2, entry=date(2024, 6, 1))
    after = (accompanied(), accompanied(lot_id=lot1.pk), accompanied(lot_id=lot2.pk))
    assert [b - a for a, b in zip(before, after, strict=True)] == [1, 1, 1]
