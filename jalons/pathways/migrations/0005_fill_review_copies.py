from django.db import migrations

# The copies of existing rows, as `pathways.services.review_copies` writes them, frozen here
# (that module follows the current models, this migration the models of its time). The
# entry profile code is `jalons.pathways.profile.sql("s")` of this day.
ENTRY_PROFILE = (
    "(CASE s.sex WHEN 'F' THEN 1 WHEN 'M' THEN 2 ELSE 0 END) + "
    "(CASE WHEN s.rsa THEN 4 ELSE 0 END) + "
    "(CASE WHEN s.deld THEN 8 ELSE 0 END) + "
    "(CASE WHEN s.rqth THEN 16 ELSE 0 END) + "
    "(CASE WHEN s.qpv THEN 32 ELSE 0 END) + "
    "(CASE s.qualification_bucket WHEN 'VI_Vbis' THEN 64 WHEN 'V' THEN 128 WHEN 'IV' THEN 192 WHEN 'III_and_above' THEN 256 WHEN 'unknown' THEN 320 ELSE 0 END) + "
    "(CASE s.prescriber_kind WHEN 'france_travail' THEN 512 WHEN 'caf' THEN 1024 WHEN 'ccas' THEN 1536 WHEN 'bme' THEN 2048 WHEN 'pole_insertion' THEN 2560 WHEN 'autre' THEN 3072 WHEN 'spontane' THEN 3584 ELSE 0 END)"
)
FILL = [
    f"""UPDATE pathways_pathway SET entry_profile = {ENTRY_PROFILE}, entry_bassin_id = s.bassin_id,
    previous_exit_date = (SELECT max(e.exit_date) FROM pathways_pathway e
      WHERE e.participant_id = pathways_pathway.participant_id
        AND e.entry_date < pathways_pathway.entry_date)
    FROM pathways_entrysnapshot s WHERE s.pathway_id = pathways_pathway.id""",
    """UPDATE pathways_exit SET plie_id = w.plie_id, entry_rsa = s.rsa
    FROM pathways_pathway w JOIN pathways_entrysnapshot s ON s.pathway_id = w.id
    WHERE w.id = pathways_exit.pathway_id""",
]


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        for statement in FILL:
            cursor.execute(statement)


class Migration(migrations.Migration):
    """Apart from 0004: PostgreSQL creates 0004's foreign-key indexes at its end, and refuses
    to once this migration's updates have left pending trigger events."""

    dependencies = [("pathways", "0004_review_copies")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
