"""The Redis cache, falling back to a per-process memory cache while Redis is unreachable.

The cache holds only what can be rebuilt (the category menu, rate-limit counters, the day's
analytics salt), so a Redis outage must not turn pages into errors: each failing call is answered
by a local memory cache instead, with one log line per outage, and Redis is tried again after
RETRY_AFTER seconds. While it is down, rate limits count per process and visitor counts may
count a visitor once per process.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0
METHODS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many",
           "clear")


class FallbackRedisCache(RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # A Redis that does not answer must not hold a page for long.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._local = LocMemCache("shopkeep-fallback", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_since: float | None = None
        self._retry_at = 0.0

    def ping(self) -> bool:
        """Ask Redis itself (no fallback): True, or the connection error is raised."""
        return bool(self._cache.get_client(write=True).ping())

    def _call(self, name, *args, **kwargs):
        now = time.monotonic()
        if self._down_since is None or now >= self._retry_at:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                if self._down_since is None:
                    self._down_since = now
                    logger.warning("Redis cache unreachable (%s: %s); using a per-process memory cache until it "
                                   "is back", type(error).__name__, error)
                self._retry_at = now + RETRY_AFTER
            else:
                if self._down_since is not None:
                    logger.warning("Redis cache reachable again after %.0f s", now - self._down_since)
                    self._down_since = None
                return result
        return getattr(self._local, name)(*args, **kwargs)


def _delegate(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in METHODS:
    setattr(FallbackRedisCache, _name, _delegate(_name))
