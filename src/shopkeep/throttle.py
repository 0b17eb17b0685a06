"""The one rate limiter: fixed-window counters in the "throttle" cache, which every worker shares (Redis when
SHOPKEEP_REDIS_URL is set, otherwise a database table). django-axes keeps its login counts there too.

A limit is a `Rate` (so many hits per so many seconds) under a scope name; what is counted is a key
such as a client address, a cart token or an email address. Keys are stored only as keyed hashes, so
the cache holds no address or email. Callers either ask `throttle_hit` (count one and say whether it is
still allowed) or count failures with `throttle_count_failure` and check `throttle_blocked` first.

`throttled(scope, ...)` is the view decorator: past the limit a POST gets a 429 page (or JSON for an API
door) saying when to try again, and the view is not run.
"""

from __future__ import annotations

import ipaddress
import json
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac

from shopkeep.conf import conf
from shopkeep.http import client_ip


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.period / 60))


# Each scope's limit. Generous for people, tight for scripts: a person fills the registration form a few
# times an hour at most; a card-testing bot wants hundreds of tokens a minute.
RATES = {
    "password_reset": Rate(5, 3600),  # reset emails asked from one client address
    "password_reset_email": Rate(3, 3600),  # reset emails to one address, whoever asks
    "register": Rate(10, 3600),
    "newsletter": Rate(10, 3600),
    "coupon": Rate(10, 600),  # coupon codes tried from one client address
    "sandbox_token": Rate(30, 60),  # card tokens made from one client address
    "checkout": Rate(20, 600),  # checkout attempts from one client address
    "privacy_request": Rate(5, 3600),
    "second_factor": Rate(10, 600),  # codes tried for one account
    "reauth": Rate(5, 900),  # passwords typed on one session's lock or confirmation screen
}


class Throttled(Exception):
    """Too many attempts: `message` says what happened and when to try again; `retry_after` is seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _cache():
    return caches["throttle"]


def _key(scope: str, key: str) -> str:
    digest = salted_hmac("shopkeep.throttle", f"{scope}\0{key}", algorithm="sha256").hexdigest()[:40]
    return f"throttle:{scope}:{digest}"


def _window(rate: Rate) -> tuple[int, int]:
    now = int(time.time())
    start = now - now % rate.period
    return start, start + rate.period - now


def throttle_count(scope: str, key: str, *, rate: Rate | None = None) -> int:
    """How many hits `key` has under `scope` in the current window."""
    rate = rate or RATES[scope]
    start, _ = _window(rate)
    return int(_cache().get(f"{_key(scope, key)}:{start}", 0))


def throttle_counts(pairs: list[tuple[str, str]], *, rate: Rate) -> list[int]:
    """The counts of several (scope, key) pairs under one `rate` in the current window, read in one round trip."""
    start, _ = _window(rate)
    names = [f"{_key(scope, key)}:{start}" for scope, key in pairs]
    found = _cache().get_many(names) if names else {}
    return [int(found.get(name, 0)) for name in names]


def throttle_add(scope: str, key: str, *, rate: Rate | None = None) -> int:
    """Count one hit; return the count in the current window (this hit included)."""
    rate = rate or RATES[scope]
    start, remaining = _window(rate)
    name = f"{_key(scope, key)}:{start}"
    cache = _cache()
    cache.add(name, 0, timeout=remaining + 1)
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=remaining + 1)
        return 1


def throttle_hit(scope: str, key: str | None, *, rate: Rate | None = None) -> None:
    """Count one attempt by `key`; raise Throttled if it goes past the limit. No key (unknown client): no limit."""
    if not key or _exempt(key):
        return
    rate = rate or RATES[scope]
    if throttle_add(scope, key, rate=rate) > rate.limit:
        raise Throttled(throttled_sentence(rate), retry_after=_window(rate)[1])


def _exempt(key: str) -> bool:
    """True when `key` is a client address in SHOPKEEP_RATE_LIMIT_EXEMPT (emails and carts are never exempt)."""
    exempt = conf.rate_limit_exempt
    if not exempt:
        return False
    try:
        address = ipaddress.ip_address(key)
    except ValueError:
        return False
    return any(address in network for network in exempt)


def throttle_blocked(scope: str, key: str | None, *, rate: Rate | None = None) -> bool:
    """True when `key` already used up its limit under `scope` (without counting anything)."""
    rate = rate or RATES[scope]
    return bool(key) and throttle_count(scope, key, rate=rate) >= rate.limit


def throttle_reset(scope: str, key: str, *, rate: Rate | None = None) -> None:
    rate = rate or RATES[scope]
    _cache().delete(f"{_key(scope, key)}:{_window(rate)[0]}")


def throttled_sentence(rate: Rate) -> str:
    return (f"Too many attempts in a short time. Please wait up to {rate.minutes} minute"
            f"{'s' if rate.minutes != 1 else ''} and try again.")


def throttled_response(request, error: Throttled, *, json_body: bool = False) -> HttpResponse:
    """A 429 answer: a page that says when to try again, or `{"detail": ...}` for API clients."""
    if json_body:
        response = HttpResponse(json.dumps({"detail": error.message}), status=429, content_type="application/json")
    else:
        response = HttpResponse(render_to_string("429.html", {"message": error.message}, request=request),
                                status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def throttled(scope: str, *, methods: tuple[str, ...] = ("POST",), json_body: bool = False):
    """View decorator: count each `methods` request per client address under `scope`; 429 past the limit."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                try:
                    throttle_hit(scope, client_ip(request))
                except Throttled as error:
                    return throttled_response(request, error, json_body=json_body)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
