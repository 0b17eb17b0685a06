"""Daily roll-up counts in memory, and their atomic, additive write to the database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction

from shopkeep.analytics.models import DIMENSION_MODELS, DayConversion, DayTotal

TOTAL_FIELDS = ("views", "visitors", "bot_views", "private_views")


@dataclass
class Rollup:
    """Counts keyed by day: totals, one Counter per dimension, conversions. No per-visitor data."""

    totals: Counter = field(default_factory=Counter)  # (day, total field) -> n
    dimensions: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name in DIMENSION_MODELS})
    conversions: Counter = field(default_factory=Counter)  # (day, kind) -> n

    def __bool__(self) -> bool:
        return bool(self.totals or self.conversions or any(self.dimensions.values()))

    def merge(self, other: Rollup) -> None:
        self.totals.update(other.totals)
        self.conversions.update(other.conversions)
        for name, counts in other.dimensions.items():
            self.dimensions[name].update(counts)


def rollup_write(rollup: Rollup) -> None:
    """Add the roll-up's counts to the tables in one transaction (INSERT … ON CONFLICT DO UPDATE).

    The increment happens inside the database, so concurrent flushes from several processes
    add up exactly on SQLite (3.24+) and PostgreSQL. Rows are written in key order, so two
    writers always lock rows in the same order.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        days = sorted({day for day, _ in rollup.totals})
        if days:
            rows = [(day, *(rollup.totals[(day, name)] for name in TOTAL_FIELDS)) for day in days]
            _upsert(cursor, DayTotal, ("day",), TOTAL_FIELDS, rows)
        for name, model in DIMENSION_MODELS.items():
            counts = rollup.dimensions[name]
            if counts:
                rows = [(day, value, n) for (day, value), n in sorted(counts.items())]
                _upsert(cursor, model, ("day", model.dimension), ("views",), rows)
        if rollup.conversions:
            rows = [(day, kind, n) for (day, kind), n in sorted(rollup.conversions.items())]
            _upsert(cursor, DayConversion, ("day", "kind"), ("count",), rows)


def _upsert(cursor, model, keys: tuple[str, ...], counters: tuple[str, ...], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(model._meta.get_field(name).column) for name in (*keys, *counters)]
    key_columns = columns[: len(keys)]
    increments = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns[len(keys):])
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {increments}"
    )
    adapt = connection.ops.adapt_datefield_value
    cursor.executemany(sql, [(adapt(row[0]), *row[1:]) for row in rows])
