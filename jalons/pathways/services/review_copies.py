"""The review's copies, written in bulk: each pathway's copy of its entry snapshot (coded,
see `jalons.pathways.profile`) and the exit date of the person's previous pathway, each
exit's copy of its pathway's PLIE and RSA at entry.

Writers that build rows one by one set them in Python (`copy_entry_profile`,
`Exit.copy_pathway`, the scale generator); bulk writers (imports) call `sync_review_copies`
for the people they wrote, after writing. `review_copy_mismatches` is what the tests of every writer
check: the copies must always equal their sources.
"""

from collections.abc import Iterable

from django.db import connection

from jalons.pathways import profile

# UPDATE ... FROM (PostgreSQL, SQLite ≥ 3.33), each for the pathways of the people in the
# selection `{people}`.
_PATHWAYS = f"""
UPDATE pathways_pathway SET entry_profile = {profile.sql("s")}, entry_bassin_id = s.bassin_id
FROM pathways_entrysnapshot s
WHERE s.pathway_id = pathways_pathway.id AND pathways_pathway.participant_id IN ({{people}})
"""
_PREVIOUS = """
UPDATE pathways_pathway SET previous_exit_date = (
  SELECT max(e.exit_date) FROM pathways_pathway e
  WHERE e.participant_id = pathways_pathway.participant_id
    AND e.entry_date < pathways_pathway.entry_date)
WHERE participant_id IN ({people})
"""
_EXITS = """
UPDATE pathways_exit SET plie_id = w.plie_id, entry_rsa = s.rsa
FROM pathways_pathway w JOIN pathways_entrysnapshot s ON s.pathway_id = w.id
WHERE w.id = pathways_exit.pathway_id AND w.participant_id IN ({people})
"""
_MISMATCHES = f"""
SELECT
  (SELECT count(*) FROM pathways_pathway w JOIN pathways_entrysnapshot s ON s.pathway_id = w.id
   WHERE w.entry_profile <> {profile.sql("s")}
      OR coalesce(w.entry_bassin_id, 0) <> coalesce(s.bassin_id, 0))
  + (SELECT count(*) FROM pathways_pathway w
     WHERE coalesce(w.previous_exit_date, '1900-01-01') <> coalesce((
       SELECT max(e.exit_date) FROM pathways_pathway e
       WHERE e.participant_id = w.participant_id AND e.entry_date < w.entry_date),
       '1900-01-01'))
  + (SELECT count(*) FROM pathways_exit x JOIN pathways_pathway w ON w.id = x.pathway_id
     JOIN pathways_entrysnapshot s ON s.pathway_id = w.id
     WHERE x.plie_id <> w.plie_id OR x.entry_rsa <> s.rsa)
"""
CHUNK = 5000
STATEMENTS = (_PATHWAYS, _PREVIOUS, _EXITS)


def sync_review_copies(participant_ids: Iterable[int]) -> None:
    """Rewrite the copies of these people's pathways and exits."""
    with connection.cursor() as cursor:
        ids = sorted(set(participant_ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            for statement in STATEMENTS:
                cursor.execute(statement.format(people=placeholders), chunk)


def review_copy_mismatches() -> int:
    """How many copies differ from their source (0 when every writer did its part)."""
    with connection.cursor() as cursor:
        cursor.execute(_MISMATCHES)
        return int(cursor.fetchone()[0])
