"""Bulk writing of generated rows: PostgreSQL COPY, or `bulk_create` on other databases.

Rows are plain tuples in the column order of a `Table`. Ids are allocated in Python from
the tables' sequences (`IdBlock`), so that rows can reference each other before they are
written; the sequences are moved past the last id at the end (`finish`).
"""

import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction

from jalons.participants.models import Participant
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


def columns(names: str) -> tuple[str, ...]:
    return tuple(names.split())


@dataclass(frozen=True, eq=False)  # identity hash: tables key the rows of every batch
class Table:
    model: type[models.Model]
    columns: tuple[str, ...]  # attnames, in the order of the generated tuples

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table

    @property
    def json_indexes(self) -> tuple[int, ...]:
        fields = {f.attname: f for f in self.model._meta.concrete_fields}
        return tuple(
            i for i, name in enumerate(self.columns) if isinstance(fields[name], models.JSONField)
        )


PARTICIPANTS = Table(
    Participant,
    columns("""
id uid plie_id source_id last_name first_name birth_name sex birth_date email phone
address postal_code commune_id qpv qpv_zone_id france_travail_id nir
france_travail_registered job_seeker_since rsa ass aah rqth qualification_level
household children executive_long_excluded barriers status current_pathway_id created_at
updated_at created_by_id anonymised_at
"""),
)
ORIENTATIONS = Table(
    Orientation,
    columns("""
id uid plie_id participant_id prescriber_id prescriber_kind submitted_by_id submitted_on
reasons status decided_on decided_by_id decision_reason created_at
"""),
)
PATHWAYS = Table(
    Pathway,
    columns("""
id uid participant_id plie_id orientation_id entry_date planned_end_date lot_id
referent_id status exit_date last_contact_on entry_decided_by_id entry_decided_at
eligibility override_justification imported created_at entry_profile entry_bassin_id
previous_exit_date
"""),
)
SNAPSHOTS = Table(
    EntrySnapshot,
    columns("""
id pathway_id recorded_at sex age commune_id bassin_id qpv rsa ass aah deld rqth
qualification_level qualification_bucket prescriber_kind household barriers
"""),
)
ASSIGNMENTS = Table(
    ReferentAssignment,
    columns("""
id pathway_id referent_id start_date end_date reason assigned_by_id created_at
"""),
)
SUSPENSIONS = Table(
    Suspension,
    columns("""
id pathway_id start_date end_date reason recorded_by_id
"""),
)
CONTACTS = Table(
    Contact,
    columns("""
id uid pathway_id date kind attendance notes author_id created_at
"""),
)
STEPS = Table(
    Step,
    columns("""
id uid pathway_id kind title start_date end_date monthly_hours hours_worked
micro_entrepreneur monthly_income employer_siret provider_id provider_name outcome notes
author_id imported created_at
"""),
)
COMMITTEE = Table(
    CommitteeDecision,
    columns("""
id pathway_id proposed_on proposal exit_kind counts_as_employment exit_date status
decided_on justification proposed_by_id decided_by_id created_at
"""),
)
EXITS = Table(
    Exit,
    columns("""
id pathway_id kind date is_positive source reason explanation committee_decision_id
decided_by_id recorded_at plie_id entry_rsa
"""),
)
# Written in this order (foreign keys are deferred to the end of each batch's transaction).
TABLES = (
    PARTICIPANTS,
    ORIENTATIONS,
    PATHWAYS,
    SNAPSHOTS,
    ASSIGNMENTS,
    SUSPENSIONS,
    CONTACTS,
    STEPS,
    COMMITTEE,
    EXITS,
)


