from django.db import models


class PageVersion(models.Model):
    """The content version of the cached storefront pages when the cache is not shared (no Redis): one row that
    every process reads, bumped by every change a cached page may show (see storefront/page_cache.py)."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"page version {self.value}"
