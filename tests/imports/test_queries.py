"""No per-row query: the number of queries of a preview or an import does not depend on the
number of lines (N and 3N lines give the same count), each query named."""

from django.db import connection

from jalons.imports import services
from tests.imports.conftest import csv_bytes, participant_row, step_row
from tests.imports.test_steps import people


def test_queries_do_not_grow_with_the_rows(world, django_assert_num_queries) -> None:
    def rows(n: int, offset: int = 0) -> bytes:
        return csv_bytes(
            [
                participant_row(
                    identifiant=f"Q{i}",
                    qpv="QN01313M",
                    date_sortie="01/10/2021" if i % 2 else "",
                    type_sortie="cdi" if i % 2 else "",
                )
                for i in range(offset, offset + n)
            ]
        )

    # preview: communes, lots, users, QPV, participants by identifiant (none yet)
    with django_assert_num_queries(5):
        services.preview_participants(world.plie, rows(3), "a.csv")
    with django_assert_num_queries(5):
        services.preview_participants(world.plie, rows(9), "a.csv")
    # import: run insert, the 4 reference reads, progress update, participants by
    # identifiant, savepoint, PLIE lock, concurrent-run check, inserts of participants,
    # pathways, snapshots, exits, assignments, status refresh, run update, release.
    # PostgreSQL: ids of the 5 tables drawn from their sequences and rows sent by COPY
    # (not counted), people written with their status: no refresh. New rows carry the
    # review's copies from the start: nothing to rewrite.
    creating = 17 if connection.vendor == "postgresql" else 18
    with django_assert_num_queries(creating):
        services.import_participants(world.plie, rows(3), "a.csv")
    with django_assert_num_queries(creating):
        services.import_participants(world.plie, rows(9, offset=3), "a.csv")
    # re-import (nothing changes): run insert, the 4 reference reads, progress update, reads
    # of participants, pathways, snapshots, exits, assignments; savepoint, lock,
    # concurrent-run check, run update, release — and no write of any record.
    with django_assert_num_queries(16):
        services.import_participants(world.plie, rows(3, offset=3), "a.csv")
    with django_assert_num_queries(16):
        services.import_participants(world.plie, rows(9, offset=3), "a.csv")


def test_update_queries_do_not_grow_with_the_rows(world, django_assert_num_queries) -> None:
    def rows(n: int, changed: bool) -> bytes:
        return csv_bytes(
            [
                participant_row(
                    identifiant=f"Q{i}",
                    nom="Autre" if changed else "Garcia",
                    date_sortie="01/12/2021" if changed else ("01/10/2021" if i % 2 else ""),
                    type_sortie=("cdd" if changed else ("cdi" if i % 2 else "")),
                )
                for i in range(n)
            ]
        )

    services.import_participants(world.plie, rows(12, changed=False), "a.csv")
    # run insert, 4 reference reads, progress update, 5 reads of what is recorded, savepoint,
    # lock, concurrent-run check; updates of participants, closing pathways, other pathways,
    # exits, assignments; exits insert; status refresh; the owners of the exits written and
    # the review's 3 copies; run update; release.
    with django_assert_num_queries(22 + 4):
        report = services.import_participants(world.plie, rows(3, changed=True), "a.csv")
    assert report.to_update == 3
    with django_assert_num_queries(22 + 4):
        report = services.import_participants(world.plie, rows(9, changed=True), "a.csv")
    assert (report.to_update, report.unchanged) == (6, 3)


def test_step_queries_do_not_grow_with_the_rows(world, django_assert_num_queries) -> None:
    people(world)

    def rows(n: int) -> bytes:
        return csv_bytes(
            [
                step_row(
                    identifiant_participant="P002" if i % 2 else "P001",
                    date_debut=f"{i + 1:02d}/04/2021",
                )
                for i in range(n)
            ]
        )

    # run insert, progress update, participants, pathways, steps (reads), savepoint, lock,
    # concurrent-run check, steps insert, run update, release
    with django_assert_num_queries(11):
        services.import_steps(world.plie, rows(3), "a.csv")
    with django_assert_num_queries(11):
        services.import_steps(world.plie, rows(9), "a.csv")
