"""Flags for editors: things in the article a careful sub-editor would query.

- `name_spelling`: a name spelled differently than elsewhere ("Zelesnkyy" in the headline).
- `unattributed_quote`: a quotation with no findable speaker.
- `ambiguous_speaker`: a quotation whose source ("he", "officials") resolves to no one.
- `unbalanced_quotes`: a quotation mark with no partner (and a quotation left open at the end of a
  paragraph that the next paragraph does not continue).
- `quote_spans_article`: one quotation covers most of the article (a missing closing mark, usually).
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc

from ..record import ArticleRecord, Flag, Span
from ..settings import Settings
from .quotemarks import QuoteMarks, quote_marks

# One quotation covering more than this share of the body is almost always a missing closing mark.
_WHOLE_ARTICLE_SHARE = 0.8
_NEXT_CHARACTER = re.compile(r"\S")


def _spelling_flags(record: ArticleRecord) -> list[Flag]:
    flags = []
    for entity in record.entities:
        variants = [m for m in entity.mentions if m.kind == "variant"]
        if not variants:
            continue
        words = Counter(w for m in entity.mentions if m.kind == "name" for w in m.span.text.split())
        for spelling in sorted({m.span.text for m in variants}):
            usual_text = min(words, key=lambda w: (Levenshtein.distance(w, spelling), -words[w]), default=entity.name)
            spans = [m.span for m in variants if m.span.text == spelling]
            flags.append(Flag(
                "name_spelling",
                f"“{spelling}” is spelled “{usual_text}” elsewhere in the article ({entity.name}).",
                spans,
            ))
    return flags


def _speaker_flags(record: ArticleRecord) -> list[Flag]:
    flags = []
    for quote in record.quotes:
        if quote.speaker is not None or quote.inherited_from is not None:
            continue
        if quote.source is None:
            flags.append(Flag("unattributed_quote", "Quotation with no findable speaker.", list(quote.content)))
        else:
            flags.append(Flag(
                "ambiguous_speaker",
                f"The speaker “{quote.source.text}” could not be identified in the article.",
                [quote.source],
            ))
    return flags


def _mark_flags(doc: Doc, record: ArticleRecord, marks: QuoteMarks) -> list[Flag]:
    text = record.text
    flags = []
    for position in marks.stray_marks:
        if not record.in_boilerplate(position, position + 1):
            flags.append(Flag("unbalanced_quotes", "Quotation mark with no matching partner.",
                              [Span.of(text, position, position + 1)]))
    for region in marks.regions:
        if region.closed or record.in_boilerplate(region.start, region.end):
            continue
        following = _NEXT_CHARACTER.search(text, region.end)  # not the rest of the text, lstripped: per region
        if following and following.group() in "\"“„«'‘":
            continue  # a quotation over several paragraphs: each opens again, only the last closes
        flags.append(Flag("unbalanced_quotes", "Quotation opened but never closed.",
                          [Span.of(text, region.start, min(region.start + 1, len(text)))]))
    body = record.layout.body or Span.of(text, 0, len(text))
    body_length = max(1, body.end - body.start)
    for region in marks.regions:
        if (region.end - region.start) / body_length > _WHOLE_ARTICLE_SHARE and body_length > 200:
            flags.append(Flag("quote_spans_article", "One quotation covers most of the article: a closing "
                              "quotation mark is probably missing.", [Span.of(text, region.start, region.end)]))
    return flags


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Fill `record.flags`."""
    record.flags = [*_spelling_flags(record), *_speaker_flags(record), *_mark_flags(doc, record, quote_marks(doc))]
