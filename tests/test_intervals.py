"""The span indexes answer exactly what a scan of the spans answers, whatever the spans (nested,
overlapping, empty, repeated), and so do the quotation-mark questions built on them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.intervals import ContainingInOrder, FirstCovering, GrowingSpanIndex, SpanIndex
from newsgraph.pipeline.quotemarks import find_quote_marks

LENGTH = 60
positions = st.integers(0, LENGTH)
spans = st.tuples(positions, positions).map(sorted).map(tuple)
span_lists = st.lists(spans, max_size=25)
EXAMPLES = settings(max_examples=300, deadline=None, derandomize=True)


@EXAMPLES
@given(span_lists, spans)
def test_span_index_matches_a_scan(listed: list[tuple[int, int]], query: tuple[int, int]) -> None:
    index, (start, end) = SpanIndex(listed), query
    assert index.any_containing(start, end) == any(s <= start and end <= e for s, e in listed)
    assert index.any_overlapping(start, end) == any(s < end and start < e for s, e in listed)
    assert index.overlapping(start, end) == [k for k, (s, e) in enumerate(listed) if s < end and start < e]
    assert index.within(start, end) == [k for k, (s, e) in enumerate(listed) if start <= s and e <= end]
    assert list(ContainingInOrder(listed).containing(start, end)) == [
        k for k, (s, e) in enumerate(listed) if s <= start and end <= e]


@EXAMPLES
@given(st.lists(st.tuples(spans, spans), max_size=25))
def test_growing_index_matches_a_scan(steps: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    index, added = GrowingSpanIndex(LENGTH), []
    for (start, end), query in steps:
        index.add(start, end)
        added.append((start, end))
        assert index.any_overlapping(*query) == any(s < query[1] and query[0] < e for s, e in added)


@EXAMPLES
@given(span_lists, st.lists(spans, max_size=25))
def test_first_covering_matches_a_scan(ranked: list[tuple[int, int]], queries: list[tuple[int, int]]) -> None:
    covering = FirstCovering(LENGTH)
    for rank, (start, end) in enumerate(ranked):
        covering.add(start, end, rank)
    for start, end in sorted(queries):
        expected = next((rank for rank, (s, e) in enumerate(ranked) if s <= start and end <= e), None)
        assert covering.lowest_rank(start, end) == expected


QUOTE_TEXT = st.lists(st.sampled_from(['"', "'", "“", "”", "‘", "’", " ", "a", "b", "s", ".", ",", "\n", "A"]),
                      max_size=80).map("".join)


@EXAMPLES
@given(QUOTE_TEXT, positions, positions)
def test_quotation_mark_questions_match_a_scan(text: str, a: int, b: int) -> None:
    marks = find_quote_marks(text)
    start, end = min(a, b), max(a, b)
    regions = marks.regions
    assert marks.encloses(start) == any(r.start <= start < r.end for r in regions)
    assert marks.inside(start, end) == any(r.inner_start <= start and end <= r.inner_end for r in regions)
    assert marks.covered_by([(start, end)]) == [r for r in regions if start <= r.start and r.end <= end]
