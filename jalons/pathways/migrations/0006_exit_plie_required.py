import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0005: PostgreSQL refuses to alter a table with pending trigger events
    (the foreign keys that 0005 just wrote) in the same transaction."""

    dependencies = [("pathways", "0005_fill_review_copies")]

    operations = [
        migrations.AlterField(
            model_name="exit",
            name="plie",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.organisation",
                verbose_name="PLIE",
            ),
        ),
    ]
