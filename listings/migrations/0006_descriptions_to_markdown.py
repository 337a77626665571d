"""Descriptions become Markdown: the sanitised HTML the old editor stored is converted once.

Live rows and every saved revision (drafts awaiting moderation included) are converted, so nothing
published later brings HTML back. Reversing leaves the Markdown as it is (it renders the same).
"""

from django.db import migrations

from core.richtext import legacy_html_to_markdown


def to_markdown(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for name in ("technology", "demand"):
        model = apps.get_model("listings", name)
        changed = []
        for listing in model.objects.exclude(description="").only("pk", "description").iterator():
            converted = legacy_html_to_markdown(listing.description)
            if converted != listing.description:
                listing.description = converted
                changed.append(listing)
        model.objects.bulk_update(changed, ["description"], batch_size=500)
        content_type = ContentType.objects.filter(app_label="listings", model=name).first()
        if content_type is None:
            continue
        revisions = Revision.objects.filter(content_type=content_type).only("pk", "content")
        for revision in revisions.iterator():
            description = (revision.content or {}).get("description")
            if description:
                converted = legacy_html_to_markdown(description)
                if converted != description:
                    revision.content["description"] = converted
                    revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0005_second_language"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_markdown, migrations.RunPython.noop)]
