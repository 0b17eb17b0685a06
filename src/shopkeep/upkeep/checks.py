from django.core import checks

from shopkeep.upkeep.jobs import upkeep_schedule_check


def check_upkeep_schedule(app_configs=None, **kwargs):
    """Every upkeep job has an interval in SHOPKEEP_UPKEEP_SCHEDULE, and every interval names a job."""
    return [checks.Error(problem, id="shopkeep.E_UPKEEP") for problem in upkeep_schedule_check()]
