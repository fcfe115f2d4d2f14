"""Attributions read off the dependency parse: a reporting verb, its subject and what it reports.

Covers indirect speech ("Zelenskyy has said Ukraine does not..."), mixed quotation (an indirect
clause holding a quoted fragment), direct quotation attached to its verb by the parser, object
frames ("criticised the plan"), inverted cues ('..., said Rutte') and "according to X".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from .candidates import Candidate, Offsets, subtree_offsets, token_end, trim, trim_content
from .cues import CueEntry, cue_bounds, cue_entry
from .quotemarks import QuoteMarks

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_CLAUSE_DEPS = ("ccomp",)
_OBJECT_DEPS = ("dobj", "attr", "oprd")
# Base confidence by rule; the quotes stage may lower it for weak evidence.
_SCORES = {"clause": 0.85, "inverted": 0.8, "object": 0.6, "according_to": 0.85}
_COGNITION_PENALTY = 0.1


def _subject(verb: Token) -> Token | None:
    """The verb's grammatical subject; for a coordinated verb without one ("but insisted"), its head's."""
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    return None


def source_offsets(doc: Doc, subject: Token) -> Offsets:
    """The speaker's noun phrase; an appositive source keeps its closing comma (PolNeAR style)."""
    start, end = subtree_offsets(subject)
    start, end = trim(doc.text, start, end)
    has_inner_comma = "," in doc.text[start:end]
    if has_inner_comma and end < len(doc.text) and doc.text[end] == ",":
        end += 1
    return start, end


def _clause_child(verb: Token) -> Token | None:
    children = [c for c in verb.children if c.dep_ in _CLAUSE_DEPS]
    if not children:
        return None
    # Prefer the clause after the verb: "X said that Y" over a fronted clause.
    after = [c for c in children if c.i > verb.i]
    return (after or children)[0]


def _object_child(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _OBJECT_DEPS and child.i > verb.i and child.pos_ not in ("PRON",):
            return child
    return None


def _inverted_content(doc: Doc, verb: Token) -> Offsets | None:
    """'The plan is dead, he said.': the content precedes the verb, which hangs off it as parataxis."""
    if verb.dep_ not in ("parataxis", "ccomp") or verb.head.i > verb.i:
        return None
    left = verb.left_edge.i
    sentence = verb.sent
    if left <= sentence.start:
        return None
    return sentence.start_char, doc[left - 1].idx + len(doc[left - 1].text)


def _candidate(doc: Doc, verb: Token, entry: CueEntry, marks: QuoteMarks) -> Candidate | None:
    subject = _subject(verb)
    content: Offsets | None = None
    rule = "clause"
    if entry.frame in ("clause", "both"):
        clause = _clause_child(verb)
        if clause is not None:
            content = subtree_offsets(clause)
            if clause.i < verb.i:
                rule = "inverted"
        else:
            inverted = _inverted_content(doc, verb)
            if inverted is not None:
                content, rule = inverted, "inverted"
    if content is None and entry.frame in ("object", "both"):
        obj = _object_child(verb)
        if obj is not None:
            content, rule = subtree_offsets(obj), "object"
    if content is None or subject is None:
        return None
    if subject.lower_ in ("it", "there", "this", "that", "which") and entry.cls != "evidence":
        return None  # "it was said that": no speaker to report
    start, end = trim_content(doc, *content, marks)
    if end <= start:
        return None
    cue_start, cue_end = cue_bounds(verb)
    score = _SCORES[rule] - (_COGNITION_PENALTY if entry.cls in ("cognition", "evidence") else 0.0)
    return Candidate(
        content=[(start, end)],
        cue=(doc[cue_start].idx, token_end(doc[cue_end - 1])),
        source=source_offsets(doc, subject),
        rule=f"{rule}:{entry.cls}",
        score=score,
        cue_token=verb.i,
        source_token=subject.i,
    )


def verb_candidates(doc: Doc, marks: QuoteMarks) -> Iterator[Candidate]:
    """An attribution for each reporting verb outside quotation marks that has a subject and a content."""
    for token in doc:
        entry = cue_entry(token)
        if entry is None or marks.inside(token.idx, token_end(token)):
            continue
        candidate = _candidate(doc, token, entry, marks)
        if candidate is not None:
            yield candidate


def according_to_candidates(doc: Doc, marks: QuoteMarks) -> Iterator[Candidate]:
    """'A, according to X.' / 'According to X, A.': the rest of the sentence is the content."""
    for token in doc:
        if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
            continue
        to = doc[token.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects or marks.inside(token.idx, token_end(to)):
            continue
        source = objects[0]
        source_start, source_end = trim(doc.text, *subtree_offsets(source))
        sentence = token.sent
        phrase_start, phrase_end = token.idx, source_end
        before = trim(doc.text, sentence.start_char, phrase_start)
        after = trim(doc.text, phrase_end, sentence.end_char)
        content = [span for span in (before, after) if span[1] - span[0] > 1]
        content = [trim_content(doc, s, e, marks) for s, e in content]
        content = [(s, e) for s, e in content if doc.text[s:e].strip(" ,")]
        if not content:
            continue
        yield Candidate(
            content=content,
            cue=(token.idx, token_end(to)),
            source=(source_start, source_end),
            rule="according_to",
            score=_SCORES["according_to"],
            cue_token=token.i,
            source_token=source.i,
        )
