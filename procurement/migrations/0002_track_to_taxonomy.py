# Tracks and zones now belong to taxonomy (same tables): only the migration state follows them.

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0001_initial'),
        ('taxonomy', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='applicationscenario',
                    name='development_zone',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='taxonomy.developmentzone'),
                ),
                migrations.AlterField(
                    model_name='applicationscenario',
                    name='tracks',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='application_scenarios', to='taxonomy.track'),
                ),
                migrations.AlterField(
                    model_name='expertpanel',
                    name='track',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='taxonomy.track', verbose_name='track'),
                ),
                migrations.AlterField(
                    model_name='innovationproduct',
                    name='track',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='innovation_products', to='taxonomy.track'),
                ),
            ],
            database_operations=[],
        ),
    ]
