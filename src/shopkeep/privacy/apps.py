from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.core import checks
from django.utils.module_loading import autodiscover_modules


class PrivacyConfig(AppConfig):
    name = "shopkeep.privacy"
    label = "privacy"

    def ready(self) -> None:
        # Every app declares its personal data in its own privacy.py (one register() call per model).
        autodiscover_modules("privacy")
        from shopkeep.privacy.checks import check_data_map

        checks.register(check_data_map, "shopkeep")
        from shopkeep import health
        from shopkeep.privacy.keys import canary_health, keys_record

        post_migrate.connect(keys_record, sender=self, dispatch_uid="shopkeep.privacy.keys_record")
        health.check_register("keys", canary_health)
