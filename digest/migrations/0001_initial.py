# Saved searches and digest deliveries move from notifications up to the digest. The tables stay
# where they are (notifications_savedsearch, notifications_digestdelivery): only Django's idea of
# which app owns them changes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('notifications', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SavedSearch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('kind', models.CharField(choices=[('technology', 'Technologies'), ('demand', 'Demands')], max_length=20, verbose_name='search in')),
                        ('query', models.CharField(blank=True, max_length=200, verbose_name='words')),
                        ('filters', models.JSONField(blank=True, default=dict, verbose_name='filters')),
                        ('alerts_enabled', models.BooleanField(default=True, verbose_name='alert me about new results')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('last_alerted_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='saved_searches', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'saved search',
                        'verbose_name_plural': 'saved searches',
                        'db_table': 'notifications_savedsearch',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='DigestDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('item_count', models.PositiveIntegerField(default=0)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='digests', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'digest delivery',
                        'verbose_name_plural': 'digest deliveries',
                        'db_table': 'notifications_digestdelivery',
                        'ordering': ['-day'],
                        'constraints': [models.UniqueConstraint(fields=('user', 'day'), name='digest_once_per_user_day')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
