"""Background work of the privacy app: building a person's export, carrying out due erasures."""

from django_tasks import task

from shopkeep.privacy.models import DataExport
from shopkeep.privacy.rights import erasures_due, export_build


@task()
def data_export_build_task(export_id: int) -> str:
    """Build the ZIP of one export (P-32)."""
    export = DataExport.objects.filter(pk=export_id, status=DataExport.Status.QUEUED).first()
    if export is None:
        return "missing"
    return export_build(export=export).status


@task()
def erasures_due_task() -> int:
    """Carry out the erasures whose grace period has ended (P-33)."""
    return len(erasures_due())
