"""Realistic, made-up daily roll-ups for the demo and the benchmarks (no visitor is simulated one by one)."""

from __future__ import annotations

import datetime as dt
import math
import random

from django.db import transaction
from django.urls import NoReverseMatch, reverse

from shopkeep.analytics.models import ALL_MODELS, Conversion
from shopkeep.analytics.rollups import Rollup, rollup_write
from shopkeep.catalog.models import Category, Product

REFERRERS = {"(none)": 40, "google.com": 28, "duckduckgo.com": 6, "bing.com": 4, "instagram.com": 6,
             "facebook.com": 4, "pinterest.com": 4, "reddit.com": 2, "ecosia.org": 2, "news.ycombinator.com": 1,
             "startpage.com": 1, "t.co": 1, "youtube.com": 1}
COUNTRIES = {"DE": 22, "GB": 16, "FR": 10, "NL": 8, "US": 9, "SE": 6, "ES": 5, "IT": 5, "AT": 4, "BE": 3, "DK": 2,
             "IE": 2, "PL": 2, "CH": 2, "NO": 1, "FI": 1, "CA": 1, "AU": 1, "--": 2}
BROWSERS = {"Chrome": 34, "Mobile Safari": 22, "Chrome Mobile": 14, "Firefox": 8, "Safari": 7, "Edge": 7,
            "Samsung Internet": 4, "Opera": 1, "Firefox Mobile": 1, "Chrome Mobile iOS": 2}
PLATFORMS = {"Windows": 30, "iOS": 27, "Android": 22, "Mac OS X": 13, "Linux": 4, "Chrome OS": 2, "Other": 2}
DEVICES = {"desktop": 46, "mobile": 48, "tablet": 6}
# Visits by hour of day (UTC), a typical European shop's curve.
HOURS = [2, 1.2, 0.8, 0.6, 0.6, 1, 2, 3.5, 5, 5.5, 5.8, 6, 6.2, 6, 5.8, 5.8, 6, 6.3, 6.8, 7.4, 7.6, 6.6, 4.8, 3]
STATIC_PATHS = {"/": 120, "/search/": 18, "/cart/": 22, "/checkout/": 8, "/checkout/payment/": 5,
                "/checkout/review/": 4, "/account/": 3, "/account/login/": 5, "/?utm_medium=email&utm_source=newsletter": 9,
                "/?utm_campaign=summer-sale&utm_medium=social&utm_source=instagram": 6}


def traffic_seed(*, days: int, views: int, end: dt.date, seed: int = 1) -> int:
    """Replace the roll-ups of the `days` days ending at `end` with made-up traffic summing to `views`."""
    rng = random.Random(seed)
    start = end - dt.timedelta(days=days - 1)
    paths = _catalogue_paths()
    per_day = _split(views, [_day_weight(start + dt.timedelta(days=i), i, days, rng) for i in range(days)], rng)
    rollup = Rollup()
    for offset, day_views in enumerate(per_day):
        _seed_day(rollup, day=start + dt.timedelta(days=offset), views=day_views, paths=paths, rng=rng)
    with transaction.atomic():
        for model in ALL_MODELS:
            model.objects.filter(day__range=(start, end)).delete()
        rollup_write(rollup)
    return sum(per_day)


def _seed_day(rollup: Rollup, *, day: dt.date, views: int, paths: dict, rng: random.Random) -> None:
    private = round(views * rng.uniform(0.03, 0.05))
    counted = views - private
    totals = rollup.totals
    totals[(day, "views")] = views
    totals[(day, "private_views")] = private
    totals[(day, "visitors")] = round(counted / rng.uniform(2.6, 3.4))
    totals[(day, "bot_views")] = round(views * rng.uniform(0.08, 0.14))
    for name, weights in (("path", paths), ("referrer", REFERRERS), ("country", COUNTRIES), ("browser", BROWSERS),
                          ("platform", PLATFORMS), ("device", DEVICES), ("hour", dict(enumerate(HOURS)))):
        keys = list(weights)
        for key, n in zip(keys, _split(counted, [weights[k] for k in keys], rng)):
            if n:
                rollup.dimensions[name][(day, key)] = n
    carts = round(counted * rng.uniform(0.025, 0.035))
    checkouts = round(carts * rng.uniform(0.4, 0.5))
    for kind, n in zip(Conversion.values, (carts, checkouts, round(checkouts * rng.uniform(0.55, 0.7)))):
        rollup.conversions[(day, kind)] = n


def _day_weight(day: dt.date, index: int, days: int, rng: random.Random) -> float:
    weekend = 1.18 if day.weekday() >= 5 else 1.0
    growth = 1 + 0.25 * index / max(days, 1)
    return weekend * growth * (1 + 0.1 * math.sin(index / 5)) * rng.uniform(0.9, 1.1)


def _split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """Divide `total` in proportion to jittered weights; the parts add up to `total` exactly."""
    jittered = [w * rng.uniform(0.85, 1.15) for w in weights]
    scale = total / sum(jittered)
    shares = [w * scale for w in jittered]
    parts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _catalogue_paths() -> dict[str, float]:
    """Page paths with Zipf-like weights: the shop's real products and categories when there are any."""
    paths = dict(STATIC_PATHS)
    pages = [("catalog:category", slug) for slug in Category.objects.values_list("slug", flat=True)[:20]]
    pages += [("catalog:product", slug) for slug in Product.objects.values_list("slug", flat=True)[:180]]
    if not pages:
        pages = [("catalog:product", f"demo-product-{n}") for n in range(1, 151)]
    for rank, (name, slug) in enumerate(pages, start=1):
        try:
            path = reverse(name, args=[slug])
        except NoReverseMatch:
            path = f"/p/{slug}/"
        paths[path] = 60 / rank**1.05
    return paths
