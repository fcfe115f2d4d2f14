"""Speakers: resolve each quotation's source as written ("he", "Rutte", "the statement") to an entity.

The cheap, explainable resolver Citron's authors chose over full coreference: names and
descriptions through the entity clusters; pronouns by gender, number and salience (the last
speaker first, then the last compatible mention); documents and spokespeople to their issuer
("a statement released by Number 10", then "the statement" to the same issuer). A source that
cannot be resolved with confidence leaves the speaker null: a wrong speaker is worse than none.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from functools import cache, cached_property

from spacy.tokens import Doc, Token

from .. import lexicons, names
from ..nlp import sentence_of
from ..record import ArticleRecord, Entity, Mention, Quote
from ..record import Span as TextSpan
from ..settings import Settings
from .candidates import Candidate
from .mention_index import MentionIndex
from .quotemarks import quote_marks
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


def _head(doc: Doc, candidate: Candidate | None, source: TextSpan) -> Token | None:
    if candidate is not None and candidate.source_token is not None:
        return doc[candidate.source_token]
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    return span.root if span is not None else None


def _issuer(doc: Doc, head: Token, index: MentionIndex) -> Entity | None:
    """'a statement released by Number 10', 'a Downing Street spokesman': who the document speaks for."""
    noun = head.lemma_.lower()
    allowed = _issuers().get(noun)
    if allowed is None:
        return None
    phrase_start, phrase_end = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
    found = [e for s, _, e in index.within(phrase_start, phrase_end) if s != head.idx]
    found = [e for e in found if allowed == "any" or e.type in _COLLECTIVE]
    return found[0] if len(set(e.id for e in found)) == 1 else None


class _Said:
    """The quotations resolved so far, in text order, and for each word of their sources the
    speaker of the last one whose source holds it ("the statement added" -> the statement's)."""

    def __init__(self) -> None:
        self.quotes: list[Quote] = []
        self.speaker_by_source_word: dict[str, str] = {}

    def add(self, doc: Doc, quote: Quote) -> None:
        self.quotes.append(quote)
        if quote.source is None or quote.speaker is None:
            return
        span = doc.char_span(quote.source.start, quote.source.end, alignment_mode="expand")
        for token in span or ():
            self.speaker_by_source_word[token.lemma_.lower()] = quote.speaker


def _same_document(head: Token, said: _Said, doc: Doc) -> str | None:
    """'the statement added' -> the speaker of the last quotation whose source was a statement."""
    noun = head.lemma_.lower()
    if noun not in _issuers() or head.i == 0 or doc[head.i - 1].lower_ not in ("the", "this", "that"):
        return None
    return said.speaker_by_source_word.get(noun)


def _compatible(entity: Entity, gender: str, number: str) -> bool:
    if number == "plural":
        return entity.type in _COLLECTIVE
    if gender in ("male", "female"):
        return entity.type == "person" and entity.gender in (None, gender)
    return entity.type in _COLLECTIVE  # "it said"


class _Subjects:
    """Tokens that are grammatical subjects outside quotation marks and name an entity, in text order."""

    def __init__(self, doc: Doc, index: MentionIndex) -> None:
        marks = quote_marks(doc)
        self.found: list[tuple[int, Entity]] = []
        for token in doc:
            if token.dep_ in ("nsubj", "nsubjpass") and not marks.inside(token.idx, token.idx + 1):
                entity = index.at(token.idx, token.idx + len(token.text))
                if entity is not None:
                    self.found.append((token.i, entity))
        self.positions = [i for i, _ in self.found]

    def before(self, doc: Doc, head: Token) -> Iterator[Entity]:
        """Their entities in the pronoun's sentence before it and in the sentences before that,
        nearest first."""
        sentence = sentence_of(head)
        for _ in range(_SUBJECT_SENTENCES - 1):
            if sentence.start == 0:
                break
            sentence = sentence_of(doc[sentence.start - 1])
        first, last = bisect_left(self.positions, sentence.start), bisect_left(self.positions, head.i)
        for k in range(last - 1, first - 1, -1):
            yield self.found[k][1]


def _pronoun_antecedent(doc: Doc, head: Token, context: _Context) -> Entity | None:
    """By salience: the nearest compatible subject, then the last compatible speaker, then the
    nearest compatible mention outside quotation marks (Hobbs's preference for subjects, cheaply)."""
    gender, number = _pronouns()[head.lower_]
    marks = quote_marks(doc)
    record, index = context.record, context.index
    for entity in context.subjects.before(doc, head):
        if _compatible(entity, gender, number):
            return entity
    for earlier in reversed(context.said.quotes):
        if earlier.end < head.idx - _PRONOUN_WINDOW:
            break
        entity = record.entity(earlier.speaker)
        if entity is not None and _compatible(entity, gender, number):
            return entity
    for start, end, entity in reversed(index.before(head.idx, _PRONOUN_WINDOW)):
        if not marks.inside(start, end) and _compatible(entity, gender, number):
            return entity
    return None


class _People:
    """The article's people by the folded spellings of their names and aliases, and by initials."""

    def __init__(self, record: ArticleRecord) -> None:
        self.by_name: dict[str, list[Entity]] = {}
        self.by_initials: dict[str, list[Entity]] = {}
        for entity in record.entities:
            if entity.type == "person":
                for key in {names.fold(n) for n in (entity.name, *entity.aliases)}:
                    self.by_name.setdefault(key, []).append(entity)
                self.by_initials.setdefault(names.initials(entity.name), []).append(entity)

    def named(self, key: str, initials: str | None) -> list[Entity]:
        """The people one of whose names folds to `key`, or whose initials are `initials`."""
        found = {id(e): e for e in self.by_name.get(key, [])}
        if initials is not None:
            found.update((id(e), e) for e in self.by_initials.get(initials, []))
        return list(found.values())


class _Context:
    """What resolving every quotation of an article reads, built once per article."""

    def __init__(self, doc: Doc, record: ArticleRecord) -> None:
        self.doc, self.record = doc, record
        self.index = MentionIndex(record)
        self.said = _Said()

    # Built when a quotation first needs them: most articles never do.
    @cached_property
    def subjects(self) -> _Subjects:
        return _Subjects(self.doc, self.index)

    @cached_property
    def people(self) -> _People:
        return _People(self.record)


def _by_label(source: TextSpan, people: _People, transcript: bool) -> Entity | None:
    """A source the tagger found no name in that is still a person's name as the article spells it
    ('((Naomi Martisius))' heading an interview turn), or, labelling a `transcript` line, their
    initials ('MS'; elsewhere 'EU' is no one's initials)."""
    label = source.text
    initials = label if transcript and 2 <= len(label) <= 4 and label.isalpha() and label.isupper() else None
    named = people.named(names.fold(label), initials)
    if len(named) != 1:
        return None
    named[0].add_mention(Mention(source, "", "alias"))
    return named[0]


def resolve(doc: Doc, quote: Quote, context: _Context, candidate: Candidate | None) -> Entity | None:
    """The entity that said `quote`, or None when the text does not tell."""
    source = quote.source
    if source is None:
        return None
    head = _head(doc, candidate, source)
    if head is None:
        return None
    if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
        head = head.head.head  # "Rutte, who said...": the noun the relative clause describes
    index = context.index
    entity = index.at(head.idx, head.idx + len(head.text))
    if entity is not None:
        return entity
    labelled = _by_label(source, context.people, candidate is not None and is_transcript_rule(candidate.rule))
    if labelled is not None:
        return labelled
    lowered = head.lower_
    if lowered in _pronouns() and head.pos_ == "PRON":
        found = _pronoun_antecedent(doc, head, context)
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
    same = _same_document(head, context.said, doc)
    if same is not None:
        return context.record.entity(same)
    # A compound name the tagger split ("Foreign Secretary David Lammy"): a mention inside the
    # source that is the head's own compound.
    inside = [e for s, _, e in index.within(source.start, source.end) if e.type == "person"]
    if len({e.id for e in inside}) == 1 and any(t.dep_ == "compound" and t.head.i == head.i for t in head.children):
        return inside[0]
    return None


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Set `speaker` on every quotation and attribution (entity id or None); follow-ons take their parent's."""
    context = _Context(doc, record)
    candidates: dict[str, Candidate] = doc.user_data.get("newsgraph.quote_candidates", {})
    everything = sorted(record.quotes + record.attributions, key=lambda q: q.start)
    by_id = {q.id: q for q in everything}
    for quote in everything:
        if quote.inherited_from is not None:
            parent = by_id.get(quote.inherited_from)
            quote.speaker = parent.speaker if parent is not None else None
        else:
            entity = resolve(doc, quote, context, candidates.get(quote.id))
            quote.speaker = entity.id if entity is not None else None
        context.said.add(doc, quote)
