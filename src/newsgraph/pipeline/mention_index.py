"""The entities' mentions by position: which entity a token names, which mentions lie in a phrase.

Built once per stage from the record's entities, so that a question about one quotation costs a
bisection, not a pass over every mention of the article (an article of thousands of quotations
by thousands of people was quadratic, issue 23).
"""

from __future__ import annotations

from bisect import bisect_left

from ..intervals import SpanIndex
from ..record import ArticleRecord, Entity

Located = tuple[int, int, Entity]  # (start, end, entity) of one mention


# Mentions that are not names: what a description or a pronoun was resolved to.
_REFERRING_KINDS = frozenset({"description", "pronoun"})


class MentionIndex:
    """Every mention of `record`'s entities, sorted by start (mentions starting together keep the
    entities' order); with `names_only`, only the names ("Rutte", not "the secretary general" or
    "he" joined to him)."""

    def __init__(self, record: ArticleRecord, *, names_only: bool = False) -> None:
        self.mentions: list[Located] = sorted(
            ((m.span.start, m.span.end, e) for e in record.entities for m in e.mentions
             if not (names_only and m.kind in _REFERRING_KINDS)), key=lambda t: t[0])
        self._starts = [start for start, _, _ in self.mentions]
        self._spans = SpanIndex((start, end) for start, end, _ in self.mentions)
        self._rank = {id(entity): rank for rank, entity in enumerate(record.entities)}

    def within(self, start: int, end: int) -> list[Located]:
        """The mentions inside [start, end), by start."""
        return [self.mentions[k] for k in self._spans.within(start, end)]

    def at(self, start: int, end: int) -> Entity | None:
        """The entity of the first mention, by start, that overlaps [start, end)."""
        first = self._spans.next_overlapping(0, start, end)
        return self.mentions[first][2] if first is not None else None

    def first_entity_at(self, start: int, end: int) -> Entity | None:
        """The first entity, in the record's order, with a mention that overlaps [start, end)."""
        entities = [self.mentions[k][2] for k in self._spans.overlapping(start, end)]
        return min(entities, key=lambda entity: self._rank[id(entity)], default=None)

    def before(self, offset: int, window: int) -> list[Located]:
        """The mentions that start in the `window` characters before `offset`, by start."""
        return self.mentions[bisect_left(self._starts, offset - window) : bisect_left(self._starts, offset)]
