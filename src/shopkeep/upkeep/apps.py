from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules


class UpkeepConfig(AppConfig):
    name = "shopkeep.upkeep"
    label = "upkeep"
    verbose_name = "Scheduled upkeep"

    def ready(self) -> None:
        # Every app registers its periodic jobs in its own upkeep.py (one upkeep_job_register() call per job).
        autodiscover_modules("upkeep")
        from shopkeep.upkeep.checks import check_upkeep_schedule

        checks.register(check_upkeep_schedule, "shopkeep")
