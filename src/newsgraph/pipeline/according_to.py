"""Attributions by a preposition: "A, according to X." / "According to X, A." / "Per X, A." (the
rest of the sentence is what X reports)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from ..nlp import doc_text, sentence_of, tokens_where
from .candidates import Candidate, Offsets, subtree_offsets, token_end, trim, trim_content
from .quotemarks import QuoteMarks
from .reported_speech import RULE_SCORES, says_something
from .roles import titles

# The words an attributing preposition starts with (see _attributing_preposition).
_OPENING_WORDS = frozenset({"according", "per"})
# The named-entity labels of an amount (a count with a unit, a sum, a share).
_AMOUNT_ENTITIES = frozenset({"MONEY", "PERCENT", "QUANTITY"})


def according_to_candidates(doc: Doc, marks: QuoteMarks) -> Iterator[Candidate]:
    """'A, according to X.' / 'According to X, A.' / 'Per X, A.': the rest of the sentence is the content."""
    for token in tokens_where(doc, LOWER, _OPENING_WORDS):
        preposition = _attributing_preposition(doc, token)
        if preposition is None:
            continue
        objects = [c for c in preposition.children if c.dep_ == "pobj"]
        if not objects or marks.inside(token.idx, token_end(preposition)):
            continue
        source = objects[0]
        source_start, source_end = _source_phrase(doc, source)
        sentence = sentence_of(token)
        phrase_start, phrase_end = token.idx, source_end
        before = trim(doc_text(doc), sentence.start_char, phrase_start)
        after = trim(doc_text(doc), phrase_end, sentence.end_char)
        content = [span for span in (before, after) if span[1] - span[0] > 1]
        content = [trim_content(doc, s, e, marks) for s, e in content]
        content = [(s, e) for s, e in content if says_something(doc, s, e)]
        if not content:
            continue
        yield Candidate(
            content=content,
            cue=(token.idx, token_end(preposition)),
            source=(source_start, source_end),
            rule="according_to",
            score=RULE_SCORES["according_to"],
            cue_token=token.i,
            source_token=source.i,
        )


def _attributing_preposition(doc: Doc, token: Token) -> Token | None:
    """The preposition whose object is a source: "to" of "according to"; "per" opening its
    sentence and set off by a comma ("Per the ruling, the council must..."), not "5 per cent",
    "per person" or "per WHO guidelines" inside a clause."""
    if token.lower_ == "according":
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        return following if following is not None and following.lower_ == "to" else None
    if token.lower_ != "per":
        return None
    sentence = sentence_of(token)
    opening = all(t.is_punct or t.is_space for t in doc[sentence.start : token.i])
    set_off = token.right_edge.i + 1 < sentence.end and doc[token.right_edge.i + 1].text == ","
    return token if opening and set_off else None


def _source_phrase(doc: Doc, source: Token) -> Offsets:
    """The bounds of the source phrase headed by `source`: the parser's subtree, with its closing
    parenthesis ("Notes from Poland (NFP)") and, after an office, the name set off in apposition
    ("the El Paso mayor, Dee Margo,"), which the parser often leaves out of it."""
    text = doc_text(doc)
    start, end = trim(text, *subtree_offsets(source))
    reported = _reported_after(source)
    if reported is not None:
        # "according to Al Jazeera, US$3.6 billion from the defence budget and ...": the parser hangs
        # what is reported from the source's name; the source ends before it.
        end = trim(text, start, reported.left_edge.idx)[1]
    closing = end
    while closing < len(text) and text[closing] in " )":
        closing += 1
    if text.count("(", start, end) > text.count(")", start, end) and ")" in text[end:closing]:
        end = text.index(")", end) + 1
    name_end = _name_after_kind(doc, source)
    if name_end is not None:
        end = name_end
    if source.lemma_.lower() in titles() and source.pos_ == "NOUN":
        name_end = _name_in_apposition(doc, source.right_edge.i + 1)
        if name_end is not None:
            end = name_end
    return start, end


def _reported_after(source: Token) -> Token | None:
    """The first of the source's right dependents that is what it reports, not more of its name:
    a sum or count ("X, $2 million from ...", "X, 35 per cent of ..."; a bare number stays: "Jane
    Doe, 45,"), or an apposition that no comma or full stop closes ("According to NPR, former Vice
    President Joe Biden has won ...": the subject of the reported clause)."""
    doc = source.doc
    for child in source.rights:
        if child.dep_ not in ("appos", "conj"):
            continue
        if child.ent_type_ in _AMOUNT_ENTITIES or (child.like_num and child.left_edge.i < child.right_edge.i):
            return child
        after = child.right_edge.i + 1
        if child.dep_ == "appos" and after < len(doc) and not (doc[after].is_punct or doc[child.right_edge.i].is_punct):
            return child
    return None


def _name_after_kind(doc: Doc, source: Token) -> int | None:
    """The end offset of the name right after a noun for what the source is ("the news agency
    Tasnim, ..."), which the parser can hang elsewhere when it does not know the name: capitalised
    words up to the comma that closes the phrase."""
    if source.pos_ != "NOUN" or source.right_edge.i != source.i:
        return None
    return _name_closed_by_comma(doc, source.i + 1, within_sentence=True)


def _name_in_apposition(doc: Doc, i: int) -> int | None:
    """The end offset of ", Name Name," starting at token `i` (the name without its commas)."""
    if i >= len(doc) or doc[i].text != ",":
        return None
    return _name_closed_by_comma(doc, i + 1)


def _name_closed_by_comma(doc: Doc, first: int, *, within_sentence: bool = False) -> int | None:
    """The end offset of the proper nouns from token `first` when a comma follows them (None when
    there are none or no comma); `within_sentence`: none of them opens a sentence."""
    k = first
    while k < len(doc) and doc[k].pos_ == "PROPN" and not (within_sentence and doc[k].is_sent_start):
        k += 1
    if k == first or k >= len(doc) or doc[k].text != ",":
        return None
    return token_end(doc[k - 1])
