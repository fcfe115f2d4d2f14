"""Quotations introduced by the speaker's own clause rather than by a cue beside them.

Two conventions of news writing:
  'Tom Baker described the plan in 2019: "It was the best idea we had."'   a colon ends the
      speaker's clause, whatever its verb ("remembered the volunteers:", "made the following
      announcement:"); the quotation is what the clause announces.
  'Jane Porter criticised the decision. "The council ignored every warning."'   a quotation with
      no cue of its own, opening the sentence right after one whose main verb reports what its
      subject said, thought or did about it, in the same paragraph: the subject's words.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..nlp import doc_text, line_bounds, sentence_of
from .candidates import Candidate, content_index, token_end, words_between
from .cue_subjects import cue_subject, may_speak, source_offsets
from .cues import cue_bounds, cue_entry
from .quotemarks import QuoteMarks, QuoteRegion

_COLON_SCORE = 0.75
_FOLLOW_SCORE = 0.7
# What a plain finding reports is not its subject's words ("The study found X. '...'").
_NOT_SPEAKING_CLASSES = frozenset({"evidence"})
# A longer "sentence" is text the parser could not split (a list, a pasted table): not read.
_MAX_SENTENCE_CHARS = 600
_WH_TAGS = frozenset({"WRB", "WP", "WDT"})


def colon_clause(doc: Doc, region: QuoteRegion) -> Candidate | None:
    """'X described the plan in 2019: "..."': the subject of the clause a colon ends, right before
    the quotation. The cue is the clause's verb when it reports (`cues.tsv`), else the colon; a verb
    that only names a topic ('apologized for what happened: "..."') hands over to the words quoted."""
    before = words_between(doc, line_bounds(doc, region.start)[0], region.start, 1, from_end=True)
    if not before or before[0].text != ":":
        return None
    colon = before[0]
    # The parser hangs the colon from the clause's verb or from the quotation's.
    verb = next((t for t in (colon.head, *colon.head.ancestors) if t.pos_ in ("VERB", "AUX") and t.i < colon.i), None)
    if verb is None and colon.i > 0:
        verb = _main_verb_before(doc[colon.i - 1], colon.i)
    if verb is None or sentence_of(verb).start != sentence_of(colon).start:
        return None
    subject = cue_subject(verb)
    if subject is None or subject.i > colon.i or not may_speak(subject):
        return None
    if any(child.tag_ in _WH_TAGS and child.i < subject.i for child in verb.children):
        return None  # "Why she's protesting:": a question that labels what follows, not its speaker's clause
    entry = cue_entry(verb)
    if entry is not None:
        start, end = cue_bounds(verb)
        cue = (doc[start].idx, token_end(doc[max(end - 1, start)]))
    else:
        cue = (colon.idx, token_end(colon))
    return Candidate(content=[(region.start, region.end)], cue=cue, source=source_offsets(doc, subject, verb),
                     rule="colon_clause", score=_COLON_SCORE, cue_token=verb.i if entry is not None else None,
                     source_token=subject.i, regions=[region],
                     cue_class=entry.cls if entry is not None and entry.cls != "topic" else "speech")


def _main_verb_before(last: Token, colon: int) -> Token | None:
    """The main verb of the clause ending at `last`, when the parser hung that clause from the
    quotation's verb ('Clinton has since apologized for what happened: "..."', 'As Cornyn put it:
    "..."'): the highest verb above `last` that comes before the colon."""
    chain = []
    for token in (last, *last.ancestors):
        if token.i > colon:
            break
        chain.append(token)
    return next((token for token in reversed(chain) if token.pos_ in ("VERB", "AUX")), None)


def after_speakers_sentence(doc: Doc, marks: QuoteMarks, candidates: list[Candidate]) -> list[Candidate]:
    """Unattributed quotations that open the sentence after one whose main verb is an attribution's
    cue with a source, in one paragraph: that attribution's speaker's words (follow-ons)."""
    text = doc_text(doc)
    by_cue = {c.cue_token: c for c in candidates if c.cue_token is not None and c.source is not None}
    contents = content_index(candidates)
    found: list[Candidate] = []
    for region in marks.regions:
        if not region.double or contents.any_overlapping(region.start, region.end):
            continue
        if not region.opens_statement(text):
            continue
        before = words_between(doc, line_bounds(doc, region.start)[0], region.start, 1, from_end=True)
        if not before or before[0].text not in (".", "!"):
            continue
        sentence = sentence_of(before[0])
        if region.start - sentence.start_char > _MAX_SENTENCE_CHARS:
            continue
        owner = _reporting_main_clause(sentence, by_cue, before[0].i)
        if owner is None or owner.cue_class in _NOT_SPEAKING_CLASSES or another_speaker_between(
                doc, owner, sentence.start_char, region.start):
            continue
        found.append(Candidate(content=[(region.start, region.end)], cue=None, source=None, rule="follow_on",
                               score=_FOLLOW_SCORE, parent=owner, regions=[region]))
    return found


def _reporting_main_clause(sentence: Span, by_cue: dict[int | None, Candidate], end: int) -> Candidate | None:
    """The attribution a sentence's main verb makes, or with none, the one attribution a clause on the
    main verb makes ("Rhys-Davies broke news when he revealed that ..."), before token `end`."""
    root = sentence.root
    if root.i in by_cue:
        return by_cue[root.i] if root.i < end else None
    beside = [by_cue[child.i] for child in root.children
              if child.dep_ in ("advcl", "conj") and child.i in by_cue and child.i < end]
    return beside[0] if len(beside) == 1 else None


def another_speaker_between(doc: Doc, owner: Candidate, start: int, end: int) -> bool:
    """A reporting verb in [start, end) whose subject is there too and is not `owner`'s source (a
    participle, "recalling the day", speaks with the subject of its sentence)."""
    own_source = owner.source or (0, 0)
    span = doc.char_span(start, end, alignment_mode="contract")
    for token in span if span is not None else ():
        if owner.cue_token == token.i or cue_entry(token) is None:
            continue
        subject = cue_subject(token)
        if subject is not None and start <= subject.idx < end and not own_source[0] <= subject.idx < own_source[1]:
            return True
    return False
