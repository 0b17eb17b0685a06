"""The dashboard's tables: titles, column headings and rows, shared by the page and the CSV exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shopkeep.analytics import selectors


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    headings: tuple[str, ...]
    rows: list[tuple]


BREAKDOWNS = [
    ("pages", "path", "Top pages", "Page"),
    ("referrers", "referrer", "Referring sites", "Referring domain"),
    ("countries", "country", "Countries", "Country"),
    ("browsers", "browser", "Browsers", "Browser"),
    ("platforms", "platform", "Platforms", "Platform"),
    ("devices", "device", "Devices", "Device"),
    ("hours", "hour", "Hour of day", "Hour (UTC)"),
]
SLUGS = {"days", "conversions", *(slug for slug, *_ in BREAKDOWNS)}


def report_table(*, slug: str, start: dt.date, end: dt.date, limit: int | None = None, days=None) -> Table:
    """One table of the dashboard over the range; `limit` caps breakdown rows (None: all, for export)."""
    if slug == "days":
        rows = [(r.day, r.views, r.visitors, r.bot_views, r.private_views) for r in (days or selectors.stats_days(start=start, end=end))]
        return Table(slug, "Page views and visitors per day",
                     ("Day", "Page views", "Unique visitors (that day)", "Bot views", "Private views (GPC/DNT)"), rows)
    if slug == "conversions":
        return Table(slug, "Conversions per day", ("Day", "Cart additions", "Checkouts started", "Orders placed"),
                     selectors.stats_conversions(start=start, end=end))
    for table_slug, dimension, title, heading in BREAKDOWNS:
        if table_slug == slug:
            rows = selectors.stats_breakdown(dimension=dimension, start=start, end=end, limit=limit)
            return Table(slug, title, (heading, "Page views"), [(display_value(dimension, v), n) for v, n in rows])
    raise LookupError(f"Unknown statistics table {slug!r}.")


def display_value(dimension: str, value) -> str:
    """How a stored value reads on the page: '--' is an unknown country, hours read as 09:00."""
    if dimension == "country" and value == "--":
        return "Unknown"
    if dimension == "referrer" and value == "(none)":
        return "Direct / none"
    if dimension == "hour":
        return f"{value:02d}:00"
    return str(value)
