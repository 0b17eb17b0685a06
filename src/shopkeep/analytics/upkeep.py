from django.utils import timezone

from shopkeep.analytics.services import rollups_prune
from shopkeep.upkeep.jobs import upkeep_job_register


def analytics_upkeep(now) -> str:
    return f"deleted {rollups_prune(today=timezone.localdate(now))} statistics roll-up row(s) past their retention period"


upkeep_job_register(name="analytics", run=analytics_upkeep, what="delete statistics roll-ups past their retention period")
