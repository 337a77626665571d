# Tracks and zones now belong to taxonomy (same tables): only the migration state follows them.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('roadshow', '0001_initial'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='roadshowseries',
                    name='track',
                    field=models.ForeignKey(blank=True, help_text='Leave empty for a cross-track series such as an investor day.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='roadshow_series', to='taxonomy.track', verbose_name='track'),
                ),
                migrations.AlterField(
                    model_name='roadshowsession',
                    name='track',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='roadshow_sessions', to='taxonomy.track', verbose_name='track'),
                ),
            ],
            database_operations=[],
        ),
    ]
