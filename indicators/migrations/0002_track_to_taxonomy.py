# Tracks and zones now belong to taxonomy (same tables): only the migration state follows them.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0001_initial'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='maintainedcount',
                    name='track',
                    field=models.ForeignKey(blank=True, help_text='Empty: a count for the whole programme that no track claims.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='maintained_counts', to='taxonomy.track', verbose_name='track'),
                ),
                migrations.AlterField(
                    model_name='programmetarget',
                    name='track',
                    field=models.ForeignKey(blank=True, help_text='Empty: the target for the whole programme.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='programme_targets', to='taxonomy.track', verbose_name='track'),
                ),
            ],
            database_operations=[],
        ),
    ]
