"""Apply a participants plan in bulk (inside the caller's transaction).

Order matters for the database's invariants: pathways that close are saved before new
ones open (one open pathway per participant), removed assignments and exits go before
new ones (one current referent per pathway, one exit per pathway), and each person's
status and current pathway are recomputed last from their pathways, in one statement
per chunk.
"""

from datetime import datetime

from django.db import connection
from django.utils import timezone

from jalons.imports.fast import allocate_ids, insert
from jalons.imports.loading import CHUNK
from jalons.imports.pathway_plan import (
    EXIT_FIELDS,
    PARTICIPANT_FIELDS,
    PATHWAY_FIELDS,
    SNAPSHOT_FIELDS,
    ParticipantPlan,
)
from jalons.participants.models import Participant
from jalons.pathways.models import EntrySnapshot, Exit, Pathway, ReferentAssignment, Suspension
from jalons.pathways.services.review_copies import sync_review_copies

BATCH = 1000
UPDATED_PARTICIPANT_FIELDS = [*PARTICIPANT_FIELDS, "updated_at"]


def write_plan(plan: ParticipantPlan) -> None:
    now = timezone.now()
    if allocate_ids(Participant, plan.new_participants) and allocate_ids(
        Pathway, plan.new_pathways
    ):
        _settle(plan.refresh)
    insert(Participant, plan.new_participants)
    for participant in plan.changed_participants:
        participant.updated_at = now
    _update(Participant, plan.changed_participants, UPDATED_PARTICIPANT_FIELDS)
    _update(Pathway, plan.closing_pathways, PATHWAY_FIELDS)
    _update(Pathway, plan.changed_pathways, PATHWAY_FIELDS)
    insert(Pathway, plan.new_pathways)
    insert(EntrySnapshot, plan.new_snapshots)
    _update(EntrySnapshot, plan.changed_snapshots, SNAPSHOT_FIELDS)
    if plan.deleted_exit_ids:
        Exit.objects.filter(pk__in=plan.deleted_exit_ids).delete()
    _update(Exit, plan.changed_exits, EXIT_FIELDS)
    insert(Exit, plan.new_exits)
    if plan.deleted_assignment_ids:
        ReferentAssignment.objects.filter(pk__in=plan.deleted_assignment_ids).delete()
    _update(ReferentAssignment, plan.changed_assignments, ["referent_id", "end_date"])
    insert(ReferentAssignment, plan.new_assignments)
    _update(Suspension, plan.closed_suspensions, ["end_date"])
    refresh_status(plan.refresh, now)
    sync_review_copies(_people_written(plan))


def _people_written(plan: ParticipantPlan) -> set[int]:
    """The people whose recorded pathways, snapshots or exits this plan changed: their
    review copies are rewritten (new rows got theirs when planned)."""
    people = {p.participant_id for p in (*plan.changed_pathways, *plan.closing_pathways)}
    new_pathways = {pathway.pk for pathway in plan.new_pathways}
    pathway_ids = {snapshot.pathway_id for snapshot in plan.changed_snapshots}
    pathway_ids.update(exit_record.pathway_id for exit_record in plan.changed_exits)
    pathway_ids.update(e.pathway_id for e in plan.new_exits if e.pathway_id not in new_pathways)
    pathway_ids.discard(None)  # type: ignore[arg-type]
    if pathway_ids:
        owners = Pathway.objects.filter(pk__in=pathway_ids).order_by()
        people.update(owners.values_list("participant_id", flat=True))
    return people


def _latest(pathways: list[Pathway]) -> Pathway:
    return max(pathways, key=lambda p: (p.entry_date, p.pk))


def _settle(people: list[tuple[Participant, list[Pathway]]]) -> None:
    """With ids known before writing, new people get their status and current pathway in
    their first write (no update afterwards)."""
    for participant, pathways in people:
        if participant._state.adding:
            latest = _latest(pathways)
            participant.current_pathway_id, participant.status = latest.pk, latest.status


def refresh_status(people: list[tuple[Participant, list[Pathway]]], now: datetime) -> None:
    """Status and current pathway follow the latest pathway, as the services keep them;
    written for the people whose values change, in one statement per chunk."""
    rows = []
    for participant, pathways in people:
        latest = _latest(pathways)
        if (participant.current_pathway_id, participant.status) != (latest.pk, latest.status):
            rows.append((participant.pk, latest.pk, str(latest.status)))
    table = connection.ops.quote_name(Participant._meta.db_table)
    postgres = connection.vendor == "postgresql"
    names = (
        ("v.id", "v.pathway_id", "v.status")
        if postgres
        else ("v.column1", "v.column2", "v.column3")
    )
    alias = "v(id, pathway_id, status)" if postgres else "v"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET current_pathway_id = {names[1]}, status = {names[2]}, "
                f"updated_at = %s FROM (VALUES {values}) AS {alias} WHERE {table}.id = {names[0]}",
                [now, *(value for row in chunk for value in row)],
            )


def _update(model: type, objects: list, fields: list[str]) -> None:  # type: ignore[type-arg]
    if objects:
        model.objects.bulk_update(objects, fields, batch_size=BATCH)  # type: ignore[attr-defined]
