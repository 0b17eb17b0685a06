"""Background work of the privacy app: building a person's export, carrying out due erasures."""

import logging

from django_tasks import task

from shopkeep.privacy.models import DataExport
from shopkeep.privacy.rights import erasures_due, export_build

logger = logging.getLogger(__name__)


@task()
def data_export_build_task(export_id: int) -> str:
    """Build the ZIP of one export (P-32)."""
    export = DataExport.objects.filter(pk=export_id, status=DataExport.Status.QUEUED).first()
    if export is None:
        return "missing"
    try:
        return export_build(export=export).status
    except Exception:
        # The page then says the copy could not be made and offers to ask again; never a silent "building".
        DataExport.objects.filter(pk=export_id).update(status=DataExport.Status.FAILED)
        logger.exception("Export %s failed", export_id)
        return DataExport.Status.FAILED


@task()
def erasures_due_task() -> int:
    """Carry out the erasures whose grace period has ended (P-33)."""
    return len(erasures_due())
