"""Shared fixtures: one loaded model for the whole test session (loading takes seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft, ArticleRecord

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "itv-zelenskyy-nato.txt"
WIKINEWS = ROOT / "corpora" / "wikinews-2019-2020" / "articles.jsonl"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="session")
def analyse(engine: Engine):  # type: ignore[no-untyped-def]
    """analyse(text, published=None) -> ArticleRecord, through the whole engine."""

    def run(text: str, published: str | None = None, headline: str | None = None) -> ArticleRecord:
        return engine.analyze_draft(ArticleDraft(id="test", text=text, published=published, headline=headline))

    return run


@pytest.fixture(scope="session")
def example(analyse) -> ArticleRecord:  # type: ignore[no-untyped-def]
    return analyse(EXAMPLE.read_text(encoding="utf-8"), "2024-12-18")


@pytest.fixture(scope="session")
def short_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 20 shortest bundled Wikinews articles as JSON Lines (quick to analyse)."""
    import json

    rows = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.sort(key=lambda row: (len(row["text"]), row["id"]))
    path = tmp_path_factory.mktemp("corpus") / "short.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows[:20]), encoding="utf-8")
    return path
