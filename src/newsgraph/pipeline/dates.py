"""Temporal expressions, resolved to ISO values against the publication date (docs/dates.md).

Expressions are found with the patterns of data/dates_patterns.tsv (tight spans: "Thursday",
not "on Thursday"), helped by the tagger's DATE entities where a bare "May" or "2025" could be
something else. Each is resolved with a precision (pipeline/date_values.py); the tense of its
clause (pipeline/tense.py) decides which way a bare weekday or month points. Values that would be
guesses stay None: no publication date, a deictic word inside a quotation, a narrative anchor ("the
next day").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from string import Template

from spacy.tokens import Doc

from ..intervals import GrowingSpanIndex
from ..lexicons import mapping, table, word_list
from ..nlp import doc_text, line_bounds
from ..record import ArticleRecord, DateMention
from ..settings import Settings
from .date_values import resolve_kind
from .quotemarks import quote_marks
from .tense import tense_at

_DATE_LABELS = frozenset({"DATE", "TIME"})
# Tagger labels that make a bare month or year part of something else ("Theresa May", "2025 people").
_NOT_DATE_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "NORP",
                              "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
# Kinds whose direction (past or future) comes from the tense of the clause.
_TENSED = frozenset({"calendar", "month", "weekday", "holiday", "ahead", "weekend"})
# Kinds counted from the moment of speaking: inside a quotation that moment is unknown.
_DEICTIC = frozenset({"weekday", "deictic", "period", "ago", "ahead", "weekend", "anaphoric", "season"})


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Set `record.dates`: every temporal expression outside boilerplate, sorted by offset."""
    published = _published_date(record.published)
    text = doc_text(doc)
    marks = quote_marks(doc)
    mentions: list[DateMention] = []
    anchor: tuple[int, date] | None = None  # last fully written date: (offset, day)
    for start, end, kind, groups in _find(doc, text):
        if record.in_boilerplate(start, end):
            continue
        tense = tense_at(doc, start, end, text) if kind in _TENSED else "unknown"
        if kind == "ahead" and not groups.get("time") and tense != "future":
            continue  # "the first time in 30 years" is a stretch of time, not a date
        res = resolve_kind(kind, groups, published, tense)
        yearless = kind in ("calendar", "month") and not (groups.keys() & {"yrel", "mod"})
        if anchor and yearless and res.relative and line_bounds(doc, start)[0] <= anchor[0]:
            # "on November 15, 2017 ... on November 21": a narrative keeps its year (the date
            # nearest the last one written in full, in the same paragraph).
            res = resolve_kind(kind, groups, anchor[1], "unknown")
        if not res.relative and res.value and res.precision == "day":
            anchor = (end, date.fromisoformat(res.value))
        speaker_relative = kind in _DEICTIC or bool(groups.keys() & {"yrel", "mod"})
        value = None if speaker_relative and res.relative and marks.inside(start, end) else res.value
        mentions.append(DateMention(start, end, record.text[start:end], value, res.precision, res.relative))
    record.dates = mentions


def resolve(expression: str, published: date | None, tense: str) -> tuple[str | None, str]:
    """(ISO value or None, precision) of one temporal expression, e.g. ("2024-12-19", "day").

    `tense` is "past", "future", "present" or "unknown" (the last two give the nearest reading).
    Leading words that belong to no expression ("on", "going into") are skipped.
    """
    words = expression.split()
    text = " ".join(words)
    for skip in range(len(words)):
        # Matching inside the whole text lets a pattern look behind ("the" before "seventies").
        offset = len(" ".join(words[:skip])) + (1 if skip else 0)
        for kind, pattern in _grammar():
            match = pattern.fullmatch(text, offset)
            if match:
                res = resolve_kind(kind, _groups(match), published, tense)
                return res.value, res.precision
    return None, "unknown"


@cache
def _grammar() -> tuple[tuple[str, re.Pattern[str]], ...]:
    months = table("dates_months.tsv")
    numbers = mapping("dates_numbers.tsv")
    tens = "|".join(w for w, v in numbers.items() if int(v) % 10 == 0 and 20 <= int(v) < 100)
    units = "|".join(w for w, v in numbers.items() if 1 <= int(v) < 10 and " " not in w)
    fills = {
        "MONTH": _alternation([f for f, _, k in months if k == "full"]
                              + [rf"{re.escape(f)}\.?" for f, _, k in months if k == "abbr"], escape=False),
        "MONTH_FULL": _alternation([f for f, _, k in months if k == "full"]),
        "WEEKDAY": _alternation([row[0] for row in table("dates_weekdays.tsv")]),
        "DAY": r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?",
        "YEAR": r"(?:1\d{3}|20\d\d|21\d\d)",
        "NUM": rf"(?:\d{{1,3}}|(?:{tens})[-\s](?:{units})|{_alternation(numbers)})",
        "VAGUE": _alternation(word_list("dates_vague_quantities.txt")),
        "HOLIDAY": _alternation(row[0] for row in table("dates_holidays.tsv")).replace("'", "['’]"),
    }
    return tuple(
        (kind, re.compile(rf"(?<![\w$£€#@/-])(?:{Template(body).substitute(fills)})(?!\w|-[^\W\d]|[.,]\d)"))
        for kind, body in table("dates_patterns.tsv")
    )


