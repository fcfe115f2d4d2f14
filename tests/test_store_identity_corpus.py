"""Identity on a hand-written corpus (corpora/identity/): the engine analyses it, the store resolves
its entities, and the result is scored pairwise against the gold referents of every name."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

from newsgraph.eval.identity import gold_referents, score
from newsgraph.pipeline import Engine
from newsgraph.store import ingest

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "identity" / "articles.jsonl"
GOLD = gold_referents(CORPUS.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Path:
    path = tmp_path_factory.mktemp("identity-corpus") / "corpus.db"
    summary = ingest([str(CORPUS)], path, engine=engine, workers=1)
    assert summary.stored == len(GOLD) and not summary.rejected
    return path


@pytest.fixture(scope="module")
def entities(db: Path) -> dict[tuple[str, str], set[int]]:
    """(article id, gold referent) -> the store entities of that article's entities with that referent."""
    found: dict[tuple[str, str], set[int]] = defaultdict(set)
    with sqlite3.connect(db) as conn:
        for key, entity_id, name, texts in conn.execute(
                "SELECT a.key, ae.entity_id, ae.name, group_concat(m.text, '|') FROM article_entities ae "
                "JOIN articles a ON a.id = ae.article_id JOIN mentions m ON m.article_entity_id = ae.id "
                "GROUP BY ae.id"):
            names = GOLD[key]
            for spelling in [name, *str(texts).split("|")]:
                if spelling in names:
                    found[(key, names[spelling])].add(int(entity_id))
    conn.close()
    return found


def one(entities: dict[tuple[str, str], set[int]], *mentions: tuple[str, str]) -> bool:
    """Whether these (article, referent) pairs are all the one same store entity."""
    ids = [entities[mention] for mention in mentions]
    assert all(ids), [m for m, found in zip(mentions, ids, strict=True) if not found]
    return len(set.union(*ids)) == 1


def test_pairwise_identity_on_the_hand_written_corpus(db: Path) -> None:
    """Measured 0.91 / 0.57 (0.87 / 0.35 before the identity keys of docs/store.md); the wrong pairs
    are the tagger's: "Bush" and Jim Jordan's "Jordan" read as places. Much of what recall lacks is
    "Singapore Airlines (SIA)", which the engine does not yet tie into one entity."""
    found = score(db, GOLD)
    assert found.labelled >= 75
    assert found.precision >= 0.85 and found.recall >= 0.5, found


def test_suffixes_short_forms_and_transliterations_join(entities: dict[tuple[str, str], set[int]]) -> None:
    assert one(entities, ("apple-results", "org:apple"), ("apple-history", "org:apple"))
    assert one(entities, ("ford-recall", "org:ford"), ("ford-electric", "org:ford"))
    assert one(entities, ("microsoft-cloud", "org:microsoft"), ("microsoft-fine", "org:microsoft"))
    assert one(entities, ("trump-rally", "per:donald-trump"), ("trump-tariffs", "per:donald-trump"),
               ("trump-late", "per:donald-trump"), ("trump-jr", "per:donald-trump"))
    assert one(entities, ("trump-jr", "per:donald-trump-jr"))  # "Donald Trump Jr." and "Trump Jr."
    assert one(entities, ("zelenskyy-visit", "per:zelenskyy"), ("zelensky-speech", "per:zelenskyy"))
    assert one(entities, ("fox-interview", "org:fox-news"), ("fox-debate", "org:fox-news"))


def test_namesakes_parents_and_subsidiaries_stay_apart(entities: dict[tuple[str, str], set[int]]) -> None:
    def apart(first: tuple[str, str], second: tuple[str, str]) -> bool:
        return not entities[first] & entities[second] and bool(entities[first]) and bool(entities[second])

    assert apart(("apple-results", "org:apple"), ("apple-records", "org:apple-records"))
    assert apart(("ford-recall", "org:ford"), ("ford-australia", "org:ford-australia"))
    assert apart(("tata-motors", "org:tata-motors"), ("tata-group", "org:tata-group"))
    assert apart(("trump-rally", "per:donald-trump"), ("trump-jr", "per:donald-trump-jr"))
    assert apart(("trump-rally", "per:donald-trump"), ("melania-garden", "per:melania-trump"))
    assert apart(("boris-johnson", "per:boris-johnson"), ("dwayne-johnson", "per:dwayne-johnson"))
    # (George W. Bush and George H. W. Bush are two entities here too, but the tagger reads the "Bush"
    # of both articles as a place, one and the same: test_store_identity_rules.py checks the people.)