@dataclass
class IdBlock:
    """Ids handed out in Python, from the table's next sequence value on."""

    next_id: int
    first: int = 0

    def __post_init__(self) -> None:
        self.first = self.next_id

    def take(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    @property
    def used(self) -> int:
        return self.next_id - self.first


@dataclass
class Batch:
    rows: dict[Table, list[tuple[Any, ...]]] = field(
        default_factory=lambda: {table: [] for table in TABLES}
    )

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def uses_copy() -> bool:
    return connection.vendor == "postgresql"


class Writer:
    """Writes batches in one transaction each; `finish` fixes sequences and runs ANALYZE."""

    def __init__(self) -> None:
        self.copy = uses_copy()
        self.ids = {table: IdBlock(self._first_id(table)) for table in TABLES}
        self.counts = dict.fromkeys(TABLES, 0)
        self.seconds = 0.0  # spent writing (the rest of the run is spent generating)
        self.replica = False
        if self.copy:
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('is_superuser') = 'on'")
                self.replica = bool(cursor.fetchone()[0])

    def _sequence(self, table: Table) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table.db_table])
            return str(cursor.fetchone()[0])

    def _first_id(self, table: Table) -> int:
        with connection.cursor() as cursor:
            if self.copy:
                cursor.execute("SELECT nextval(%s)", [self._sequence(table)])
            else:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table.db_table}"')
            return int(cursor.fetchone()[0])

    def write(self, batch: Batch) -> None:
        started = time.monotonic()
        self._write(batch)
        self.seconds += time.monotonic() - started

    def _write(self, batch: Batch) -> None:
        with transaction.atomic():
            if self.replica:
                # Generated rows are consistent by construction: skip the per-row foreign-key
                # triggers (unique and check constraints are still enforced by PostgreSQL).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            for table, rows in batch.rows.items():
                if rows:
                    self._write_rows(table, rows)
                    self.counts[table] += len(rows)
            if self.replica:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = DEFAULT")

    def _write_rows(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        if not self.copy:
            model = table.model
            objects = [model(**dict(zip(table.columns, row, strict=True))) for row in rows]
            model._default_manager.bulk_create(objects, batch_size=500)
            return
        json_at = table.json_indexes
        columns = ", ".join(f'"{c}"' for c in _db_columns(table))
        sql = f'COPY "{table.db_table}" ({columns}) FROM STDIN'
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            write = copy.write_row
            if json_at:
                for row in rows:
                    values = list(row)
                    for i in json_at:
                        values[i] = json.dumps(values[i], ensure_ascii=False)
                    write(values)
            else:
                for row in rows:
                    write(row)

    def finish(self, analyze: bool = True) -> None:
        """Move each sequence past the ids used, then VACUUM ANALYZE the loaded tables."""
        if not self.copy:
            return
        with connection.cursor() as cursor:
            for table, block in self.ids.items():
                highest = f'SELECT COALESCE(MAX(id), 1) FROM "{table.db_table}"'
                cursor.execute(
                    f"SELECT setval(%s, GREATEST(%s, ({highest})))",
                    [self._sequence(table), block.next_id - 1],
                )
            if analyze and connection.in_atomic_block:
                cursor.execute("ANALYZE")
            elif analyze:
                # VACUUM also sets the visibility map of the freshly loaded pages: without it
                # index-only scans (counts of a PLIE, open caseloads) read the heap.
                tables = ", ".join(f'"{table.db_table}"' for table in TABLES)
                cursor.execute(f"VACUUM (ANALYZE) {tables}")
                cursor.execute("ANALYZE")


@contextmanager
def indexes_suspended(enabled: bool, say: Callable[[str], None]) -> Iterator[None]:
    """Drop the secondary indexes of the loaded tables, and build them again at the end.

    Building an index once is far cheaper than updating it for every one of millions of
    rows. Primary keys and unique constraints (uid) stay. The indexes are rebuilt even when
    the load fails; if that fails too, their definitions are printed."""
    if not enabled:
        yield
        return
    names = [table.db_table for table in TABLES]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c
                WHERE c.conindid = format('%%I.%%I', i.schemaname, i.indexname)::regclass
              )
            ORDER BY i.tablename, i.indexname
            """,
            [names],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    say(f"{len(indexes)} index secondaires suspendus pendant le chargement.")
    try:
        yield
    finally:
        started = time.monotonic()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '512MB'")
                for _, definition in indexes:
                    cursor.execute(definition)
                cursor.execute("RESET maintenance_work_mem")
        except Exception:
            say(
                "Échec de la reconstruction des index ; à recréer :\n"
                + ";\n".join(definition for _, definition in indexes)
            )
            raise
        say(f"Index reconstruits en {time.monotonic() - started:.1f} s.")


def _db_columns(table: Table) -> Iterable[str]:
    fields = {f.attname: f for f in table.model._meta.concrete_fields}
    return [fields[name].column for name in table.columns]
