"""Corrections by hand (merge, split, rename): applied, recorded, and replayed on later ingests."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from newsgraph.errors import NotFoundError
from newsgraph.record import ArticleRecord, Entity, Mention, Quote, Span
from newsgraph.store import Store
from newsgraph.store.corrections import replay
from newsgraph.store.schema import connect
from newsgraph.store.writer import write_article


def article(key: str, speaker: str, entity_type: str = "person", published: str = "2024-12-01",
            words: str = "the plan will work") -> ArticleRecord:
    """A one-quotation article: '<speaker> said <words>.' with offsets."""
    text = f"{speaker} said {words}."
    name = Span(0, len(speaker), speaker)
    content = Span(len(speaker) + 6, len(text) - 1, words)
    entity = Entity(id="E1", name=speaker, type=entity_type, mentions=[Mention(name, "PERSON")])  # type: ignore[arg-type]
    quote = Quote(id="Q1", kind="indirect", content=[content], cue=Span(len(speaker) + 1, len(speaker) + 5, "said"),
                  source=name, speaker="E1", confidence=0.8)
    return ArticleRecord(id=key, text=text, published=published, entities=[entity], quotes=[quote])


def write(conn: sqlite3.Connection, record: ArticleRecord) -> None:
    write_article(conn, record, hashlib.sha256(record.id.encode()).hexdigest(), record.id)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "corrections.db"
    conn = connect(path)
    write(conn, article("a1", "Jim Smith"))
    write(conn, article("a2", "James Smith"))
    write(conn, article("a3", "Acme Corp", "organisation"))
    conn.close()
    return path


def speakers(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT a.key, e.name FROM quotes q JOIN articles a ON a.id = q.article_id "
                                 "JOIN entities e ON e.id = q.speaker_id"))


def test_merge_is_applied_recorded_and_replayed_on_a_later_ingest(db: Path) -> None:
    assert speakers(db)["a1"] != speakers(db)["a2"]
    with Store(db, writable=True) as store:
        store.merge("James Smith", "Jim Smith")
    assert speakers(db) == {"a1": "James Smith", "a2": "James Smith", "a3": "Acme Corp"}
    conn = connect(db)
    assert [tuple(r) for r in conn.execute("SELECT action, target, argument FROM corrections")] == [
        ("merge", "James Smith", "Jim Smith")]
    write(conn, article("a4", "Jim Smith"))
    replay(conn)
    conn.close()
    assert speakers(db)["a4"] == "James Smith"


def test_split_separates_the_articles_that_used_the_alias(db: Path) -> None:
    with Store(db, writable=True) as store:
        store.merge("James Smith", "Jim Smith")
        store.split("James Smith", "Jim Smith")
    assert speakers(db)["a1"] == "Jim Smith" and speakers(db)["a2"] == "James Smith"
    conn = connect(db)
    write(conn, article("a5", "Jim Smith"))
    replay(conn)  # the merge then the split, again: the later article stays apart too
    conn.close()
    assert speakers(db)["a5"] == "Jim Smith" and speakers(db)["a2"] == "James Smith"


def test_rename_keeps_the_old_name_as_an_alias(db: Path) -> None:
    with Store(db, writable=True) as store:
        store.rename("Acme Corp", "Acme Corporation")
        assert store.entity("Acme Corp")["name"] == "Acme Corporation"
    conn = connect(db)
    write(conn, article("a6", "Acme Corp", "organisation"))
    replay(conn)
    conn.close()
    assert speakers(db)["a6"] == "Acme Corporation"


def test_corrections_name_unknown_or_ambiguous_entities_clearly(db: Path) -> None:
    with Store(db, writable=True) as store:
        with pytest.raises(NotFoundError, match="no entity"):
            store.merge("Nobody Here", "Jim Smith")
        with pytest.raises(NotFoundError, match="no article calls"):
            store.split("James Smith", "Jimmy")
        assert store.stats()["counts"]["corrections"] == 0


def told(key: str, outlet: str) -> ArticleRecord:
    """'Anna Berg told <outlet> the plan will work.': a quotation whose venue is the outlet entity."""
    text = f"Anna Berg told {outlet} the plan will work."
    speaker, venue = Span.of(text, 0, 9), Span.of(text, 15, 15 + len(outlet))
    people = Entity("E1", "Anna Berg", "person", mentions=[Mention(speaker, "PERSON")])
    station = Entity("E2", outlet, "outlet", mentions=[Mention(venue, "ORG")])
    quote = Quote("Q1", "indirect", [Span.of(text, 16 + len(outlet), len(text) - 1)], cue=Span.of(text, 10, 14),
                  source=speaker, speaker="E1", venue="E2", confidence=0.8)
    return ArticleRecord(id=key, text=text, published="2024-12-01", entities=[people, station], quotes=[quote])


def venues(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        found = dict(conn.execute("SELECT a.key, e.name FROM quotes q JOIN articles a ON a.id = q.article_id "
                                  "JOIN entities e ON e.id = q.venue_id"))
    conn.close()
    return found


def test_an_outlet_that_is_a_quotations_venue_is_merged_and_split_with_its_quotations(tmp_path: Path) -> None:
    """The venue column was left pointing at the merged entity: the merge failed on its foreign key."""
    db = tmp_path / "venues.db"
    conn = connect(db)
    write(conn, told("v1", "ITV News"))
    write(conn, told("v2", "ITV"))
    conn.close()
    with Store(db, writable=True) as store:
        assert "merged" in store.merge("ITV News", "ITV")
        assert venues(db) == {"v1": "ITV News", "v2": "ITV News"}
        store.split("ITV News", "ITV")
    assert venues(db) == {"v1": "ITV News", "v2": "ITV"}
