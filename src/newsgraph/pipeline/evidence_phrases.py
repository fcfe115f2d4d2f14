"""Attributions to a poll, a study or someone's words by a fronted prepositional phrase:
'In an NBC News poll released Monday, 50 percent chose Clinton.'

The preposition is the cue, its object the source and the rest of the sentence the content
(data/evidence_phrases.tsv lists the prepositions and the nouns they take).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from .. import lexicons
from ..nlp import doc_text, sentence_of, tokens_where
from .candidates import Candidate, subtree_offsets, token_end, trim, trim_content
from .quotemarks import QuoteMarks
from .reported_speech import says_something

_SCORE = 0.6
_CLAUSE_HEADS = ("VERB", "AUX")


@cache
def _phrases() -> dict[str, frozenset[str]]:
    return {row[0].lower(): frozenset(row[1].lower().split("|")) for row in lexicons.table("evidence_phrases.tsv")}


def _source_object(preposition: Token) -> Token | None:
    nouns = _phrases().get(preposition.lower_)
    if nouns is None or preposition.dep_ != "prep" or preposition.head.pos_ not in _CLAUSE_HEADS:
        return None
    return next((c for c in preposition.children if c.dep_ == "pobj" and c.lemma_.lower() in nouns), None)


def evidence_phrase_candidates(doc: Doc, marks: QuoteMarks) -> Iterator[Candidate]:
    text = doc_text(doc)
    for token in tokens_where(doc, LOWER, _phrases()):
        source = _source_object(token)
        if source is None or marks.inside(token.idx, token_end(token)):
            continue
        sentence = sentence_of(token)
        if not all(t.is_punct for t in sentence[: token.i - sentence.start]):
            continue  # "leads in the polls" is as often a plain fact (PolNeAR train)
        content = trim_content(doc, *trim(text, token_end(token.right_edge), sentence.end_char), marks)
        if content[1] - content[0] < 2 or not says_something(doc, *content):
            continue
        yield Candidate(
            content=[content], cue=(token.idx, token_end(token)),
            source=trim(text, *subtree_offsets(source)), rule="evidence_phrase", score=_SCORE,
            cue_token=token.i, source_token=source.i, cue_class="evidence",
        )
