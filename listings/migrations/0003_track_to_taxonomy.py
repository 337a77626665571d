# Tracks and zones now belong to taxonomy (same tables): only the migration state follows them.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('listings', '0002_description_label'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='demand',
                    name='development_zone',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='demands', to='taxonomy.developmentzone', verbose_name='development zone'),
                ),
                migrations.AlterField(
                    model_name='demand',
                    name='track',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='taxonomy.track', verbose_name='track'),
                ),
                migrations.AlterField(
                    model_name='technology',
                    name='track',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='taxonomy.track', verbose_name='track'),
                ),
            ],
            database_operations=[],
        ),
    ]
