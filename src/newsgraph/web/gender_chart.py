"""A server-drawn SVG chart of who gets quoted: one bar per row (overall, an outlet, a month) split
into women, men and unknown, each part as wide as its share of the people quoted; no script."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from ..store.sources import GENDERS

ROW, GAP, LABEL, BAR = 18, 6, 150, 300  # a row's height, the space between rows, the label and bar widths
MAX_LABEL = 22  # characters of a group's name shown beside its bar (the table has it whole)


def gender_chart(rows: Sequence[dict[str, Any]], title: str, measure: str = "people") -> Markup:
    """Stacked bars of `measure` ("people" or "quotes") by gender for each row ({"group", measure:
    {gender: count, "total": n}}); empty Markup when nothing was counted."""
    rows = [row for row in rows if row[measure]["total"]]
    if not rows:
        return Markup("")
    height = len(rows) * (ROW + GAP) + GAP + ROW
    width = LABEL + BAR + 10
    parts = [f'<svg class="chart gender-chart" role="img" aria-labelledby="gender-chart-title" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet">'
             f'<title id="gender-chart-title">{escape(title)}</title>']
    for index, row in enumerate(rows):
        y = GAP + index * (ROW + GAP)
        label = str(row["group"] or "(none)")
        shown = label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"
        parts.append(f'<text x="0" y="{y + ROW - 5}" class="label">{escape(shown)}</text>')
        total, x = row[measure]["total"], float(LABEL)
        for gender in GENDERS:
            count = row[measure][gender]
            if not count:
                continue
            part = BAR * count / total
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{part:.1f}" height="{ROW}" class="part {gender}">'
                         f"<title>{escape(label)}: {count} {gender} of {total} ({100 * count / total:.0f}%)</title>"
                         "</rect>")
            x += part
    legend_y = GAP + len(rows) * (ROW + GAP) + ROW - 6
    for offset, gender in zip((0, 90, 170), GENDERS, strict=True):
        parts.append(f'<rect x="{LABEL + offset}" y="{legend_y - 9}" width="10" height="10" class="part {gender}"/>'
                     f'<text x="{LABEL + offset + 14}" y="{legend_y}" class="label">{gender}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
