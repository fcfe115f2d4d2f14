"""Cleaning: the article's layout (headline, standfirst, byline, body), its boilerplate, its language.

Runs before parsing, on the text alone. Boilerplate is not cut out (offsets are sacred): it is
recorded as spans that the engine blanks before parsing, so that nothing in a promotion becomes
an entity or a quotation.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from .. import lexicons
from ..errors import InputError
from ..names import is_known_outlet
from ..record import ArticleDraft, ArticleRecord, BoilerplateSpan, Layout, Span
from ..settings import Settings

# A headline is one line of at most this many characters.
_MAX_HEADLINE_CHARS = 300
_MAX_STANDFIRST_CHARS = 500
# Bylines stand in the first paragraphs (or the last, "Reporting by ...").
_BYLINE_PARAGRAPHS = 4
# Language identification needs some text to be sure; fewer words than this are not judged.
_MIN_WORDS_FOR_LANGUAGE = 15
_LANGUAGE_SAMPLE_CHARS = 2000
_TERMINAL = ".!?…\"”’'»)"


@cache
def _boilerplate_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((row[0], re.compile(row[1], re.IGNORECASE)) for row in lexicons.table("boilerplate.tsv"))


@cache
def _byline_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((row[0], re.compile(row[1])) for row in lexicons.table("bylines.tsv"))


@cache
def _language_identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE, norm_probs=True)


def paragraphs(text: str) -> list[Span]:
    """Every non-empty line of `text` as a span without its surrounding whitespace."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span.of(text, start, end))
    return spans


def boilerplate_kind(paragraph: str) -> str | None:
    """The kind of promotion or furniture `paragraph` is, or None for article text."""
    for kind, pattern in _boilerplate_patterns():
        if pattern.match(paragraph):
            return kind
    return None


def _outside(parts: list[Span], boilerplate: list[BoilerplateSpan]) -> list[Span]:
    """The paragraphs that are not boilerplate (found by start, not by a scan of the boilerplate
    for each paragraph: a page of thousands of promotions made that quadratic)."""
    excluded = {b.start for b in boilerplate}
    return [p for p in parts if p.start not in excluded]


def _assemble(draft: ArticleDraft) -> str:
    text = draft.text
    headline = (draft.headline or "").strip()
    if headline and not text.lstrip().startswith(headline):
        return f"{headline}\n\n{text}"
    return text


def _layout(text: str, parts: list[Span], boilerplate: list[BoilerplateSpan]) -> Layout:
    content = _outside(parts, boilerplate)
    layout = Layout()
    if not content:
        return layout
    first = content[0]
    if len(first.text) <= _MAX_HEADLINE_CHARS and len(content) > 1:
        layout.headline = first
        second = content[1]
        is_summary = second.text[-1] not in _TERMINAL or _find_byline([second]) is not None
        if len(content) > 2 and len(second.text) <= _MAX_STANDFIRST_CHARS and is_summary:
            layout.standfirst = second
    body_start = (layout.standfirst or layout.headline or Span(0, 0, "")).end
    body = [p for p in content if p.start >= body_start]
    if body:
        layout.body = Span.of(text, body[0].start, body[-1].end)
    return layout


def _find_byline(candidates: list[Span]) -> tuple[Span, str, str | None] | None:
    """(span of the byline phrase, reporter names, outlet) in the first matching paragraph."""
    for paragraph in candidates:
        for scope, pattern in _byline_patterns():
            match = pattern.match(paragraph.text) if scope == "line" else pattern.search(paragraph.text)
            if match is None:
                continue
            groups = match.groupdict()
            outlet, names = groups.get("outlet"), groups["name"].strip()
            head, _, last = names.rpartition(", ")
            if outlet is None and head and is_known_outlet(last):
                names, outlet = head, last  # "By Jane Doe and John Roe, Reuters"
            bounds = [match.span("name"), *([match.span("outlet")] if groups.get("outlet") else [])]
            start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
            span = Span(paragraph.start + start, paragraph.start + end, paragraph.text[start:end])
            return span, names, outlet.strip() if outlet else None
    return None


def _check_language(text: str, boilerplate: list[BoilerplateSpan], settings: Settings, origin: str) -> None:
    body = "\n".join(p.text for p in _outside(paragraphs(text), boilerplate))
    if len(body.split()) < _MIN_WORDS_FOR_LANGUAGE:
        return
    language, confidence = _language_identifier().classify(body[:_LANGUAGE_SAMPLE_CHARS])
    if language != "en" and confidence >= settings.min_language_confidence:
        raise InputError("not_english", f"the text is not English (detected language: {language}, "
                         f"confidence {confidence:.2f}); newsgraph analyses English news", origin)


def prepare(draft: ArticleDraft, settings: Settings) -> ArticleRecord:
    """The record of `draft` before parsing: text, layout, byline, boilerplate, language.

    Raises InputError `empty`, `too_large` or `not_english`.
    """
    origin = draft.origin or draft.id
    text = _assemble(draft)
    if not any(c.isalpha() for c in text):
        raise InputError("empty", "the input has no text to analyse", origin)
    if len(text) > settings.max_text_chars:
        raise InputError("too_large", f"{len(text):,} characters is over the limit of "
                         f"{settings.max_text_chars:,}", origin)
    parts = paragraphs(text)
    boilerplate = [BoilerplateSpan(p.start, p.end, p.text, kind) for p in parts if (kind := boilerplate_kind(p.text))]
    _check_language(text, boilerplate, settings, origin)
    layout = _layout(text, parts, boilerplate)
    content = _outside(parts, boilerplate)
    credited = {b.start for b in boilerplate if b.kind == "reporting_credit"}
    credits = [p for p in parts if p.start in credited]
    found = _find_byline(content[:_BYLINE_PARAGRAPHS] + credits)
    byline, source = draft.byline, draft.source
    if found is not None:
        layout.byline, names, outlet = found
        byline = byline or names
        source = source or outlet
    headline = draft.headline or (layout.headline.text if layout.headline else None)
    return ArticleRecord(
        id=draft.id, text=text, headline=headline, byline=byline, published=published_day(draft.published),
        source=source, url=draft.url, language="en", layout=layout, boilerplate=boilerplate,
    )


def published_day(value: str | None) -> str | None:
    """An input's publication date as YYYY-MM-DD, or None when it is not a date.

    A JSON line's `published` is untrusted text: an ISO date or date-time and an RFC 2822 date (as feeds
    and HTTP headers write them) are read; anything else is dropped rather than stored, because every
    date in the record is resolved against it and the store orders and filters articles by it.
    """
    text = (value or "").strip()
    if not text:
        return None
    try:
        return (date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
