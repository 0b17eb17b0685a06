import pytest
from django.db import DatabaseError, connection, transaction

from shopkeep.privacy.models import AuditEntry
from shopkeep.privacy.services import audit_record


def _entry(staff=None):
    return audit_record(staff=staff, role="customer_service", subject_ref="C-7F3K9QX",
                        fields=["email", "name"], action="view", reason="answering a question")


@pytest.mark.django_db
@pytest.mark.promise("P-37", clause="append-only log")
def test_staff_access_is_recorded_with_who_what_and_why(django_user_model):
    staff = django_user_model.objects.create_user("cs@shop.example", "a long enough password 123", is_staff=True)
    entry = _entry(staff)
    assert (entry.staff_ref, entry.role, entry.subject_ref, entry.fields, entry.action, entry.reason) == (
        "cs@shop.example", "customer_service", "C-7F3K9QX", ["email", "name"], "view", "answering a question")


@pytest.mark.django_db
@pytest.mark.promise("P-37", clause="append-only log")
def test_the_audit_log_refuses_changes_and_deletions_through_the_orm():
    entry = _entry()
    entry.reason = "nothing to see"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="changed")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == "answering a question"


@pytest.mark.django_db
@pytest.mark.promise("P-37")
def test_the_database_itself_refuses_updates_and_deletes_of_the_audit_log():
    entry = _entry()
    table = AuditEntry._meta.db_table
    for statement in (f"UPDATE {table} SET reason = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).reason == "answering a question"


@pytest.mark.django_db
def test_an_audit_entry_needs_a_reason_and_a_known_action():
    with pytest.raises(ValueError, match="needs a reason"):
        audit_record(staff=None, role="owner", subject_ref="C-1", fields=[], action="view", reason="  ")
    with pytest.raises(ValueError, match="Unknown audit action 'peek'"):
        audit_record(staff=None, role="owner", subject_ref="C-1", fields=[], action="peek", reason="x")
    assert AuditEntry.objects.count() == 0
