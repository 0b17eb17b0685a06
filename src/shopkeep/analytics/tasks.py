from django_tasks import task

from shopkeep.analytics.services import rollups_prune


@task()
def rollups_prune_task() -> int:
    """Delete statistics roll-ups older than the retention period (25 months by default)."""
    return rollups_prune()
