"""Questions about many character spans, answered without reading them all.

The stages ask "is this token inside a quotation?", "does this span overlap a content already
taken?", "which model spans overlap this rule span?" for every token or every quotation. Asked of
a list, each question costs the list's length, and an article made of thousands of quotations
took minutes (issue 23). These indexes give exactly the list's answers -- they assume nothing
about spans nesting or being disjoint -- from the spans sorted by start with the running maximum
of their ends.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from heapq import heappop, heappush
from itertools import accumulate
from math import inf

Offsets = tuple[int, int]


class SpanIndex:
    """A fixed list of [start, end) spans; answers name spans by their position in that list.

    Sorted by start, with the running maximum of the ends (for "is there any") and a tree of the
    maximum end over ranges of the sorted spans (for "which", in time that grows with the answer,
    not with the list).
    """

    __slots__ = ("_ends", "_max_end", "_order", "_size", "_starts", "_tree")

    def __init__(self, spans: Iterable[Offsets]) -> None:
        listed = list(spans)
        self._order = sorted(range(len(listed)), key=lambda k: listed[k][0])
        self._starts = [listed[k][0] for k in self._order]
        self._ends = [listed[k][1] for k in self._order]
        self._max_end = list(accumulate(self._ends, max))
        self._size = 1 << max(0, len(listed) - 1).bit_length()
        self._tree: list[float] = [-inf] * self._size + self._ends + [-inf] * (self._size - len(listed))
        for node in range(self._size - 1, 0, -1):
            self._tree[node] = max(self._tree[2 * node], self._tree[2 * node + 1])

    def __len__(self) -> int:
        return len(self._starts)

    def any_containing(self, start: int, end: int) -> bool:
        """Some span holds [start, end): span.start <= start and end <= span.end."""
        count = bisect_right(self._starts, start)
        return count > 0 and self._max_end[count - 1] >= end

    def any_overlapping(self, start: int, end: int) -> bool:
        """Some span shares a position with [start, end): span.start < end and start < span.end."""
        count = bisect_left(self._starts, end)
        return count > 0 and self._max_end[count - 1] > start

    def next_overlapping(self, rank: int, start: int, end: int) -> int | None:
        """The first span, counting by start from the `rank`-th, that overlaps [start, end); its rank
        (for spans listed by start, its position in the list)."""
        return self._first_reaching(1, 0, self._size, rank, bisect_left(self._starts, end), start)

    def _first_reaching(self, node: int, low: int, high: int, first: int, limit: int, offset: int) -> int | None:
        """The first rank in [first, limit) within the node's ranks [low, high) whose end passes `offset`."""
        if high <= first or low >= limit or self._tree[node] <= offset:
            return None
        if high - low == 1:
            return low
        middle = (low + high) // 2
        found = self._first_reaching(2 * node, low, middle, first, limit, offset)
        return found if found is not None else self._first_reaching(2 * node + 1, middle, high, first, limit, offset)

    def overlapping(self, start: int, end: int) -> list[int]:
        """The positions of the spans that overlap [start, end), in list order."""
        found = []
        rank = self.next_overlapping(0, start, end)
        while rank is not None:
            found.append(self._order[rank])
            rank = self.next_overlapping(rank + 1, start, end)
        return sorted(found)

    def within(self, start: int, end: int) -> list[int]:
        """The positions of the spans inside [start, end), in list order."""
        first, last = bisect_left(self._starts, start), bisect_right(self._starts, end)
        return sorted(self._order[k] for k in range(first, last) if self._ends[k] <= end)


class GrowingSpanIndex:
    """`SpanIndex.any_overlapping` over spans in a text of `length` characters, to which spans
    are added between questions.

    A Fenwick tree keyed by start keeps the largest end among the spans starting before any
    position: adding a span and asking both cost the logarithm of the text's length.
    """

    __slots__ = ("_tree",)

    def __init__(self, length: int, spans: Iterable[Offsets] = ()) -> None:
        self._tree = [-1] * (length + 2)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        i = min(max(start, 0), len(self._tree) - 2) + 1
        while i < len(self._tree):
            if self._tree[i] < end:
                self._tree[i] = end
            i += i & -i

    def any_overlapping(self, start: int, end: int) -> bool:
        """Some span added so far has span.start < end and start < span.end."""
        i = min(max(end, 0), len(self._tree) - 1)
        furthest = -1
        while i > 0:
            furthest = max(furthest, self._tree[i])
            i -= i & -i
        return furthest > start


class FirstCovering:
    """Of spans given ranks, the lowest rank of one that covers a question's span, for questions
    asked in order of their start (as a pass over the text's quotations asks them).

    A span waits until the questions' start reaches its own; it then enters a Fenwick tree keyed
    by its end that keeps the lowest rank among the spans ending at or after any position. Adding
    a span and asking both cost a logarithm.
    """

    __slots__ = ("_asked_at", "_length", "_tree", "_waiting")

    def __init__(self, length: int) -> None:
        self._length = length
        self._tree: list[float] = [inf] * (length + 2)
        self._waiting: list[tuple[int, int, int]] = []  # a heap of (start, end, rank)
        self._asked_at = -1

    def add(self, start: int, end: int, rank: int) -> None:
        heappush(self._waiting, (start, end, rank))

    def lowest_rank(self, start: int, end: int) -> int | None:
        """The lowest rank of the spans added so far with span.start <= start and end <= span.end."""
        if start < self._asked_at:
            raise ValueError("FirstCovering is asked in order of start")
        self._asked_at = start
        while self._waiting and self._waiting[0][0] <= start:
            _, span_end, rank = heappop(self._waiting)
            i = self._slot(span_end)
            while i < len(self._tree):
                if rank < self._tree[i]:
                    self._tree[i] = rank
                i += i & -i
        i, lowest = self._slot(end), inf
        while i > 0:
            lowest = min(lowest, self._tree[i])
            i -= i & -i
        return None if lowest == inf else int(lowest)

    def _slot(self, end: int) -> int:
        """Tree position of an end: later ends come first, so "ends at or after" is a prefix."""
        return self._length + 1 - min(max(end, 0), self._length)


class ContainingInOrder:
    """A fixed list of spans, asked for those that contain a span, one at a time in list order.

    A tree over the list keeps the smallest start and the largest end under each node; the search
    goes left to right into the nodes that could hold a containing span, so the first answers cost
    a logarithm each and a caller that stops early (`any`, `next`) never reads the rest.
    """

    __slots__ = ("_max_end", "_min_start", "_size")

    def __init__(self, spans: Iterable[Offsets]) -> None:
        listed = list(spans)
        self._size = 1 << max(0, len(listed) - 1).bit_length()
        padding = self._size - len(listed)
        self._min_start: list[float] = [inf] * self._size + [s for s, _ in listed] + [inf] * padding
        self._max_end: list[float] = [-inf] * self._size + [e for _, e in listed] + [-inf] * padding
        for node in range(self._size - 1, 0, -1):
            self._min_start[node] = min(self._min_start[2 * node], self._min_start[2 * node + 1])
            self._max_end[node] = max(self._max_end[2 * node], self._max_end[2 * node + 1])

    def containing(self, start: int, end: int) -> Iterator[int]:
        """Positions of the spans with span.start <= start and end <= span.end, in list order."""
        stack = [1]
        while stack:
            node = stack.pop()
            if self._min_start[node] > start or self._max_end[node] < end:
                continue
            if node >= self._size:
                yield node - self._size
            else:
                stack += (2 * node + 1, 2 * node)  # the left child is searched first
