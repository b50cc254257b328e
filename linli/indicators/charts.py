"""Trends as inline SVG (no chart service, no script): a line of up to 12 periods and the goal."""

import datetime as dt
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def sparkline(
    points: Sequence[tuple[dt.date, float | None]],
    *,
    goal: float | None = None,
    title: str = "",
    width: int = 132,
    height: int = 36,
) -> SafeString:
    values = [v for _, v in points if v is not None]
    if not values:
        return format_html('<span class="muted">{}</span>', "—")
    lo = min([*values, goal] if goal is not None else values)
    hi = max([*values, goal] if goal is not None else values)
    span = (hi - lo) or 1.0
    pad = 3
    step = (width - 2 * pad) / max(len(points) - 1, 1)

    def y(v: float) -> float:
        return round(height - pad - (v - lo) / span * (height - 2 * pad), 1)

    coords = [(round(pad + i * step, 1), y(v)) for i, (_, v) in enumerate(points) if v is not None]
    line = " ".join(f"{x},{yy}" for x, yy in coords)
    goal_line = (
        format_html(
            '<line x1="0" x2="{}" y1="{}" y2="{}" class="goal" stroke="#888" stroke-dasharray="3 3"/>',
            width,
            y(goal),
            y(goal),
        )
        if goal is not None
        else ""
    )
    dots = format_html_join("", '<circle cx="{}" cy="{}" r="2"/>', coords[-1:])
    return format_html(
        '<svg class="spark" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}">'
        '<title>{}</title>{}<polyline fill="none" stroke="currentColor" stroke-width="2" points="{}"/>{}</svg>',
        title,
        width,
        height,
        width,
        height,
        title,
        goal_line,
        line,
        dots,
    )
