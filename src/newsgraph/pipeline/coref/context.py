"""What the resolver's passes read: the source being resolved, and one article's entities, parse and
quotations resolved so far (built once per article, the costly parts only when a source needs them).
"""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ...record import ArticleRecord, Entity, Quote
from ...record import Span as TextSpan
from ..candidates import Candidate
from ..mention_index import MentionIndex
from ..quotemarks import QuoteMarks, quote_marks

if TYPE_CHECKING:  # the passes' per-article tables, built on first use
    from .antecedents import Antecedents
    from .documents import Documents
    from .named import People
    from .profiles import Profiles


class Nobody(Enum):
    """A pass's finding that the source is someone the article does not name ("The head of the
    internal investigators told the court ... She also said"): the speaker stays null, and no
    later pass may guess."""

    NOBODY = "nobody"


NOBODY = Nobody.NOBODY
# What a pass says about a source: the entity, no one the article names, or None: it cannot tell,
# the next pass tries.
Verdict = Entity | Nobody | None

COLLECTIVE_TYPES = frozenset({"organisation", "outlet", "group", "place"})
ORGANISATION_TYPES = frozenset({"organisation", "outlet", "group"})


@dataclass(frozen=True, slots=True)
class Source:
    """A quotation's source as written, and the token that heads it."""

    quote: Quote
    span: TextSpan
    head: Token
    candidate: Candidate | None

    @property
    def reach(self) -> int:
        """Where words that may still belong to the source end: at its cue when the cue follows it
        (a rule may cut "WHO director-general Tedros Adhanom Ghebreyesus said" at "WHO"), else at
        the source's own end."""
        cue = self.quote.cue
        return cue.start if cue is not None and cue.start >= self.span.end else self.span.end


@dataclass(frozen=True, slots=True)
class Resolved:
    """A quotation already resolved: where its source's head is, and what it was resolved to."""

    quote: Quote
    head: Token | None
    verdict: Verdict


class ArticleContext:
    """One article as the passes read it."""

    def __init__(self, doc: Doc, record: ArticleRecord) -> None:
        self.doc, self.record = doc, record
        self.mentions = MentionIndex(record)
        self.names = MentionIndex(record, names_only=True)
        self.resolved: list[Resolved] = []  # in text order
        self._resolved_heads: dict[int, Verdict] = {}
        self.source_heads: list[int] = []  # the token positions of their sources' heads, sorted

    def remember(self, quote: Quote, head: Token | None, verdict: Verdict) -> None:
        self.resolved.append(Resolved(quote, head, verdict))
        if head is not None and head.i not in self._resolved_heads:
            self._resolved_heads[head.i] = verdict
            insort(self.source_heads, head.i)

    def verdict_at(self, token: Token) -> Verdict:
        """What the source headed by `token` was resolved to, when it is an earlier quotation's
        source (None otherwise, or when it was not resolved)."""
        return self._resolved_heads.get(token.i)

    def name_at(self, token: Token) -> Entity | None:
        """The entity a name covering `token` names."""
        return self.names.at(token.idx, token.idx + len(token.text))

    @cached_property
    def marks(self) -> QuoteMarks:
        return quote_marks(self.doc)

    def quoted(self, token: Token) -> bool:
        """Whether `token` is inside quotation marks (someone's words, not the article's)."""
        return self.marks.inside(token.idx, token.idx + len(token.text))

    # The passes' own tables: imported here, not at the top, because they read this context.
    @cached_property
    def profiles(self) -> Profiles:
        from .profiles import Profiles

        return Profiles(self.doc, self.record, self.names)

    @cached_property
    def people(self) -> People:
        from .named import People

        return People(self.record.entities)

    @cached_property
    def documents(self) -> Documents:
        from .documents import Documents

        return Documents(self)

    @cached_property
    def antecedents(self) -> Antecedents:
        from .antecedents import Antecedents

        return Antecedents(self)
