"""The tokenizer's windowed suffix search and long-run pieces: spaCy's tokens on news, the text kept."""

from __future__ import annotations

import json
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.nlp import load_bare_model
from newsgraph.pipeline import Engine
from newsgraph.tokenizing import WindowedSuffixSearch, run_cuts, tokenize_in_runs

from .conftest import EXAMPLE, WIKINEWS

# What the English suffix rules turn on: full stops (runs of them too), units, quotation marks,
# brackets, digits.
AFFIX_ALPHABET = [*".,;:!?'\"”’)]}>%°$€£-+*/…kmgKMGFCsx0123456789 ", "km", "mph", "'s", "n't", "......"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(AFFIX_ALPHABET), max_size=60).map("".join))
def test_the_windowed_suffix_search_finds_what_spacy_finds(engine: Engine, text: str) -> None:
    search = engine.nlp.tokenizer.suffix_search
    assert isinstance(search, WindowedSuffixSearch)
    found, expected = search(text), search.search(text)
    assert (found.end() - found.start() if found else 0) == (expected.end() - expected.start() if expected else 0)


def test_news_is_tokenised_exactly_as_spacy_tokenises_it(engine: Engine) -> None:
    bare = load_bare_model().tokenizer
    texts = [json.loads(line)["text"] for line in WIKINEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts.append(EXAMPLE.read_text(encoding="utf-8"))
    texts.append("A row of dots.................................................... and on.")
    for text in texts:
        ours = tokenize_in_runs(engine.nlp, text, engine.settings.max_run_chars)
        assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in bare(text)]


def test_a_long_run_is_cut_into_pieces_that_keep_the_text(engine: Engine) -> None:
    text = "Before it " + "([" * 100_000 + " after."
    assert run_cuts("short words only", 10) == []
    assert run_cuts("ab " + "x" * 25 + " cd", 10) == [13, 23]
    started = time.perf_counter()
    doc = tokenize_in_runs(engine.nlp, text, engine.settings.max_run_chars)
    assert time.perf_counter() - started < 60  # seconds of work; the whole run took hours
    assert doc.text == text
    assert [t.text for t in doc[:3]] == ["Before", "it", "("]
