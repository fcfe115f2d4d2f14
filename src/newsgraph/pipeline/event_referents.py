"""Pronouns among an event's arguments ("He shot dozens", "He was accused of", "their demands"), resolved
by the coreference the speakers already use (pipeline/coref/antecedents.py: agreement and salience), not
by a second resolver. The quotations' speakers are the salient people it falls back on, as it does when
it resolves a quotation's source. A plural pronoun it cannot resolve may stand for people the text only
described ("The protesters clashed with the police. ... police fired tear gas at them"): the nearest such
group before it, a subject first, in its sentence or the one before. Otherwise it names no one."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..record import ArticleRecord, Entity
from .coref.antecedents import pronouns
from .coref.context import ArticleContext
from .event_groups import described_group

# Closed-class words: the pronouns that may stand for a described group.
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


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

    def described(self, token: Token) -> tuple[str, Token] | None:
        """The described group a plural pronoun the coreference left unresolved stands for, with the head
        noun of its description, or None."""
        if token.pos_ != "PRON" or token.lower_ not in PLURAL_PRONOUNS or self.of(token) is not None:
            return None
        sentence = token.sent
        start = sentence.start if sentence.start == 0 else self._doc[sentence.start - 1].sent.start
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), token.head)
        clause_subjects = {c.i for c in verb.children if c.dep_ in _SUBJECTS}
        groups = [(t, found) for t in reversed(self._doc[start:token.i])
                  if t.tag_ in ("NNS", "NNPS") and t.i not in clause_subjects
                  and (found := described_group(t)) is not None]
        # "they attacked them": an object pronoun is not its own clause's subject
        chosen = next((g for g in groups if g[0].dep_ in _SUBJECTS), groups[0] if groups else None)
        return chosen[1] if chosen else None

    def _resolver(self) -> ArticleContext:
        if self._context is None:
            context = ArticleContext(self._doc, self._record)
            for quote in sorted(self._record.quotes + self._record.attributions, key=lambda q: q.start):
                speaker = self._record.entity(quote.speaker) if quote.speaker else None
                if speaker is not None:
                    context.remember(quote, None, speaker)
            self._context = context
        return self._context
