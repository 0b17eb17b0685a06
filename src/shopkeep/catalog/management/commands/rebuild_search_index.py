"""`shopkeep rebuild_search_index`: refill the product search index from the products."""

import time

from django.core.management.base import BaseCommand

from shopkeep.catalog.search_index import search_index_rebuild


class Command(BaseCommand):
    help = ("Refill the product search index from the products (triggers keep it current; this is for a "
            "database restored from elsewhere or changed with triggers off).")

    def handle(self, *args, **options):
        started = time.monotonic()
        search_index_rebuild()
        self.stdout.write(f"The search index was rebuilt in {time.monotonic() - started:.1f} s.")
