"""Scheduled payment upkeep: renew authorisations before they expire, void orphaned ones."""

from datetime import timedelta

from django_tasks import task

from shopkeep.payments.services import authorisations_expiring_handle, authorisations_reconcile


@task()
def authorisations_expiring_task() -> dict[str, int]:
    return authorisations_expiring_handle()


@task()
def authorisations_reconcile_task(older_than_minutes: int | None = None) -> int:
    older_than = timedelta(minutes=older_than_minutes) if older_than_minutes is not None else None
    return authorisations_reconcile(older_than=older_than)
