"""Attributions in headlines, which the parser reads badly (Title Case, no articles, no verbs).

Three shapes cover most news headlines:
  "Sanders: Clinton needs to 'get away from all of this'"     source, colon, content
  "Clinton Hid Health Problems, Former White House Doctor Says"   content, cue, source
  "Obama Says Museum Will Tell of 'Suffering and Delight'"     source, cue, content
A cue is any inflected form of a lexicon verb, read off the word itself, not the parse.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc

from ..record import ArticleRecord
from .candidates import Candidate, trim
from .cues import lexicon
from .event_groups import doer_nouns

_IRREGULAR = {"say": ("said", "says"), "tell": ("told",), "write": ("wrote", "writes"), "think": ("thought",),
              "find": ("found",), "know": ("knew",), "see": ("saw", "sees"), "show": ("shown",),
              "seek": ("sought",), "hold": ("held",), "mean": ("meant",), "fight": ("fought",)}
_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
_MAX_SOURCE_WORDS = 6
# A headline's content of at most this many words and no verb is the cue's object ("Denies Accusation").
_MAX_OBJECT_WORDS = 3
_SCORE = 0.7


@cache
def _inflections() -> dict[str, str]:
    """Finite form -> lemma for every single-word lexicon verb ("says", "slammed", "denies").

    Bare forms are left out: in a Title Case headline "State", "Call" or "Suspect" are nouns more
    often than verbs, while a headline's verb is nearly always "-s" or past.
    """
    forms: dict[str, str] = {}
    for lemma, entry in lexicon().items():
        if " " in lemma or entry.subjects:
            continue  # a phrase, or a verb that reports only with certain subjects ("read")
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        variants = {lemma + "s", stem + "ed", *_IRREGULAR.get(lemma, ())}
        if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
            variants.add(lemma + "es")
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            variants |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        for form in variants:
            forms.setdefault(form, lemma)
    return forms


_NOT_SOURCES = frozenset({"how", "why", "what", "when", "where", "who", "which", "this", "these", "that", "those",
                          "here", "there", "watch", "video", "read", "the latest"})


def _looks_like_source(words: list[str]) -> bool:
    return (0 < len(words) <= _MAX_SOURCE_WORDS and words[0][:1].isupper()
            and words[0].lower() not in _NOT_SOURCES and not any(w.lower() in _inflections() for w in words))


def headline_candidates(doc: Doc, record: ArticleRecord, taken: list[Candidate]) -> list[Candidate]:
    """The headline's attribution when no parse rule found one there."""
    headline = record.layout.headline
    if headline is None:
        return []
    text = record.text[headline.start : headline.end]
    offset = headline.start
    # "Rubio: I Still Believe Trump Can't Be Trusted": the colon form wins over what the parser
    # finds after the colon, which is nested in it.
    found = _colon_form(doc, text, offset)
    if found is None and any(headline.start <= c.start < headline.end for c in taken):
        return []
    colon = found is not None
    found = found or _says_at_end(text, offset) or _cue_in_middle(doc, text, offset)
    if found is None:
        return []
    source, cue, content = found
    content = trim(record.text, *content)
    if content[1] - content[0] < 3:
        return []
    lemma = _inflections().get(record.text[cue[0] : cue[1]].lower().rstrip(":"), "say")
    entry = lexicon().get(lemma)
    # "Minister Denies Bribery Accusation": a verb's object, not a statement (the colon form
    # always quotes: "Rubio: Trump Can't Be Trusted").
    reported = colon or _reads_as_clause(doc, *content)
    return [Candidate(content=[content], cue=cue, source=source, rule="format:headline", score=_SCORE,
                      source_token=_root(doc, *source), in_headline=True,
                      cue_class=entry.cls if entry else "speech", quotation=None if reported else False)]


def _reads_as_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether a headline's content has a verb or goes beyond a short noun phrase."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return True
    words = [t for t in span if not t.is_punct]
    return len(words) > _MAX_OBJECT_WORDS or any(t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB") for t in words)


def _root(doc: Doc, start: int, end: int) -> int | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root.i if span is not None else None


def _colon_form(doc: Doc, text: str, offset: int
                ) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]] | None:
    """'Sanders: ...' names a speaker; 'The Latest: ...' or 'Big Win For Bernie: ...' does not."""
    colon = text.find(":")
    if colon <= 0:
        return None
    words = _WORD.findall(text[:colon])
    if not _looks_like_source(words) or len(text[:colon].split()) != len(words):
        return None
    span = doc.char_span(offset, offset + colon, alignment_mode="expand")
    if span is None or len(words) > 4 or any(t.pos_ in ("VERB", "AUX", "ADP", "DET") for t in span):
        return None
    if not any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in span) and not all(
        t.is_title or t.is_upper or t.is_punct for t in span
    ):
        return None
    last = span[-1]
    if last.is_lower and last.lemma_.lower() not in doer_nouns():
        return None  # "Lion Air disaster: ...", a topic; "Trump lawyer: ..." a speaker
    return (offset, offset + colon), (offset + colon, offset + colon + 1), (offset + colon + 1, offset + len(text))


def _says_at_end(text: str, offset: int) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]] | None:
    match = re.search(r",\s+(?P<source>[^,]{2,80}?)\s+(?P<cue>[A-Za-z]+)[.!]?\s*$", text)
    if match is None or _inflections().get(match.group("cue").lower()) is None:
        return None
    if not _looks_like_source(_WORD.findall(match.group("source"))):
        return None
    return ((offset + match.start("source"), offset + match.end("source")),
            (offset + match.start("cue"), offset + match.end("cue")), (offset, offset + match.start()))


def _cue_in_middle(doc: Doc, text: str, offset: int
                   ) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]] | None:
    for match in _WORD.finditer(text):
        lemma = _inflections().get(match.group().lower())
        if lemma is None or match.start() == 0 or _not_a_cue(doc, offset + match.start(), offset + match.end()):
            continue
        words = _WORD.findall(text[: match.start()])
        if not _looks_like_source(words) or _holds_a_clause(doc, offset, offset + match.start()):
            return None
        source_end = len(text[: match.start()].rstrip())
        return ((offset, offset + source_end), (offset + match.start(), offset + match.end()),
                (offset + match.end(), offset + len(text)))
    return None


def _not_a_cue(doc: Doc, start: int, end: int) -> bool:
    """ "Sixteen states sue Trump": a lower-case word the parser reads as a plural noun is no cue (in a
    sentence-case headline the parser is right; in Title Case it is not asked); "United States doctor
    sentenced": nor is a word of a place's name (a person's or body's may have swallowed a Title Case verb:
    "Obama Seeks More Refugees")."""
    span = doc.char_span(start, end)
    if span is None or len(span) != 1:
        return False
    word = span[0]
    return (word.is_lower and word.tag_ == "NNS") or (word.ent_iob_ == "I" and word.ent_type_ in _PLACE_LABELS)


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _holds_a_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether a headline's words before a possible cue have a verb of their own, so are no speaker
    ("Virus surpasses one million confirmed infections"). Only a lower-case verb counts: the parser
    reads capitalised words of a Title Case headline as verbs too often ("Doctor Says")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.tag_ in _FINITE_TAGS and t.is_lower for t in span)


_FINITE_TAGS = frozenset({"VBZ", "VBD", "VBP"})
