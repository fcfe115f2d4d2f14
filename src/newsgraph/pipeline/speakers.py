"""Speakers: resolve each quotation's source as written ("he", "Rutte", "the statement") to an entity.

The cheap, explainable resolver Citron's authors chose over full coreference: names and
descriptions through the entity clusters; pronouns by gender, number and salience (the last
speaker first, then the last compatible mention); documents and spokespeople to their issuer
("a statement released by Number 10", then "the statement" to the same issuer). A source that
cannot be resolved with confidence leaves the speaker null: a wrong speaker is worse than none.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from .. import lexicons, names
from ..record import ArticleRecord, Entity, Mention, Quote
from ..record import Span as TextSpan
from ..settings import Settings
from .candidates import Candidate
from .quotemarks import QuoteMarks, quote_marks
from .quotes import is_transcript_rule

_PERSONAL = frozenset({"person"})
_COLLECTIVE = frozenset({"organisation", "outlet", "group", "place"})
# How far back (characters) a pronoun looks for its antecedent: about two paragraphs.
_PRONOUN_WINDOW = 1200
# Subjects in the pronoun's sentence and this many sentences before it are the preferred antecedents.
_SUBJECT_SENTENCES = 3


@cache
def _issuers() -> dict[str, str]:
    return lexicons.mapping("issuer_nouns.tsv")


@cache
def _pronouns() -> dict[str, tuple[str, str]]:
    return {row[0]: (row[1], row[2]) for row in lexicons.table("pronouns.tsv")}


class _Index:
    """Entity mentions by position."""

    def __init__(self, record: ArticleRecord) -> None:
        self.mentions = sorted(
            ((m.span.start, m.span.end, e) for e in record.entities for m in e.mentions), key=lambda t: t[0]
        )

    def within(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        return [m for m in self.mentions if start <= m[0] and m[1] <= end]

    def at(self, start: int, end: int) -> Entity | None:
        for m_start, m_end, entity in self.mentions:
            if m_start < end and start < m_end:
                return entity
        return None

    def before(self, offset: int, window: int) -> list[tuple[int, int, Entity]]:
        return [m for m in self.mentions if offset - window <= m[0] < offset]


def _head(doc: Doc, candidate: Candidate | None, source: TextSpan) -> Token | None:
    if candidate is not None and candidate.source_token is not None:
        return doc[candidate.source_token]
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    return span.root if span is not None else None


def _issuer(doc: Doc, head: Token, index: _Index) -> Entity | None:
    """'a statement released by Number 10', 'a Downing Street spokesman': who the document speaks for."""
    noun = head.lemma_.lower()
    allowed = _issuers().get(noun)
    if allowed is None:
        return None
    phrase_start, phrase_end = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    found = [e for s, _, e in index.within(phrase_start, phrase_end) if s != head.idx]
    found = [e for e in found if allowed == "any" or e.type in _COLLECTIVE]
    return found[0] if len(set(e.id for e in found)) == 1 else None


def _same_document(head: Token, quote: Quote, previous: list[Quote], doc: Doc) -> str | None:
    """'the statement added' -> the speaker of the last quotation whose source was a statement."""
    noun = head.lemma_.lower()
    if noun not in _issuers() or head.i == 0 or doc[head.i - 1].lower_ not in ("the", "this", "that"):
        return None
    for earlier in reversed(previous):
        if earlier.source is None or earlier.speaker is None:
            continue
        span = doc.char_span(earlier.source.start, earlier.source.end, alignment_mode="expand")
        if span is not None and noun in {t.lemma_.lower() for t in span}:
            return earlier.speaker
    return None


def _compatible(entity: Entity, gender: str, number: str) -> bool:
    if number == "plural":
        return entity.type in _COLLECTIVE
    if gender in ("male", "female"):
        return entity.type == "person" and entity.gender in (None, gender)
    return entity.type in _COLLECTIVE  # "it said"


def _subject_mentions(doc: Doc, head: Token, index: _Index, marks: QuoteMarks) -> list[Entity]:
    """Entities that are grammatical subjects, outside quotation marks, in the pronoun's sentence
    before it and in the sentences before that, nearest first."""
    found: list[Entity] = []
    sentence = head.sent
    for _ in range(_SUBJECT_SENTENCES):
        for token in reversed(list(sentence)):
            if token.i >= head.i or token.dep_ not in ("nsubj", "nsubjpass") or marks.inside(token.idx, token.idx + 1):
                continue
            entity = index.at(token.idx, token.idx + len(token.text))
            if entity is not None:
                found.append(entity)
        if sentence.start == 0:
            break
        sentence = doc[sentence.start - 1].sent
    return found


def _pronoun_antecedent(
    doc: Doc, head: Token, previous: list[Quote], record: ArticleRecord, index: _Index
) -> Entity | None:
    """By salience: the nearest compatible subject, then the last compatible speaker, then the
    nearest compatible mention outside quotation marks (Hobbs's preference for subjects, cheaply)."""
    gender, number = _pronouns()[head.lower_]
    marks = quote_marks(doc)
    for entity in _subject_mentions(doc, head, index, marks):
        if _compatible(entity, gender, number):
            return entity
    for earlier in reversed(previous):
        if earlier.end < head.idx - _PRONOUN_WINDOW:
            break
        entity = record.entity(earlier.speaker)
        if entity is not None and _compatible(entity, gender, number):
            return entity
    for start, end, entity in reversed(index.before(head.idx, _PRONOUN_WINDOW)):
        if not marks.inside(start, end) and _compatible(entity, gender, number):
            return entity
    return None


def _by_label(source: TextSpan, record: ArticleRecord, transcript: bool) -> Entity | None:
    """A source the tagger found no name in that is still a person's name as the article spells it
    ('((Naomi Martisius))' heading an interview turn), or, labelling a `transcript` line, their
    initials ('MS'; elsewhere 'EU' is no one's initials)."""
    label = source.text
    key = names.fold(label)
    initials = label if transcript and 2 <= len(label) <= 4 and label.isalpha() and label.isupper() else None
    people = [e for e in record.entities if e.type == "person"
              and (key in {names.fold(n) for n in (e.name, *e.aliases)} or names.initials(e.name) == initials)]
    if len(people) != 1:
        return None
    people[0].add_mention(Mention(source, "", "alias"))
    return people[0]


def resolve(doc: Doc, quote: Quote, previous: list[Quote], record: ArticleRecord, index: _Index,
            candidate: Candidate | None) -> Entity | None:
    """The entity that said `quote`, or None when the text does not tell."""
    source = quote.source
    if source is None:
        return None
    head = _head(doc, candidate, source)
    if head is None:
        return None
    if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
        head = head.head.head  # "Rutte, who said...": the noun the relative clause describes
    entity = index.at(head.idx, head.idx + len(head.text))
    if entity is not None:
        return entity
    labelled = _by_label(source, record, candidate is not None and is_transcript_rule(candidate.rule))
    if labelled is not None:
        return labelled
    lowered = head.lower_
    if lowered in _pronouns() and head.pos_ == "PRON":
        found = _pronoun_antecedent(doc, head, previous, record, index)
        if found is not None:
            found.add_mention(Mention(source, "", "pronoun"))
        return found
    # "the French foreign minister, Anne Martin, told reporters": the name in apposition; not
    # "the lead authors, Wilson and Hawco", which names several speakers.
    for child in head.children:
        named = index.at(child.idx, child.idx + len(child.text)) if child.dep_ == "appos" else None
        others = [c for c in child.children if c.dep_ == "conj" and index.at(c.idx, c.idx + len(c.text)) is not named]
        if named is not None and not others:
            return named
    issuer = _issuer(doc, head, index)
    if issuer is not None:
        return issuer
    same = _same_document(head, quote, previous, doc)
    if same is not None:
        return record.entity(same)
    # A compound name the tagger split ("Foreign Secretary David Lammy"): a mention inside the
    # source that is the head's own compound.
    inside = [e for s, _, e in index.within(source.start, source.end) if e.type == "person"]
    if len({e.id for e in inside}) == 1 and any(t.dep_ == "compound" and t.head.i == head.i for t in head.children):
        return inside[0]
    return None


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Set `speaker` on every quotation and attribution (entity id or None); follow-ons take their parent's."""
    index = _Index(record)
    candidates: dict[str, Candidate] = doc.user_data.get("newsgraph.quote_candidates", {})
    everything = sorted(record.quotes + record.attributions, key=lambda q: q.start)
    by_id = {q.id: q for q in everything}
    done: list[Quote] = []
    for quote in everything:
        if quote.inherited_from is not None:
            parent = by_id.get(quote.inherited_from)
            quote.speaker = parent.speaker if parent is not None else None
        else:
            entity = resolve(doc, quote, done, record, index, candidates.get(quote.id))
            quote.speaker = entity.id if entity is not None else None
        done.append(quote)
