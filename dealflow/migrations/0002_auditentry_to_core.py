# AuditEntry now belongs to core (same table). Its content type and permissions are re-pointed so
# existing admin permissions and generic relations keep working.

from django.db import migrations


def repoint_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="dealflow", model="auditentry").first()
    if old is None:
        return
    if ContentType.objects.filter(app_label="core", model="auditentry").exists():
        # post_migrate already created the new one (a database migrated in steps): keep the old row's
        # permissions by moving them over, then drop the stale type.
        new = ContentType.objects.get(app_label="core", model="auditentry")
        Permission = apps.get_model("auth", "Permission")
        for permission in Permission.objects.filter(content_type=old):
            if not Permission.objects.filter(content_type=new, codename=permission.codename).exists():
                permission.content_type = new
                permission.save(update_fields=["content_type"])
        old.delete()
        return
    old.app_label = "core"
    old.save(update_fields=["app_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("dealflow", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        ),
        migrations.RunPython(repoint_content_type, migrations.RunPython.noop),
    ]
