"""A small server-drawn SVG bar chart of quotations per month (no script needed to read it)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

BAR, GAP, HEIGHT, LABEL = 18, 4, 120, 34


def month_range(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` inclusive, as YYYY-MM."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


MAX_MONTHS = 36  # beyond three years, bars per year: a month's bar would be too thin to see


def months_chart(counts: list[dict[str, Any]], title: str) -> Markup:
    """Bars per month (per year over long spans; empty periods drawn too); empty Markup when nothing is dated."""
    dated = {row["month"]: row["quotes"] for row in counts if row["month"] and len(row["month"]) == 7}
    if not dated:
        return Markup("")
    months = month_range(min(dated), max(dated))
    if len(months) > MAX_MONTHS:
        yearly: dict[str, int] = {}
        for month, count in dated.items():
            yearly[month[:4]] = yearly.get(month[:4], 0) + count
        dated = yearly
        months = [str(year) for year in range(int(min(yearly)), int(max(yearly)) + 1)]
    peak = max(dated.values())
    width = len(months) * (BAR + GAP) + GAP
    parts = [f'<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 {width} {HEIGHT + LABEL}" '
             f'width="{width}" height="{HEIGHT + LABEL}" preserveAspectRatio="xMinYMin meet">'
             f'<title id="chart-title">{escape(title)}</title>']
    labelled = -10
    for index, month in enumerate(months):
        count = dated.get(month, 0)
        height = round(HEIGHT * count / peak) if count else 0
        x = GAP + index * (BAR + GAP)
        parts.append(f'<g><title>{month}: {count} quotation{"s" if count != 1 else ""}</title>'
                     f'<rect x="{x}" y="{HEIGHT - height}" width="{BAR}" height="{height}" class="bar"/>'
                     f'<rect x="{x}" y="0" width="{BAR}" height="{HEIGHT}" class="hit"/></g>')
        if count:
            parts.append(f'<text x="{x + BAR / 2}" y="{HEIGHT - height - 3}" class="count">{count}</text>')
        # Label the first month, each January and the last, never closer than three bars apart.
        if (index == 0 or len(month) == 4 or month.endswith("-01") or index == len(months) - 1) \
                and index - labelled >= (2 if len(month) == 4 else 3):
            labelled = index
            parts.append(f'<text x="{x}" y="{HEIGHT + 14}" class="month">{month}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
