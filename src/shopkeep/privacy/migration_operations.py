"""Migration helper: encrypt rows written before their fields were encrypted, and fill blind indexes."""

from django.db import migrations

from shopkeep.privacy import crypto


def encrypt_existing_rows(app_label: str, model_name: str, fields: list[str], indexes: dict[str, str] | None = None):
    """A RunPython operation re-saving `fields` of every row (encrypting them) and computing `indexes`
    ({index field: source field})."""
    indexes = indexes or {}

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        manager = model._base_manager.using(schema_editor.connection.alias)
        for row in manager.only("pk", *fields).iterator(chunk_size=500):
            values = {name: getattr(row, name) for name in fields}
            values.update({index: crypto.blind_index(values[source]) if values[source] else ""
                           for index, source in indexes.items()})
            manager.filter(pk=row.pk).update(**values)

    return migrations.RunPython(forwards, migrations.RunPython.noop)
