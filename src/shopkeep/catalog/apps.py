from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "shopkeep.catalog"
    label = "catalog"
