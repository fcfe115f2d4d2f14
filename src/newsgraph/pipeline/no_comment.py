"""Attributions of silence: "The company declined to comment", "did not respond to a request for
comment", "could not be reached for comment" (data/no_comment.tsv).

News reports who would not speak as carefully as who spoke, but a refusal reports no words: it is
an attribution of kind `no_comment` (docs/schema.md), never a quotation. An attribution the rules
or the tagger already found on the phrase takes that kind (its spans unchanged); otherwise one is
made, its source the subject of the phrase's verb, unless the phrase lies in what another
attribution reports ("X insisted he had refused to answer": that report's content).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from spacy.tokens import Doc

from .. import lexicons
from ..intervals import GrowingSpanIndex
from ..nlp import doc_text
from .candidates import Candidate, Offsets, content_index, trim
from .cue_subjects import cue_subject, source_offsets
from .quotemarks import quote_marks

RULE = "no_comment"
_SCORE = 0.8


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(row[1], re.IGNORECASE) for row in lexicons.table("no_comment.tsv"))


def _phrases(doc: Doc) -> list[tuple[Offsets, Offsets]]:
    """(cue, content) offsets of every phrase of silence outside quotation marks (inside them it
    is the speaker's own words: '"We do not comment on ...," he said'), in text order, disjoint."""
    text, marks = doc_text(doc), quote_marks(doc)
    found: list[tuple[Offsets, Offsets]] = []
    cues = GrowingSpanIndex(len(text))
    for pattern in _patterns():
        for match in pattern.finditer(text):
            cue = match.span("cue")
            if marks.encloses(cue[0]) or cues.any_overlapping(*cue):
                continue
            cues.add(*cue)
            found.append((cue, trim(text, *match.span("content"))))
    return sorted(found)


def mark_silences(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """`candidates` with every phrase of silence an attribution of kind `no_comment`: the
    attribution whose cue is the phrase's takes the kind; others whose cue lies in the phrase are
    dropped ("declined to say whether ...": "say" reports nothing)."""
    phrases = _phrases(doc)
    if not phrases:
        return candidates
    wholes = [(cue[0], max(cue[1], content[1])) for cue, content in phrases]
    on_phrase: dict[int, list[Candidate]] = {}
    kept: list[Candidate] = []
    for candidate in candidates:
        index = _overlapped(wholes, candidate.cue) if candidate.cue is not None else None
        if index is None:
            kept.append(candidate)
        else:
            on_phrase.setdefault(index, []).append(candidate)
    reports = content_index(c for c in kept if c.cue is not None)
    for index, (cue, content) in enumerate(phrases):
        found = on_phrase.get(index, [])
        owner = next((c for c in found if c.cue[0] < cue[1] and cue[0] < c.cue[1]), None)  # type: ignore[index]
        if owner is not None:
            owner.rule, owner.quotation = RULE, False
        elif not reports.any_containing(*cue):
            # A refusal inside what someone reports ("X insisted he had refused to answer") is
            # that report's content, as any attribution nested in another's is (quotes.py).
            owner = _attribution(doc, cue, content)
        if owner is not None:
            kept.append(owner)
    return sorted(kept, key=lambda c: (c.start, c.end))


def _overlapped(spans: list[Offsets], span: Offsets) -> int | None:
    """The index of the span of `spans` (in order, disjoint) that overlaps `span`, if any."""
    k = bisect_left(spans, (span[1],)) - 1  # the last one starting before `span` ends
    return k if k >= 0 and spans[k][1] > span[0] else None


def _attribution(doc: Doc, cue: Offsets, content: Offsets) -> Candidate | None:
    words = doc.char_span(*cue, alignment_mode="expand")
    if words is None:
        return None
    subject = cue_subject(words.root)
    return Candidate(
        content=[content] if content[1] > content[0] else [], cue=cue,
        source=source_offsets(doc, subject, words.root) if subject is not None else None,
        rule=RULE, score=_SCORE, cue_token=words.root.i,
        source_token=subject.i if subject is not None else None, quotation=False,
    )
