# Tracks and development zones move from home to the ground-floor taxonomy. The tables stay where
# they are (home_track, home_developmentzone): only Django's idea of which app owns them changes.

import modelsearch.index
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('home', '0003_newsindexpage_policyindexpage_standardpage_and_more'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DevelopmentZone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(unique=True, verbose_name='slug')),
                        ('name_zh', models.CharField(max_length=80, verbose_name='Chinese name')),
                        ('name_en', models.CharField(max_length=120, verbose_name='English name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('short_name_zh', models.CharField(blank=True, max_length=40, verbose_name='Chinese short name')),
                        ('short_name_en', models.CharField(blank=True, max_length=60, verbose_name='English short name')),
                    ],
                    options={
                        'verbose_name': 'development zone',
                        'verbose_name_plural': 'development zones',
                        'db_table': 'home_developmentzone',
                        'ordering': ['order', 'slug'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
                migrations.CreateModel(
                    name='Track',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(unique=True, verbose_name='slug')),
                        ('name_zh', models.CharField(max_length=50, verbose_name='Chinese name')),
                        ('name_en', models.CharField(max_length=80, verbose_name='English name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('summary_zh', models.TextField(blank=True, max_length=500, verbose_name='Chinese summary')),
                        ('summary_en', models.TextField(blank=True, max_length=800, verbose_name='English summary')),
                        ('keywords', models.JSONField(blank=True, default=list, help_text='Bilingual keywords used by search and matching: a list of {"zh": ..., "en": ...}.', verbose_name='keywords')),
                    ],
                    options={
                        'verbose_name': 'track',
                        'verbose_name_plural': 'tracks',
                        'db_table': 'home_track',
                        'ordering': ['order', 'slug'],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
    ]
