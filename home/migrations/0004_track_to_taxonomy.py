# Track and DevelopmentZone now belong to taxonomy (same tables, home_track and home_developmentzone).
# The pages' relations follow them in the migration state; the content types are re-pointed so that
# permissions, search index entries, audit lines and anything else naming them keep working.

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

MOVED = ("track", "developmentzone")


def repoint_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED:
        old = ContentType.objects.filter(app_label="home", model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label="taxonomy", model=model).first()
        if new is None:
            old.app_label = "taxonomy"
            old.save(update_fields=["app_label"])
            continue
        # post_migrate already created the new type (a database migrated in steps): move everything
        # that names the old one over, then drop it.
        for permission in Permission.objects.filter(content_type=old):
            if not Permission.objects.filter(content_type=new, codename=permission.codename).exists():
                permission.content_type = new
                permission.save(update_fields=["content_type"])
        for related in apps.get_models():
            for field in related._meta.concrete_fields:
                if field.is_relation and field.related_model is ContentType and related is not Permission:
                    related._default_manager.filter(**{field.name: old}).update(**{field.name: new})
        old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0003_newsindexpage_policyindexpage_standardpage_and_more"),
        ("indicators", "0002_track_to_taxonomy"),
        ("listings", "0003_track_to_taxonomy"),
        ("procurement", "0002_track_to_taxonomy"),
        ("roadshow", "0002_track_to_taxonomy"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="trackpage",
                    name="track",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pages",
                        to="taxonomy.track",
                        verbose_name="track",
                    ),
                ),
                migrations.AlterField(
                    model_name="newspage",
                    name="related_tracks",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, related_name="news_pages", to="taxonomy.track", verbose_name="related tracks"
                    ),
                ),
                migrations.AlterField(
                    model_name="policypage",
                    name="related_tracks",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, related_name="policy_pages", to="taxonomy.track", verbose_name="related tracks"
                    ),
                ),
                migrations.AlterField(
                    model_name="trackpage",
                    name="development_zones",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        related_name="track_pages",
                        to="taxonomy.developmentzone",
                        verbose_name="development zones",
                    ),
                ),
                migrations.DeleteModel(name="DevelopmentZone"),
                migrations.DeleteModel(name="Track"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(repoint_content_types, migrations.RunPython.noop),
    ]
