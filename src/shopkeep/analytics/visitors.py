"""Unique visitors per day without a cookie (P-10).

A visitor key is HMAC-SHA256(daily salt, IP + user agent + site). The salt is random, lives
only in the cache and expires when its day ends, so keys of two days cannot be linked, not
even by the shop. The key itself is only ever a cache key that expires with the day: the
database receives the count of keys seen, never a key.
"""

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.cache import cache
from django.utils import timezone

SALT_KEY = "analytics:salt:{day}"
VISITOR_KEY = "analytics:uv:{day}:{key}"
MIN_TIMEOUT = 60


def seconds_left(day: dt.date, *, now: dt.datetime | None = None) -> int:
    """Seconds until `day` ends in the shop's time zone (at least a minute, for late flushes)."""
    now = now or timezone.localtime()
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min), now.tzinfo)
    return max(int((end - now).total_seconds()), MIN_TIMEOUT)


def daily_salt(day: dt.date) -> bytes:
    """The day's random salt: created once (race-free via cache.add), gone when the day ends."""
    key = SALT_KEY.format(day=day.isoformat())
    salt = cache.get(key)
    if salt is None:
        fresh = secrets.token_hex(32)
        cache.add(key, fresh, timeout=seconds_left(day))
        salt = cache.get(key) or fresh
    return salt.encode()


def visitor_key(*, day: dt.date, ip: str, user_agent: str, site: str, salt: bytes | None = None) -> str:
    """The visitor's key for `day`: a keyed hash that changes every day."""
    message = f"{ip}\n{user_agent}\n{site}".encode()
    return hmac.new(salt or daily_salt(day), message, hashlib.sha256).hexdigest()


def visitor_first_seen(*, day: dt.date, key: str) -> bool:
    """True the first time `key` is seen on `day` (across processes sharing the cache)."""
    return cache.add(VISITOR_KEY.format(day=day.isoformat(), key=key), 1, timeout=seconds_left(day))