def _alternation(items: Iterable[str], escape: bool = True) -> str:
    forms = sorted(items, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) if escape else f for f in forms) + ")"


def _groups(match: re.Match[str]) -> dict[str, str]:
    return {k: v for k, v in match.groupdict().items() if v is not None}


def _find(doc: Doc, text: str) -> list[tuple[int, int, str, dict[str, str]]]:
    """Non-overlapping expressions in the text: longest first, then by pattern priority."""
    found = []
    for priority, (kind, pattern) in enumerate(_grammar()):
        for match in pattern.finditer(text):
            groups = _groups(match)
            if _plausible(doc, text, kind, match, groups):
                start, end = match.span()
                found.append((start - end, priority, start, end, kind, groups))
    chosen: list[tuple[int, int, str, dict[str, str]]] = []
    taken = GrowingSpanIndex(len(text))
    for _, _, start, end, kind, groups in sorted(found, key=lambda f: f[:3]):
        if not taken.any_overlapping(start, end):
            chosen.append((start, end, kind, groups))
            taken.add(start, end)
    return sorted(chosen, key=lambda c: c[0])


def _plausible(doc: Doc, text: str, kind: str, match: re.Match[str], groups: dict[str, str]) -> bool:
    """Context checks that keep names, numbers and stretches of time out."""
    start, end = match.span()
    before = _words_before(text, start)
    previous, after = (before or [""])[-1], (text[end:end + 30].split() or [""])[0]
    mod, undated = " ".join(groups.get("mod", "").lower().split()), not groups.keys() & {"mod", "year"}
    if (mod in ("last", "next") and previous in word_list("dates_determiners.txt")) or (
        kind == "anaphoric" and previous in word_list("dates_duration_cues.txt")
    ):
        return False  # "the last week", "his last year in office", "the next Monday", "over the next week"
    word = groups.get("word", "")
    bare_month = kind == "month" and not (mod or groups.get("edge"))
    cued = previous in word_list("dates_cues.txt")
    named = (word == "Today" or bare_month) and not cued and _after_name(doc, start)
    if (word.lower() == "last" and previous == "the") or (word == "Today" and (named or previous == "the")):
        return False  # "the last night of the tour"; a title: "USA Today", "the Today programme"
    if bare_month and named:
        return False  # "Theresa May", "Brian May"
    if (kind == "season" and undated) or (kind == "holiday" and undated and after[:1].isupper()):
        return False  # "in the spring" is no particular year; "Easter Island" is a place
    if kind == "year" and after.lower().strip(",.;)") in word_list("dates_year_blockers.txt"):
        return False  # "(1620 UTC)", "1300 route kilometres"
    if kind == "weekend" or (kind == "holiday" and undated and " " not in groups["hol"]) or (
        kind in ("month", "year") and not (mod or groups.get("edge"))
    ):
        return _cued(doc, start, end, before)  # not "Christmas tree", "Theresa May", "2025 people"
    return True


def _after_name(doc: Doc, start: int) -> bool:
    """True when a proper noun of the same sentence comes just before: "USA Today", "Theresa May"."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    token = span[0] if span is not None and len(span) else None
    return token is not None and not token.is_sent_start and token.i > 0 and doc[token.i - 1].pos_ == "PROPN"


def _cued(doc: Doc, start: int, end: int, before: list[str]) -> bool:
    """A bare month, year or holiday: a date when tagged DATE or after a cue word, and not a name."""
    span = doc.char_span(start, end, alignment_mode="expand")
    labels = {t.ent_type_ for t in span} if span is not None else set()
    if labels & _DATE_LABELS:
        return True
    if labels & _NOT_DATE_LABELS:
        return False
    cues = word_list("dates_cues.txt")
    return bool(before) and (before[-1] in cues or " ".join(before[-2:]) in cues)


def _words_before(text: str, start: int) -> list[str]:
    """The (at most three) lower-cased words just before `start`, on the same line."""
    window_start = max(0, start - 40)  # the line's start matters only within the window
    line_start = text.rfind("\n", window_start, start) + 1
    return re.findall(r"[\w.'’-]+", text[max(line_start, window_start):start].lower())[-3:]


def _published_date(published: str | None) -> date | None:
    """The publication day; None when absent or not an ISO date (values then stay None, never a guess)."""
    try:
        return date.fromisoformat(published.strip()[:10]) if published else None
    except ValueError:
        return None
