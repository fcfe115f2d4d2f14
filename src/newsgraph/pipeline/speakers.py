"""Speakers: each quotation's source as written ("he", "Rutte", "the statement") resolved to an entity.

The sieve of `coref` (its docstring describes the passes): the precise passes first (a speaker
label, a titled or apposed name, the source's own name), then documents and spokespeople to their
issuer, descriptions to the one entity they fit, pronouns by agreement and salience. A source no
pass resolves with confidence leaves the speaker null: a wrong speaker is worse than none.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from ..nlp import doc_text
from ..record import ArticleRecord, Entity, Quote
from ..record import Span as TextSpan
from ..settings import Settings
from .candidates import Candidate
from .coref import antecedents, descriptions, documents, named
from .coref.context import ArticleContext, Nobody, Source, Verdict

Pass = Callable[[Source, ArticleContext], Verdict]

# The sieve, most precise first (docs/evaluation.md measures what each adds).
PASSES: tuple[Pass, ...] = (
    named.speaker_label, named.titled_person, named.head_name, named.apposition, named.described_name,
    named.body_named_before, named.body_of_its_leader, named.introduced_name, named.split_name,
    documents.document, descriptions.description, antecedents.pronoun,
)


def _head(doc: Doc, quote: Quote, candidate: Candidate | None) -> Token | None:
    if candidate is not None and candidate.source_token is not None:
        head = doc[candidate.source_token]
    else:
        span = doc.char_span(quote.source.start, quote.source.end, alignment_mode="expand") if quote.source else None
        if span is None:
            return None
        head = span.root
    return named.relative_head(head)


def _source(doc: Doc, quote: Quote, head: Token, candidate: Candidate | None) -> Source:
    """What the sieve resolves: the source as written, or where it names a relay before the speaker
    ("According to news agency ISNA, the prosecutor general, Ali Mehr, said"), the speaker's part."""
    assert quote.source is not None
    speaker = named.speaker_after_relay(head)
    if speaker is head:
        return Source(quote, quote.source, head, candidate)
    return Source(quote, TextSpan.of(doc_text(doc), speaker.left_edge.idx, quote.source.end), speaker, candidate)


def resolve(source: Source, context: ArticleContext) -> Verdict:
    """What the first pass that can tell says `source` is."""
    for resolver in PASSES:
        verdict = resolver(source, context)
        if verdict is not None:
            return verdict
    return None


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Set `speaker` on every quotation and attribution (entity id or None); follow-ons take their parent's."""
    context = ArticleContext(doc, record)
    candidates: dict[str, Candidate] = doc.user_data.get("newsgraph.quote_candidates", {})
    everything = sorted(record.quotes + record.attributions, key=lambda q: q.start)
    by_id = {q.id: q for q in everything}
    for quote in everything:
        head: Token | None = None
        verdict: Verdict = None
        if quote.inherited_from is not None:
            parent = by_id.get(quote.inherited_from)
            quote.speaker = parent.speaker if parent is not None else None
        elif quote.source is not None and (head := _head(doc, quote, candidates.get(quote.id))) is not None:
            verdict = resolve(_source(doc, quote, head, candidates.get(quote.id)), context)
            quote.speaker = verdict.id if isinstance(verdict, Entity) else None
        else:
            quote.speaker = None
        context.remember(quote, head, verdict if not isinstance(verdict, Nobody) or head is not None else None)
