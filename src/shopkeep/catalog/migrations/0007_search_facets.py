"""The search index carries each product's name, created_at, lowest price and facet signature (PostgreSQL),
kept by triggers on the variants; the search version moves with the catalogue hook instead of triggers;
the size filter's order reads an index on (size, position)."""

from django.db import migrations, models

from shopkeep.catalog.search_index import search_index_ensure


def forwards(apps, schema_editor):
    search_index_ensure(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_search_index")]
    operations = [
        migrations.AddIndex(
            model_name="variant",
            index=models.Index(fields=["size", "position"], name="catalog_variant_size_order"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
