from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "shopkeep.catalog"
    label = "catalog"

    def ready(self) -> None:
        from shopkeep.catalog.signals import models_connect

        models_connect()
