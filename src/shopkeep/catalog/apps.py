from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from shopkeep.catalog.search_index import search_index_ensure


def _search_index_ensure(sender, using, **kwargs) -> None:
    search_index_ensure(connections[using])


class CatalogConfig(AppConfig):
    name = "shopkeep.catalog"
    label = "catalog"

    def ready(self) -> None:
        from shopkeep.catalog.signals import models_connect

        models_connect()
        # SQLite drops a table's triggers when a migration rebuilds it: put the search index's back.
        post_migrate.connect(_search_index_ensure, sender=self, dispatch_uid="catalog-search-index")
