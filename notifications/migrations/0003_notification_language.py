from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def written_in_recipients_language(apps, schema_editor):
    """Notices were written in their recipient's preferred language (notify_each): record it."""
    Notification = apps.get_model("notifications", "Notification")
    User = apps.get_model("accounts", "User")
    Notification.objects.update(
        language=Subquery(User.objects.filter(pk=OuterRef("recipient_id")).values("preferred_language")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("notifications", "0002_saved_searches_to_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="language",
            field=models.CharField(blank=True, max_length=10, verbose_name="language"),
        ),
        migrations.RunPython(written_in_recipients_language, migrations.RunPython.noop),
    ]
