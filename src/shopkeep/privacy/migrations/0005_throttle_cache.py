"""The table of the "throttle" cache (rate limits and login lockouts shared by every worker) when Redis is not
configured; with Redis, createcachetable does nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0004_staff_practices")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
