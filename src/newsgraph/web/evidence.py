"""The evidence view's highlights: every stored fact of an article as a span over its text."""

from __future__ import annotations

from markupsafe import Markup

from .data import ArticleData
from .highlight import Highlight, render, segments


def highlights(data: ArticleData, entity_url: str = "/-/entity/") -> list[Highlight]:
    """Quotations (content, cue, source), entity mentions, dates, flags and boilerplate of one article."""
    found: list[Highlight] = []
    for piece in data.boilerplate:
        found.append(Highlight(piece["start"], piece["end"], "boilerplate",
                               attrs=(("title", f"Not analysed: {piece['kind'].replace('_', ' ')}"),
                                      ("data-kind", piece["kind"]))))
    for quote in data.quotes:
        quote_attrs = (("data-quote", str(quote["id"])), ("data-kind", quote["kind"]))
        for index, span in enumerate(quote["spans"]):
            first = (("id", f"text-q{quote['id']}"), ("tabindex", "0"), ("role", "button"),
                     ("aria-controls", f"quote-{quote['id']}")) if index == 0 else (("tabindex", "-1"),)
            found.append(Highlight(span["start"], span["end"], "quote", attrs=(
                *quote_attrs, *first, ("class", f"kind-{quote['kind']}"),
                ("title", f"Quotation by {quote['speaker'] or 'an unknown speaker'} ({quote['kind']})"))))
        if quote["cue_start"] is not None and quote["cue_end"] is not None:
            found.append(Highlight(quote["cue_start"], quote["cue_end"], "cue",
                                   attrs=(*quote_attrs, ("title", "Reporting cue"))))
        if quote["source_start"] is not None and quote["source_end"] is not None:
            found.append(Highlight(quote["source_start"], quote["source_end"], "source",
                                   attrs=(*quote_attrs, ("title", f"Speaker: {quote['speaker'] or 'unresolved'}"))))
    linked: list[tuple[int, int]] = []
    for mention in data.mentions:
        # Links must not nest: a mention overlapping one already linked is drawn as a plain span.
        overlaps = any(start < mention["end"] and mention["start"] < end for start, end in linked)
        if not overlaps:
            linked.append((mention["start"], mention["end"]))
        found.append(Highlight(mention["start"], mention["end"], "mention", tag="span" if overlaps else "a", attrs=(
            ("href", f"{entity_url}{mention['entity_id']}"), ("class", f"type-{mention['type']}"),
            ("title", f"{mention['name']} ({mention['type']}, {mention['kind']})"))))
    for date in data.dates:
        found.append(Highlight(date["start"], date["end"], "date", attrs=(
            ("title", f"Date: {date['value'] or 'unresolved'} ({date['precision']}"
                      f"{', relative' if date['relative'] else ''})"),)))
    for flag in data.flags:
        for span in flag["spans"]:
            found.append(Highlight(span["start"], span["end"], "flag", tag="mark", attrs=(
                ("title", flag["message"]), ("data-flag", flag["type"]))))
    return found


def evidence_html(data: ArticleData, entity_url: str = "/-/entity/") -> Markup:
    """The article's full text with every highlight in place; entities link below `entity_url`."""
    return render(segments(data.article["text"], highlights(data, entity_url)))
