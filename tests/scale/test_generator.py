"""The scale generator's data obey the rules the services keep (spec §8, issue "scale").

One data set of 1,000 participants in 2 PLIEs is generated for the module (COPY on
PostgreSQL, bulk_create on SQLite) and every invariant is checked on all of it. The
seed, the index rebuild and the command are tested in `test_generate_command`.
"""

from collections import Counter, defaultdict
from datetime import date

import pytest
from django.db import transaction

from jalons.organisations.models import Lot, Membership, Organisation
from jalons.participants.models import Participant
from jalons.pathways.enums import ExitKind, StepKind
from jalons.pathways.models import (
    CommitteeDecision,
    Contact,
    EntrySnapshot,
    Exit,
    Orientation,
    Pathway,
    ReferentAssignment,
    Step,
    Suspension,
)
from jalons.pathways.rules.exits import ExitStatus, evaluate_steps
from jalons.pathways.services.exits import fact, smic_table
from jalons.pathways.services.review_copies import review_copy_mismatches
from jalons.scale.generator import Options, generate
from jalons.scale.writer import TABLES

TODAY = date(2025, 6, 30)
N = 1000


def _options(**extra: object) -> Options:
    values: dict = {"participants": N, "plies": 2, "seed": 7, "today": TODAY, "analyze": False}
    values.update(extra)
    return Options(**values)


def _generate(**extra: object):  # type: ignore[no-untyped-def]
    return generate(_options(**extra), progress=None, say=lambda text: None)


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Generated once for the module, in a transaction rolled back at its end; each test
    runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _generate()
        transaction.set_rollback(True)


@pytest.fixture
def data(generated, db):  # type: ignore[no-untyped-def]
    return generated


def _by(model, key: str, *fields: str) -> dict:  # type: ignore[no-untyped-def]
    grouped: dict = defaultdict(list)
    for row in model.objects.values(key, *fields):
        grouped[row[key]].append(row)
    return grouped


def test_tables_cover_every_column_of_their_model() -> None:
    for table in TABLES:
        fields = {f.attname for f in table.model._meta.concrete_fields}
        assert set(table.columns) == fields, table.model
        assert len(table.columns) == len(fields)


def test_volumes_plies_and_structure(data) -> None:  # type: ignore[no-untyped-def]
    assert Participant.objects.count() == N
    codes = sorted(Organisation.objects.filter(kind="plie", oi__code="ECHELLE")
                   .values_list("code", flat=True))  # fmt: skip
    assert codes == ["PLIE01", "PLIE02"]
    assert Participant.objects.filter(plie__code="PLIE01").count() > 200
    assert Participant.objects.filter(plie__code="PLIE02").count() > 200
    assert Lot.objects.filter(plie__code="PLIE01").count() == 3
    assert Membership.objects.filter(role="coordinator", organisation__code="PLIE01").count() == 1
    pathways = Pathway.objects.count()
    assert N < pathways < N * 1.3  # some re-entries
    assert 10 < Contact.objects.count() / pathways < 16  # about 12 per pathway
    assert 5 < Step.objects.count() / pathways < 10  # about 8 per pathway
    assert data.counts["pathways.Contact"] == Contact.objects.count()
    assert data.counts["participants.Participant"] == N
    assert set(Step.objects.values_list("kind", flat=True)) == set(StepKind.values)
    assert set(Exit.objects.values_list("kind", flat=True)) == set(ExitKind.values)
    assert set(Exit.objects.values_list("source", flat=True)) == {"computed", "recorded",
                                                                   "committee"}  # fmt: skip
    assert Suspension.objects.filter(end_date__isnull=True).exists()
    assert CommitteeDecision.objects.filter(status="proposed").exists()
    assert ReferentAssignment.objects.exclude(reason="Entrée dans le PLIE").exists()


def test_shares_follow_the_source_document(data) -> None:  # type: ignore[no-untyped-def]
    snapshots = EntrySnapshot.objects.count()

    def share(**lookup: object) -> float:
        return EntrySnapshot.objects.filter(**lookup).count() / snapshots

    assert 0.44 < share(sex="F") < 0.54
    assert 0.69 < share(rsa=True) < 0.79
    assert 0.70 < share(deld=True) < 0.82
    assert 0.08 < share(qpv=True) < 0.16
    assert 0.24 < share(prescriber_kind="france_travail") < 0.34
    assert 0.28 < share(qualification_bucket="V") < 0.40  # V and level 3


def test_one_open_assignment_per_open_pathway_and_a_continuous_history(data) -> None:  # type: ignore[no-untyped-def]
    assignments = _by(ReferentAssignment, "pathway_id", "referent_id", "start_date", "end_date")
    for p in Pathway.objects.values("id", "status", "referent_id", "entry_date", "exit_date"):
        history = sorted(assignments[p["id"]], key=lambda a: a["start_date"])
        open_ones = [a for a in history if a["end_date"] is None]
        if p["status"] in ("active", "suspended"):
            assert len(open_ones) == 1 and open_ones[0] is history[-1], p
        else:
            assert not open_ones and history[-1]["end_date"] == p["exit_date"], p
        assert history[-1]["referent_id"] == p["referent_id"]
        assert history[0]["start_date"] == p["entry_date"]
        for before, after in zip(history, history[1:], strict=False):
            assert before["end_date"] == after["start_date"].fromordinal(
                after["start_date"].toordinal() - 1
            )
            assert before["start_date"] <= before["end_date"]


