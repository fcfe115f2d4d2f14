"""The Python API: newsgraph.analyze(text_or_html, published=...)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsgraph
from newsgraph.errors import InputError
from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft


def test_analyze_text() -> None:
    record = newsgraph.analyze("Bridge row\n\nTom Baker said the bridge would open in May.", "2024-12-18")
    assert record.quotes[0].content[0].text == "the bridge would open in May"
    assert json.loads(record.to_json())["published"] == "2024-12-18"


def test_analyze_html() -> None:
    page = ("<html><head><title>Bridge row</title></head><body><article><p>Tom Baker, the council leader, said "
            "on Monday that the new bridge would open in May after years of delay.</p></article></body></html>")
    record = newsgraph.analyze(page, "2024-12-18")
    assert record.headline == "Bridge row"
    assert record.quotes and record.quotes[0].content[0].text.startswith("that the new bridge")


def test_analyze_rejects_empty_input() -> None:
    with pytest.raises(InputError) as raised:
        newsgraph.analyze("   ")
    assert raised.value.reason == "empty"


def test_parser_batches_are_bounded_by_characters() -> None:
    from newsgraph.errors import InputError
    from newsgraph.pipeline import _chunks
    from newsgraph.record import ArticleDraft

    drafts = [ArticleDraft(id=str(i), text="x" * n) for i, n in enumerate([10, 10, 100, 10, 10, 10])]
    error = InputError("empty", "nothing here")
    batches = list(_chunks([*drafts[:2], error, *drafts[2:]], size=3, max_chars=50))
    assert [[getattr(d, "id", "error") for d in b] for b in batches] == [["0", "1", "error"], ["2"], ["3", "4", "5"]]


def test_engine_warms_up_once_and_the_warm_up_exercises_the_stages(engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.pipeline import Engine
    from newsgraph.record import ArticleDraft

    fresh = Engine(nlp=engine.nlp)
    analysed = []
    original = fresh._analyze  # the warm-up's analysis (outside any time budget)
    monkeypatch.setattr(fresh, "_analyze", lambda draft: analysed.append(original(draft)) or analysed[-1])
    fresh.warm()
    fresh.warm()
    assert len(analysed) == 1
    warm_up = analysed[0]
    # The bundled article reaches every table the stages build lazily: quotes, names, dates, events.
    assert [warm_up.entity(q.speaker).name for q in warm_up.quotes if q.speaker] == ["Anne Martin"] * 2
    assert warm_up.dates and warm_up.events
    draft = ArticleDraft(id="a", text="Bridge row\n\nTom Baker said on Monday the bridge would open in May.",
                         published="2024-12-18")
    [record] = list(fresh.analyze_many([draft]))
    assert record.to_json() == engine.analyze_draft(draft).to_json()


def test_workers_replaced_after_a_few_articles_give_the_same_records(short_articles: Path, engine: Engine) -> None:
    # Each worker is replaced after 2 one-article batches: 6 articles need at least 3 workers.
    rows = [json.loads(line) for line in short_articles.read_text(encoding="utf-8").splitlines()[:6]]
    drafts = [ArticleDraft(id=row["id"], text=row["text"], headline=row.get("headline")) for row in rows]
    recycling = Engine(engine.settings.with_(workers=2, batch_size=1, worker_max_articles=2), nlp=engine.nlp)
    parallel = [r.to_dict() for r in recycling.analyze_many(drafts)]
    alone = [r.to_dict() for r in engine.analyze_many(drafts)]
    assert len(parallel) == 6 and parallel == alone
