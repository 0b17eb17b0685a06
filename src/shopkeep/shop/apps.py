from django.apps import AppConfig
from django.core import checks


class ShopConfig(AppConfig):
    name = "shopkeep.shop"
    label = "shop"
    verbose_name = "Shop identity and pages"

    def ready(self) -> None:
        from shopkeep.shop.checks import check_identity_not_demo

        checks.register(check_identity_not_demo, "shopkeep", checks.Tags.database)
