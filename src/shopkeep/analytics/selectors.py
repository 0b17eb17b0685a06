"""Reads for the statistics dashboard and its CSV exports: sums of daily roll-ups over a date range."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from shopkeep.analytics.models import DIMENSION_MODELS, Conversion, DayConversion, DayTotal

TOP_LIMIT = 10


@dataclass(frozen=True)
class DayRow:
    day: dt.date
    views: int
    visitors: int
    bot_views: int
    private_views: int


@dataclass(frozen=True)
class Totals:
    views: int
    visitors: int
    bot_views: int
    private_views: int
    days: int

    @property
    def views_per_visitor(self) -> float:
        return self.views / self.visitors if self.visitors else 0.0


def stats_days(*, start: dt.date, end: dt.date) -> list[DayRow]:
    """One row per day from `start` to `end` inclusive, days without traffic as zeros."""
    found = {
        row["day"]: row
        for row in DayTotal.objects.filter(day__range=(start, end)).values(
            "day", "views", "visitors", "bot_views", "private_views"
        )
    }
    rows = []
    for offset in range((end - start).days + 1):
        day = start + dt.timedelta(days=offset)
        row = found.get(day, {})
        rows.append(DayRow(day, row.get("views", 0), row.get("visitors", 0), row.get("bot_views", 0), row.get("private_views", 0)))
    return rows


def stats_totals(days: list[DayRow]) -> Totals:
    """Sum the daily rows (unique visitors are per day, so their sum counts a returning visitor again)."""
    return Totals(
        views=sum(r.views for r in days),
        visitors=sum(r.visitors for r in days),
        bot_views=sum(r.bot_views for r in days),
        private_views=sum(r.private_views for r in days),
        days=len(days),
    )


def stats_breakdown(*, dimension: str, start: dt.date, end: dt.date, limit: int | None = TOP_LIMIT) -> list[tuple]:
    """(value, views) of one dimension over the range, most viewed first; hours come in clock order."""
    model = DIMENSION_MODELS[dimension]
    field = model.dimension
    rows = model.objects.filter(day__range=(start, end)).values(field).annotate(total=Sum("views"))
    if dimension == "hour":
        counts = {row[field]: row["total"] for row in rows}
        return [(hour, counts.get(hour, 0)) for hour in range(24)]
    rows = rows.order_by("-total", field)
    if limit:
        rows = rows[:limit]
    return [(row[field], row["total"]) for row in rows]


def stats_conversions(*, start: dt.date, end: dt.date) -> list[tuple]:
    """(day, cart additions, checkouts started, orders placed) per day in the range."""
    counts = {
        (row["day"], row["kind"]): row["count"]
        for row in DayConversion.objects.filter(day__range=(start, end)).values("day", "kind", "count")
    }
    rows = []
    for offset in range((end - start).days + 1):
        day = start + dt.timedelta(days=offset)
        rows.append((day, *(counts.get((day, kind), 0) for kind in Conversion.values)))
    return rows
