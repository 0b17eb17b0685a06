"""The audit log stays append-only, but an entry older than a year may be deleted: the retention runner deletes
entries once the audit period (SHOPKEEP_AUDIT_RETENTION_DAYS, a year at least) has passed (P-35, P-37).

No entry is ever updated, and none younger than a year can be deleted, so the recent log cannot be tampered with.
"""

from django.db import migrations

TABLE = "privacy_auditentry"
DAYS = 365  # privacy.models.AUDIT_DELETABLE_AFTER_DAYS when this was written (a migration keeps its own copy)

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION shopkeep_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.created_at < now() - interval '{DAYS} days' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'The audit log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
POSTGRES_DOWN = """
CREATE OR REPLACE FUNCTION shopkeep_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The audit log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_UP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"WHEN OLD.created_at >= datetime('now', '-{DAYS} days') "
    "BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE is not allowed'); END;",
]
SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE is not allowed'); END;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0007_keycanary_keyfingerprint")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": [POSTGRES_UP], "sqlite": SQLITE_UP}),
            _run({"postgresql": [POSTGRES_DOWN], "sqlite": SQLITE_DOWN}),
        )
    ]
