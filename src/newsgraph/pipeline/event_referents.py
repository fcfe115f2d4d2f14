"""Pronouns among an event's arguments ("He shot dozens", "He was accused of", "their demands"), resolved
by the coreference the speakers already use (pipeline/coref/antecedents.py: agreement and salience), not
by a second resolver. The quotations' speakers are the salient people it falls back on, as it does when
it resolves a quotation's source. A pronoun it cannot resolve names no one."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..record import ArticleRecord, Entity
from .coref.antecedents import pronouns
from .coref.context import ArticleContext


class Referents:
    """The entity each pronoun stands for, built on first use (most articles' events need none)."""

    def __init__(self, doc: Doc, record: ArticleRecord) -> None:
        self._doc, self._record = doc, record
        self._context: ArticleContext | None = None
        self._found: dict[int, str | None] = {}

    def of(self, token: Token) -> str | None:
        """The entity id a personal pronoun stands for, or None."""
        if token.pos_ != "PRON" or token.lower_ not in pronouns():
            return None
        if token.i not in self._found:
            verdict = self._resolver().antecedents.resolve(token)
            self._found[token.i] = verdict.id if isinstance(verdict, Entity) else None
        return self._found[token.i]

    def _resolver(self) -> ArticleContext:
        if self._context is None:
            context = ArticleContext(self._doc, self._record)
            for quote in sorted(self._record.quotes + self._record.attributions, key=lambda q: q.start):
                speaker = self._record.entity(quote.speaker) if quote.speaker else None
                if speaker is not None:
                    context.remember(quote, None, speaker)
            self._context = context
        return self._context
