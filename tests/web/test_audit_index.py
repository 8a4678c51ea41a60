"""PostgreSQL: the audit journal's query by PLIE matches its expression index, so that a
Django or django-auditlog upgrade that compiled it differently would be noticed."""

import pytest
from auditlog.models import LogEntry
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL expression index"
)


@pytest.mark.django_db
def test_the_journal_query_uses_the_plie_index() -> None:
    entries = LogEntry.objects.filter(additional_data__plie__in=[3]).order_by("-timestamp", "-pk")
    sql, params = entries.query.sql_with_params()
    assert '("auditlog_logentry"."additional_data" -> %s)' in sql and "plie" in params
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "auditlog_logentry_plie_ts_idx" in plan, plan
