"""Fuzzing the engine: bundled Wikinews articles mutated at random, and the inputs that once took
minutes (tests/pathological.py) at random sizes, must give a record whose every span is the text at
its offsets (or a documented rejection), never an exception, and in bounded time.

The suite runs a fixed, derandomised set of examples (under a minute); `make fuzz` runs many more,
random and larger (NEWSGRAPH_FUZZ_EXAMPLES, NEWSGRAPH_FUZZ_MAX_CHARS), and keeps failing examples
in `.hypothesis/` so that a rerun replays them first.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.errors import InputError
from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft
from newsgraph.settings import DEFAULT_SETTINGS

from .conftest import WIKINEWS
from .pathological import FAMILIES

LONG_RUN = "NEWSGRAPH_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("NEWSGRAPH_FUZZ_EXAMPLES", "24"))
MAX_CHARS = int(os.environ.get("NEWSGRAPH_FUZZ_MAX_CHARS", "6000"))
# Far above what any of these articles needs (a second or two at most): an article that reaches it
# is rejected as too_slow, which fails the test.
BUDGET_SECONDS = 60.0
# What the engine may answer to a text it should not analyse; anything else is a bug.
DOCUMENTED_REJECTIONS = {"empty", "not_english", "too_large"}

FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not LONG_RUN,
                database=settings.default.database if LONG_RUN else None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that trouble a tokenizer, a quotation-mark pairer, a sentence splitter or an offset.
FRAGMENTS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "``", "''", "(", ")", "[", "]", "{", "}", "<", ">",
             "\n", "\n\n", " ", "\t", "\u00a0", "\u200b", "\u2028", "\r", "—", "–", "-", "--", ":", ";", ".",
             "...", "…", "!", "?", ",", "said", " he said. ", '"Yes," she said. ', "According to ",
             "In an interview with Reuters on Monday, ", "Mr. ", "Jr.", "U.S.", "e.g.", "@user", "#tag",
             "https://example.org/a?b=c", "é", "ß", "İ", "😀", "\u0301", "ﬁ", "<p>", "</p>", "&amp;", "\x0c",
             "Advertisement", "Read more: ", "By Jane Doe", "PENCE: ", "((Name))", "2024-12-17", "Tuesday"]


def _corpus() -> list[str]:
    rows = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row["text"] for row in rows if len(row["text"]) <= MAX_CHARS] or [rows[0]["text"][:MAX_CHARS]]


CORPUS = _corpus()


@st.composite
def mutated_articles(draw: st.DrawFn) -> str:
    """A bundled article with a few random edits: fragments inserted (repeated), stretches deleted
    or duplicated, a pathological text spliced in, the end cut off."""
    text = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(0, 6))):
        at = int(draw(st.floats(0, 1, exclude_max=True)) * (len(text) + 1))
        edit = draw(st.sampled_from(["insert", "delete", "duplicate", "splice", "cut"]))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(FRAGMENTS)) * draw(st.integers(1, 300)) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 400)) :]
        elif edit == "duplicate":
            stretch = text[at : at + draw(st.integers(1, 300))]
            text = text[:at] + stretch * draw(st.integers(2, 20)) + text[at:]
        elif edit == "splice":
            family = FAMILIES[draw(st.sampled_from(sorted(FAMILIES)))]
            text = text[:at] + family(draw(st.integers(50, 3000))) + text[at:]
        else:
            text = text[:at]
    return text[: 2 * MAX_CHARS]


@st.composite
def pathological_articles(draw: st.DrawFn) -> str:
    family = FAMILIES[draw(st.sampled_from(sorted(FAMILIES)))]
    return family(draw(st.integers(1, MAX_CHARS)))


def _spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every span of a record's JSON form: a dict with start, end and the text between them."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys():
            yield value
        for item in value.values():
            yield from _spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from _spans(item)


@pytest.fixture(scope="module")
def budgeted(engine: Engine) -> Engine:
    """The session's engine with a time budget: an article that reaches it fails the test."""
    engine.warm()
    return Engine(DEFAULT_SETTINGS.with_(max_article_seconds=BUDGET_SECONDS), nlp=engine.nlp)


def _check(engine: Engine, text: str) -> None:
    started = time.monotonic()
    try:
        record = engine.analyze_draft(ArticleDraft(id="fuzz", text=text, published="2024-12-18"))
    except InputError as rejected:
        assert rejected.reason in DOCUMENTED_REJECTIONS, rejected
        return
    assert time.monotonic() - started < BUDGET_SECONDS
    data = record.to_dict()
    for span in _spans(data):
        assert record.text[span["start"] : span["end"]] == span["text"], span
    json.dumps(data)  # the record serialises


@FUZZ
@given(text=mutated_articles())
def test_mutated_articles_give_exact_offsets(budgeted: Engine, text: str) -> None:
    _check(budgeted, text)


@FUZZ
@given(text=pathological_articles())
def test_pathological_articles_give_exact_offsets(budgeted: Engine, text: str) -> None:
    _check(budgeted, text)
