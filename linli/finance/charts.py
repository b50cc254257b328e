"""Bar charts drawn here as inline SVG: no CDN, no script, readable on a phone and on paper.

Each row puts its label above its bar, so long Chinese labels never squeeze the bars. The chart
has a <title> for screen readers; pages show the same figures in a table beside it.
"""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from linli.finance.money import yuan

WIDTH = 360
ROW = 44
BAR = 16
PALETTE = ["#a3262a", "#0b4f9c", "#1d6b35", "#8a5300", "#5b3b8c", "#2f6f6f"]


def bars(rows: Sequence[tuple[str, int]], title: str, *, unit: str = "") -> SafeString:
    """One bar per (label, fen) row, scaled to the largest; negative values draw as zero."""
    if not rows:
        return mark_safe("")
    top = max((max(0, v) for _, v in rows), default=0) or 1
    height = ROW * len(rows) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = i * ROW + 4
        length = round((WIDTH - 110) * max(0, value) / top)
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<text x="0" y="{y + 14}" font-size="14" fill="#1b1b1b">{escape(label)}</text>')
        parts.append(
            f'<rect x="0" y="{y + 20}" width="{max(length, 2)}" height="{BAR}" rx="3" fill="{color}"/>'
        )
        parts.append(
            f'<text x="{max(length, 2) + 6}" y="{y + 34}" font-size="14" fill="#1b1b1b">'
            f"{escape(yuan(value))}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text escaped above


def paired_bars(
    rows: Sequence[tuple[str, int, int]], title: str, legend: tuple[str, str], *, unit: str = ""
) -> SafeString:
    """Two bars per row (e.g. budget and spent), with a legend on top."""
    if not rows:
        return mark_safe("")
    top = max((max(0, a, b) for _, a, b in rows), default=0) or 1
    row_h = 64
    height = row_h * len(rows) + 30
    colors = ("#8a857c", "#a3262a")
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
    ]
    x = 0
    for name, color in zip(legend, colors, strict=True):
        parts.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{color}"/>')
        parts.append(f'<text x="{x + 20}" y="16" font-size="14" fill="#1b1b1b">{escape(name)}</text>')
        x += 130
    for i, (label, a, b) in enumerate(rows):
        y = 30 + i * row_h
        parts.append(f'<text x="0" y="{y + 14}" font-size="14" fill="#1b1b1b">{escape(label)}</text>')
        for j, (value, color) in enumerate(((a, colors[0]), (b, colors[1]))):
            length = max(2, round((WIDTH - 110) * max(0, value) / top))
            yy = y + 20 + j * 20
            parts.append(f'<rect x="0" y="{yy}" width="{length}" height="16" rx="3" fill="{color}"/>')
            parts.append(
                f'<text x="{length + 6}" y="{yy + 13}" font-size="12" fill="#1b1b1b">'
                f"{escape(yuan(value))}{escape(unit)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text escaped above
