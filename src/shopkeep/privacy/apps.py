from django.apps import AppConfig
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
