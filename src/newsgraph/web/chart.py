"""A small server-drawn SVG bar chart of quotations per month (no script needed to read it)."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

BAR, GAP, HEIGHT = 18, 4, 120
TOP = 14  # room above the tallest bar for its count
LABEL = 34  # room below the bars for the month labels
RIGHT = 28  # room right of the last bar: its label is wider than a bar
MAX_MONTHS = 36  # beyond three years, bars per year: a month's bar would be too thin to see
MAX_YEARS = 100  # a store's dates come from untrusted articles: chart the latest century at most

# said_on comes from the article; only a real YYYY-MM is charted (anything else would not be a month).
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def month_range(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` inclusive, as YYYY-MM."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def periods(counts: list[dict[str, Any]]) -> tuple[list[str], dict[str, int]]:
    """The periods to draw (months, or years over long spans; empty ones too) and the count of each."""
    dated: dict[str, int] = {}
    for row in counts:
        if isinstance(row["month"], str) and _MONTH.fullmatch(row["month"]):
            dated[row["month"]] = dated.get(row["month"], 0) + row["quotes"]
    if not dated:
        return [], {}
    months = month_range(min(dated), max(dated))
    if len(months) <= MAX_MONTHS:
        return months, dated
    yearly: dict[str, int] = {}
    for month, count in dated.items():
        yearly[month[:4]] = yearly.get(month[:4], 0) + count
    last = int(max(yearly))
    years = [f"{year:04d}" for year in range(max(int(min(yearly)), last - MAX_YEARS + 1), last + 1)]
    return years, {year: yearly.get(year, 0) for year in years}


def months_chart(counts: list[dict[str, Any]], title: str) -> Markup:
    """Bars per month (per year over long spans; empty periods drawn too); empty Markup when nothing is dated."""
    labels, dated = periods(counts)
    if not labels or not any(dated.values()):
        return Markup("")
    peak = max(dated.values())
    width = len(labels) * (BAR + GAP) + GAP + RIGHT
    total = TOP + HEIGHT + LABEL
    parts = [f'<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 {width} {total}" '
             f'width="{width}" height="{total}" preserveAspectRatio="xMinYMin meet">'
             f'<title id="chart-title">{escape(title)}</title>']
    labelled = -10
    for index, label in enumerate(labels):
        count = dated.get(label, 0)
        height = round(HEIGHT * count / peak) if count else 0
        x = GAP + index * (BAR + GAP)
        parts.append(f'<g><title>{label}: {count} quotation{"s" if count != 1 else ""}</title>'
                     f'<rect x="{x}" y="{TOP + HEIGHT - height}" width="{BAR}" height="{height}" class="bar"/>'
                     f'<rect x="{x}" y="0" width="{BAR}" height="{TOP + HEIGHT}" class="hit"/></g>')
        if count:
            parts.append(f'<text x="{x + BAR / 2}" y="{TOP + HEIGHT - height - 3}" class="count">{count}</text>')
        # Label the first month, each January and the last, never closer than three bars apart.
        if (index == 0 or len(label) == 4 or label.endswith("-01") or index == len(labels) - 1) \
                and index - labelled >= (2 if len(label) == 4 else 3):
            labelled = index
            parts.append(f'<text x="{x}" y="{TOP + HEIGHT + 14}" class="month">{label}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
