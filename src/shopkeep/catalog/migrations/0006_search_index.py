"""The product search index (catalog/search_index.py): FTS5 on SQLite, a weighted tsvector with a GIN
index and pg_trgm (when the user may create it) on PostgreSQL; triggers keep it in step with products."""

from django.db import migrations

from shopkeep.catalog.search_index import search_index_drop, search_index_ensure, trigram_extension_create


def forwards(apps, schema_editor):
    trigram_extension_create(schema_editor.connection)
    search_index_ensure(schema_editor.connection)


def backwards(apps, schema_editor):
    search_index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_stock_movements_and_pictures")]
    operations = [migrations.RunPython(forwards, backwards)]