def test_participants_current_pathway_and_status(data) -> None:  # type: ignore[no-untyped-def]
    pathways = _by(Pathway, "participant_id", "id", "status", "entry_date", "exit_date")
    orientations = _by(Orientation, "participant_id", "status")
    for p in Participant.objects.values("id", "status", "current_pathway_id"):
        mine = sorted(pathways.get(p["id"], []), key=lambda w: w["entry_date"])
        if not mine:
            assert p["current_pathway_id"] is None
            expected = {"oriented": "proposed", "not_admitted": "refused"}[p["status"]]
            assert [o["status"] for o in orientations[p["id"]]] == [expected]
            continue
        latest = mine[-1]
        assert p["current_pathway_id"] == latest["id"]
        assert p["status"] == latest["status"]
        assert sum(w["status"] != "exited" for w in mine) <= 1  # never two open pathways
        for before, after in zip(mine, mine[1:], strict=False):
            assert before["exit_date"] is not None and before["exit_date"] < after["entry_date"]
        assert len(orientations[p["id"]]) == len(mine)  # one accepted orientation each
    open_suspended = set(Suspension.objects.filter(end_date__isnull=True)
                         .values_list("pathway_id", flat=True))  # fmt: skip
    assert open_suspended == set(Pathway.objects.filter(status="suspended")
                                 .values_list("id", flat=True))  # fmt: skip


def test_one_snapshot_per_pathway(data) -> None:  # type: ignore[no-untyped-def]
    assert EntrySnapshot.objects.count() == Pathway.objects.count()
    assert EntrySnapshot.objects.values("pathway_id").distinct().count() == Pathway.objects.count()


def test_the_review_copies_equal_their_sources(data) -> None:  # type: ignore[no-untyped-def]
    assert review_copy_mismatches() == 0
    assert Pathway.objects.filter(previous_exit_date__isnull=False).exists()  # re-entries


def test_contacts_and_steps_lie_inside_their_pathway(data) -> None:  # type: ignore[no-untyped-def]
    fields = ("id", "entry_date", "exit_date", "last_contact_on")
    spans = {w["id"]: (w["entry_date"], w["exit_date"] or TODAY, w["last_contact_on"])
             for w in Pathway.objects.values(*fields)}  # fmt: skip
    attended: dict[int, date] = {}
    for c in Contact.objects.values("pathway_id", "date", "attendance"):
        start, end, _ = spans[c["pathway_id"]]
        assert start <= c["date"] <= end, c
        if c["attendance"] == "attended":
            attended[c["pathway_id"]] = max(c["date"], attended.get(c["pathway_id"], c["date"]))
    assert all(last == attended.get(pk) for pk, (_, _, last) in spans.items())
    for s in Step.objects.values("pathway_id", "start_date", "end_date"):
        start, end, _ = spans[s["pathway_id"]]
        assert start <= s["start_date"] <= end, s
        assert s["end_date"] is None or s["end_date"] >= s["start_date"]


def test_exits_agree_with_pathways_and_the_exit_engine(data) -> None:  # type: ignore[no-untyped-def]
    smic = smic_table()
    steps = _by(Step, "pathway_id", "id", "kind", "start_date", "end_date", "monthly_hours",
                "hours_worked", "micro_entrepreneur", "monthly_income")  # fmt: skip
    exits = {e.pathway_id: e for e in Exit.objects.select_related("committee_decision")}
    kinds = Counter()
    for w in Pathway.objects.values("id", "status", "exit_date"):
        facts = [fact(tuple(s.values())) for s in steps.get(w["id"], [])]
        found = exits.get(w["id"])
        if w["status"] != "exited":
            assert found is None and w["exit_date"] is None
            assert evaluate_steps(facts, TODAY, smic=smic).status is not ExitStatus.POSITIVE
            continue
        assert found is not None and found.date == w["exit_date"]
        kinds[found.source] += 1
        verdict = evaluate_steps(facts, found.date, smic=smic)
        if found.source == "computed":
            assert found.is_positive and verdict.status is ExitStatus.POSITIVE
            assert (verdict.kind, verdict.validated_on) == (found.kind, found.date)
            assert found.explanation == verdict.explanation
        else:
            assert verdict.status is not ExitStatus.POSITIVE, w
        if found.source == "recorded":
            assert not found.is_positive and found.kind in {"abandon", "demenagement", "deces",
                                                             "retraite", "autre"}  # fmt: skip
            assert found.reason
        if found.source == "committee":
            decision = found.committee_decision
            assert found.is_positive and decision is not None and decision.status == "accepted"
            assert decision.pathway_id == w["id"] and decision.justification
    assert kinds["computed"] > 100 and kinds["recorded"] > 300 and kinds["committee"] > 0


def test_no_dangling_reference(data) -> None:  # type: ignore[no-untyped-def]
    """Rows are COPied with foreign-key triggers off on PostgreSQL: check every link."""
    participants = set(Participant.objects.values_list("id", flat=True))
    pathways = set(Pathway.objects.values_list("id", flat=True))
    orientations = set(Orientation.objects.values_list("id", flat=True))
    assert set(Pathway.objects.values_list("participant_id", flat=True)) <= participants
    assert set(Pathway.objects.values_list("orientation_id", flat=True)) <= orientations
    assert set(Orientation.objects.values_list("participant_id", flat=True)) <= participants
    for model in (Contact, Step, EntrySnapshot, ReferentAssignment, Exit, Suspension,
                  CommitteeDecision):  # fmt: skip
        assert set(model.objects.values_list("pathway_id", flat=True)) <= pathways, model
    current = set(Participant.objects.values_list("current_pathway_id", flat=True)) - {None}
    assert current <= pathways
    users = set(Membership.objects.values_list("user_id", flat=True))
    assert set(Pathway.objects.values_list("referent_id", flat=True)) <= users
    assert set(Contact.objects.values_list("author_id", flat=True)) <= users
