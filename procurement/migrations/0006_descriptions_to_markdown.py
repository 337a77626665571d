"""Product descriptions become Markdown: the sanitised HTML stored before is converted once."""

from django.db import migrations

from core.richtext import legacy_html_to_markdown


def to_markdown(apps, schema_editor):
    InnovationProduct = apps.get_model("procurement", "InnovationProduct")
    changed = []
    for product in InnovationProduct.objects.exclude(description="").only("pk", "description").iterator():
        converted = legacy_html_to_markdown(product.description)
        if converted != product.description:
            product.description = converted
            changed.append(product)
    InnovationProduct.objects.bulk_update(changed, ["description"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("procurement", "0005_second_language")]

    operations = [migrations.RunPython(to_markdown, migrations.RunPython.noop)]
