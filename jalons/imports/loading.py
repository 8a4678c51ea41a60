"""Loading what a file refers to in a few queries, whatever its size."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model

from jalons.imports.fast import load
from jalons.participants.models import Participant
from jalons.pathways.enums import PathwayStatus
from jalons.pathways.models import EntrySnapshot, Exit, Pathway, ReferentAssignment, Suspension

T = TypeVar("T")
M = TypeVar("M", bound=Model)
CHUNK = 5000  # ids per IN (...) list: far below SQLite's limit, cheap for PostgreSQL


def by_chunks(
    values: Sequence[T], make_queryset: Callable[[list[T]], Iterable[Any]], size: int = CHUNK
) -> Iterator[Any]:
    """Rows of `make_queryset(chunk)` for each chunk of `values` (no query when empty)."""
    values = list(values)
    for start in range(0, len(values), size):
        yield from make_queryset(values[start : start + size])


@dataclass
class Existing:
    """What is recorded for the file's identifiants, loaded in a few queries."""

    participants: dict[str, Participant]
    pathways: dict[int, list[Pathway]]  # participant id -> pathways
    snapshots: dict[int, EntrySnapshot]  # pathway id -> snapshot
    exits: dict[int, Exit]
    assignments: dict[int, list[ReferentAssignment]]
    suspensions: dict[int, list[Suspension]]  # open ones


# The fields the participants import reads or may change (see pathway_plan).
PARTICIPANT_ATTNAMES = (
    "id",
    "plie_id",
    "source_id",
    "status",
    "current_pathway_id",
    "last_name",
    "first_name",
    "sex",
    "birth_date",
    "commune_id",
    "rsa",
    "qualification_level",
    "qpv",
    "qpv_zone_id",
    "rqth",
)
PATHWAY_ATTNAMES = (
    "id",
    "participant_id",
    "plie_id",
    "entry_date",
    "exit_date",
    "status",
    "imported",
    "lot_id",
    "referent_id",
)
SNAPSHOT_ATTNAMES = (
    "id",
    "pathway_id",
    "sex",
    "age",
    "commune_id",
    "bassin_id",
    "qpv",
    "rsa",
    "deld",
    "rqth",
    "qualification_level",
    "qualification_bucket",
    "prescriber_kind",
)
EXIT_ATTNAMES = ("id", "pathway_id", "source", "kind", "date", "is_positive", "explanation")
ASSIGNMENT_ATTNAMES = ("id", "pathway_id", "referent_id", "start_date", "end_date")


def load_existing(plie_id: int, source_ids: list[str]) -> Existing:
    def rows(
        model: type[M], attnames: Sequence[str], values: Sequence[Any], **filters: Any
    ) -> Iterator[M]:
        lookup = next(iter(filters))
        for start in range(0, len(values), CHUNK):
            queryset = model._default_manager.filter(
                **{lookup: values[start : start + CHUNK]},
                **{k: v for k, v in filters.items() if k != lookup},
            )
            yield from load(model, queryset, attnames)

    participants = {
        str(p.source_id): p
        for p in rows(
            Participant, PARTICIPANT_ATTNAMES, source_ids, source_id__in=None, plie_id=plie_id
        )
    }
    pathways: dict[int, list[Pathway]] = defaultdict(list)
    person_ids = [p.pk for p in participants.values()]
    for pw in rows(Pathway, PATHWAY_ATTNAMES, person_ids, participant_id__in=None):
        pathways[pw.participant_id].append(pw)
    ids = [pw.pk for group in pathways.values() for pw in group]
    snapshots = {
        s.pathway_id: s for s in rows(EntrySnapshot, SNAPSHOT_ATTNAMES, ids, pathway_id__in=None)
    }
    exits = {e.pathway_id: e for e in rows(Exit, EXIT_ATTNAMES, ids, pathway_id__in=None)}
    assignments: dict[int, list[ReferentAssignment]] = defaultdict(list)
    for a in rows(ReferentAssignment, ASSIGNMENT_ATTNAMES, ids, pathway_id__in=None):
        assignments[a.pathway_id].append(a)
    suspended = [
        pw.pk for group in pathways.values() for pw in group if pw.status == PathwayStatus.SUSPENDED
    ]
    suspensions: dict[int, list[Suspension]] = defaultdict(list)
    for s in rows(
        Suspension,
        ("id", "pathway_id", "end_date"),
        suspended,
        pathway_id__in=None,
        end_date__isnull=True,
    ):
        suspensions[s.pathway_id].append(s)
    return Existing(participants, pathways, snapshots, exits, assignments, suspensions)
