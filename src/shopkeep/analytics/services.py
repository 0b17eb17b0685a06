"""Writes of the analytics app: turn buffered page views into daily roll-ups, record conversions, prune."""

from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.utils import timezone

from shopkeep.analytics import visitors
from shopkeep.analytics.agents import agent_classify
from shopkeep.analytics.countries import country_of
from shopkeep.analytics.models import ALL_MODELS, Conversion
from shopkeep.analytics.recorder import ConversionEvent, PageView, Recorder, recorder as default_recorder
from shopkeep.analytics.rollups import Rollup, rollup_write
from shopkeep.conf import conf

ALLOWED_QUERY = ("utm_campaign", "utm_medium", "utm_source")
SAFE_VALUE = re.compile(r"^[a-z0-9._-]{1,64}$")
DIRECT = "(none)"
MAX_PATH = 300


def conversion_record(kind: str) -> None:
    """Count one conversion step (cart_add, checkout_start, order_placed) for today; nothing else."""
    if kind not in Conversion.values:
        raise ValueError(f"Unknown conversion kind {kind!r}; use one of {', '.join(Conversion.values)}.")
    default_recorder.append(ConversionEvent(time.time(), kind))


def pageviews_flush(*, recorder: Recorder = default_recorder) -> Rollup:
    """Aggregate the buffered events into roll-ups and add them to the database; return what was written."""
    with recorder.flush_lock:
        rollup = pageviews_rollup(recorder.drain())
        if recorder.pending:
            rollup.merge(recorder.pending)
        recorder.pending = rollup  # kept if the write fails, retried by the next flush
        if rollup:
            rollup_write(rollup)
        recorder.pending = None
    return rollup


def pageviews_rollup(events: list) -> Rollup:
    """Count events by day and dimension; IPs and user agents are used here and then dropped."""
    rollup = Rollup()
    salts: dict[dt.date, tuple[bytes, int]] = {}
    tz = timezone.get_current_timezone()
    own_host = urlsplit(conf.base_url).hostname or ""
    for event in events:
        moment = dt.datetime.fromtimestamp(event.timestamp, tz)
        day = moment.date()
        if isinstance(event, ConversionEvent):
            rollup.conversions[(day, event.kind)] += 1
        elif event.private:
            rollup.totals[(day, "views")] += 1
            rollup.totals[(day, "private_views")] += 1
        else:
            _count_view(rollup, event, day=day, hour=moment.hour, salts=salts, own_host=own_host)
    return rollup


def _count_view(rollup: Rollup, event: PageView, *, day: dt.date, hour: int, salts: dict, own_host: str) -> None:
    agent = agent_classify(event.user_agent)
    if agent.device == "bot":
        rollup.totals[(day, "bot_views")] += 1
        return
    rollup.totals[(day, "views")] += 1
    dims = rollup.dimensions
    dims["path"][(day, path_clean(event.path, event.query))] += 1
    dims["referrer"][(day, referrer_domain(event.referrer, host=event.host, own_host=own_host))] += 1
    dims["country"][(day, country_of(event.ip))] += 1
    dims["browser"][(day, agent.browser)] += 1
    dims["platform"][(day, agent.platform)] += 1
    dims["device"][(day, agent.device)] += 1
    dims["hour"][(day, hour)] += 1
    if day not in salts:
        salts[day] = (visitors.daily_salt(day), visitors.seconds_left(day))
    salt, timeout = salts[day]
    key = visitors.visitor_key(day=day, ip=event.ip, user_agent=event.user_agent, site=host_name(event.host), salt=salt)
    if visitors.visitor_first_seen(day=day, key=key, timeout=timeout):
        rollup.totals[(day, "visitors")] += 1


def path_clean(path: str, query: str) -> str:
    """The path plus only the allowed campaign parameters (utm_*), values reduced to safe tokens."""
    kept = []
    if query:
        for name, value in parse_qsl(query, keep_blank_values=False):
            value = value.strip().lower()
            if name in ALLOWED_QUERY and SAFE_VALUE.match(value):
                kept.append((name, value))
    if kept:
        path = f"{path}?{urlencode(sorted(set(kept)))}"
    return path[:MAX_PATH]


def referrer_domain(referrer: str, *, host: str, own_host: str | None = None) -> str:
    """The referring site's host name only, '(none)' for direct visits and the shop's own pages."""
    if not referrer:
        return DIRECT
    try:
        name = (urlsplit(referrer).hostname or "").rstrip(".")
    except ValueError:
        return DIRECT
    if not name or not re.fullmatch(r"[\w.-]{1,253}", name):
        return DIRECT
    if own_host is None:
        own_host = urlsplit(conf.base_url).hostname or ""
    if name == own_host or name == host_name(host):
        return DIRECT
    return name.removeprefix("www.")


def host_name(host: str) -> str:
    """A Host header without its port ('[::1]:8000' -> '::1')."""
    host = host.lower()
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.partition(":")[0]
