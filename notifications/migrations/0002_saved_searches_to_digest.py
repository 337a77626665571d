# SavedSearch and DigestDelivery now belong to digest (same tables). Their content types are
# re-pointed so permissions and anything else naming them keep working.

from django.db import migrations

MOVED = ("savedsearch", "digestdelivery")


def repoint_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED:
        old = ContentType.objects.filter(app_label="notifications", model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label="digest", model=model).first()
        if new is None:
            old.app_label = "digest"
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
        ("digest", "0001_initial"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="savedsearch", name="user"),
                migrations.DeleteModel(name="DigestDelivery"),
                migrations.DeleteModel(name="SavedSearch"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(repoint_content_types, migrations.RunPython.noop),
    ]
