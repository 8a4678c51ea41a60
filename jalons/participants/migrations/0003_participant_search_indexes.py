"""Indexes of the participant search on PostgreSQL (`ParticipantQuerySet.search`).

Django compiles `istartswith` to `UPPER("col"::text) LIKE UPPER('x%')` and `iexact` to
`UPPER("col"::text) = UPPER('x')`: under a non-C collation (C.UTF-8 included) a default
btree index serves neither, so these expression indexes repeat the exact expressions,
with `text_pattern_ops` for the prefix searches. SQLite needs nothing: no-op there.
"""

from django.db import migrations

TABLE = "participants_participant"
INDEXES = {
    "participant_search_last_idx": "upper(last_name::text) text_pattern_ops",
    "participant_search_first_idx": "upper(first_name::text) text_pattern_ops",
    "participant_search_birth_idx": "upper(birth_name::text) text_pattern_ops",
    "participant_search_ft_idx": "upper(france_travail_id::text)",
    "participant_search_source_idx": "upper(source_id::text)",
}


def create_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} (plie_id, {expression})"
        )


def drop_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
