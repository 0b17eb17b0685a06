"""Geometry for the dashboard's server-rendered SVG charts (no JavaScript, no external assets)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


def nice_max(value: float) -> int:
    """A round axis maximum at or above `value` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return int(math.ceil(step * power))
    return int(10 * power)


def compact(n: float) -> str:
    """12,345 -> '12.3k'; short labels for axes."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= size:
            return f"{n / size:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{n:g}"


def line_chart(*, labels: list[str], series: list[tuple[str, str, list[int]]], width: int = 760, height: int = 260) -> dict:
    """Polylines for each (name, css class, values) series over the same x labels."""
    left, right, top, bottom = 56, 12, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = nice_max(max((v for _, _, values in series for v in values), default=0))
    count = max(len(labels), 1)
    step = plot_w / (count - 1) if count > 1 else 0

    def x(i: int) -> float:
        return round(left + i * step if count > 1 else left + plot_w / 2, 1)

    def y(v: int) -> float:
        return round(top + plot_h - v / top_value * plot_h, 1)

    lines = [
        {"name": name, "css": css, "points": " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values)),
         "last": values[-1] if values else 0}
        for name, css, values in series
    ]
    every = max(1, math.ceil(count / 8))
    x_ticks = [Tick(x(i), labels[i]) for i in range(0, count, every)] if labels else []
    y_ticks = [Tick(y(top_value * k / 4), compact(top_value * k / 4)) for k in range(5)]
    return {"width": width, "height": height, "left": left, "right": width - right, "top": top,
            "bottom": top + plot_h, "lines": lines, "x_ticks": x_ticks, "y_ticks": y_ticks}


def bar_chart(*, rows: list[tuple], width: int = 520, label_width: int = 190, bar_height: int = 22) -> dict:
    """Horizontal bars for (label, value) rows, the longest bar at the largest value."""
    gap = 6
    biggest = max((value for _, value in rows), default=0) or 1
    space = width - label_width - 70
    bars = [
        {"label": _shorten(str(label)), "full_label": str(label), "value": value,
         "y": i * (bar_height + gap), "text_y": i * (bar_height + gap) + bar_height * 0.7,
         "width": round(max(value / biggest * space, 1 if value else 0), 1),
         "value_x": round(label_width + value / biggest * space + 6, 1)}
        for i, (label, value) in enumerate(rows)
    ]
    height = max(len(rows) * (bar_height + gap), bar_height)
    return {"width": width, "height": height, "label_width": label_width, "bar_height": bar_height, "bars": bars}


def column_chart(*, rows: list[tuple], width: int = 760, height: int = 200) -> dict:
    """Vertical columns for (label, value) rows, e.g. the 24 hours of the day."""
    left, top, bottom = 44, 10, 28
    plot_h = height - top - bottom
    top_value = nice_max(max((v for _, v in rows), default=0))
    slot = (width - left) / max(len(rows), 1)
    columns = [
        {"label": label, "value": value, "x": round(left + i * slot + slot * 0.15, 1), "width": round(slot * 0.7, 1),
         "y": round(top + plot_h - value / top_value * plot_h, 1), "height": round(value / top_value * plot_h, 1),
         "label_x": round(left + i * slot + slot / 2, 1)}
        for i, (label, value) in enumerate(rows)
    ]
    y_ticks = [Tick(round(top + plot_h - plot_h * k / 4, 1), compact(top_value * k / 4)) for k in range(5)]
    return {"width": width, "height": height, "left": left, "bottom": top + plot_h, "columns": columns,
            "y_ticks": y_ticks, "label_y": top + plot_h + 18}


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
