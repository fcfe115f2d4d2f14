"""Upgrading a store's identities (migration 4): the stored article entities are resolved again with
this version's rules, entity ids are kept, and no correction by hand is lost."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from newsgraph.errors import NotFoundError
from newsgraph.record import ArticleRecord, Entity, Mention, Quote, Span
from newsgraph.store import Store, schema
from newsgraph.store.schema import connect, latest_version, transaction
from newsgraph.store.upgrade import reresolve_identities
from newsgraph.store.writer import write_article

OLD_ROWS = Path(__file__).resolve().parent / "data" / "store_v3_identity.sql"


def version_3_store(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The store tests/data/store_v3_identity.sql holds, in a file made by the shipped migrations 1-3."""
    shipped = schema.migrations()
    monkeypatch.setattr(schema, "migrations", lambda: shipped[:3])
    conn = connect(path)
    monkeypatch.setattr(schema, "migrations", lambda: shipped)
    conn.execute("PRAGMA foreign_keys = OFF")  # the rows come table by table, not in reference order
    conn.executescript(OLD_ROWS.read_text(encoding="utf-8"))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    conn.close()
    return path


def speakers(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[int, str]]:
    """(article, quotation) -> (speaker's entity id, name)."""
    return {(key, local): (entity_id, name) for key, local, entity_id, name in conn.execute(
        "SELECT a.key, q.local_id, e.id, e.name FROM quotes q JOIN articles a ON a.id = q.article_id "
        "JOIN entities e ON e.id = q.speaker_id")}


def groups(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
    """(article, local entity id) -> store entity id."""
    return {(key, local): entity_id for key, local, entity_id in conn.execute(
        "SELECT a.key, ae.local_id, ae.entity_id FROM article_entities ae JOIN articles a ON a.id = ae.article_id")}


def entity_of(conn: sqlite3.Connection, key: str, name: str) -> int:
    return int(conn.execute("SELECT ae.entity_id FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
                            "WHERE a.key = ? AND ae.name = ?", (key, name)).fetchone()[0])


def assert_consistent(conn: sqlite3.Connection) -> None:
    """Every row that points at an entity points where its article entity does; types are counted."""
    for table, column, via in (("mentions", "entity_id", "article_entity_id"),
                               ("quotes", "speaker_id", "speaker_article_entity_id"),
                               ("quote_entities", "entity_id", "article_entity_id"),
                               ("event_participants", "entity_id", "article_entity_id"),
                               ("events", "place_id", "place_article_entity_id")):
        assert conn.execute(f"SELECT count(*) FROM {table} t JOIN article_entities ae ON ae.id = t.{via} "
                            f"WHERE t.{column} != ae.entity_id").fetchone()[0] == 0, table
    assert conn.execute("SELECT count(*) FROM pragma_foreign_key_check").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM entities e WHERE (SELECT sum(articles) FROM entity_types t "
                        "WHERE t.entity_id = e.id) IS NOT (SELECT count(*) FROM article_entities ae "
                        "WHERE ae.entity_id = e.id)").fetchone()[0] == 0


def test_a_version_3_store_is_resolved_again_keeping_ids_and_corrections(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = version_3_store(tmp_path / "old.db", monkeypatch)
    with sqlite3.connect(db) as old:
        before = speakers(old)
        assert before[("trump-tariffs", "Q1")] == (10, "Trump")  # the stray, beside Donald Trump (#7)
    old.close()

    conn = connect(db)  # opened for writing by this version: migrated
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()  # 4 re-resolves identities
    after = speakers(conn)
    # The stray "Trump" is Donald Trump now (an article calls him so and nobody else), under his id.
    assert after[("trump-tariffs", "Q1")] == after[("trump-late", "Q1")] == (7, "Donald Trump")
    assert tuple(conn.execute("SELECT kept_id, merged_id, name, reason FROM identity_merges "
                              "WHERE merged_id = 10").fetchone()) == (7, 10, "Trump", "upgrade")
    # Company suffixes and a type disagreement: one entity each, the first id kept.
    assert entity_of(conn, "apple-results", "Apple Inc") == entity_of(conn, "apple-history", "Apple Computer") == 17
    assert entity_of(conn, "covid-study", "COVID-19") == entity_of(conn, "covid-vaccine", "COVID-19") == 28
    # What the rules keep apart stays apart, under the same ids.
    assert entity_of(conn, "melania-garden", "Melania Trump") == 3 and entity_of(conn, "mary-book", "Mary Trump") == 6
    # The corrections by hand: the merge (which the rules would not make), the split, the rename.
    assert entity_of(conn, "sia-order", "Goh Choon Phong") == entity_of(conn, "sia-profit", "Goh Choon Phong") == 14
    assert entity_of(conn, "zelenskyy-visit", "Volodymyr Zelenskyy") != entity_of(
        conn, "zelensky-speech", "Volodymyr Zelensky")
    assert conn.execute("SELECT name FROM entities WHERE id = 22").fetchone()[0] == "Tata Sons"
    assert conn.execute("SELECT count(*) FROM corrections").fetchone()[0] == 3
    assert_consistent(conn)
    # Resolving again changes nothing: the store is what this version's rules and the corrections make.
    resolved = groups(conn)
    with transaction(conn):
        reresolve_identities(conn)
    assert groups(conn) == resolved
    conn.close()
    with Store(db) as store:  # the queries find the upgraded entities
        assert len(store.quotes(speaker="Donald Trump")) == len(
            [k for k, (entity_id, _) in after.items() if entity_id == 7])
        assert store.entity("Apple Computer")["id"] == 17


def quoted(key: str, name: str, aliases: list[str] | None = None, entity_type: str = "person") -> ArticleRecord:
    """'<name>, <aliases...> said the plan will work.' with offsets."""
    spellings = [name, *(aliases or [])]
    text = ", ".join(spellings) + " said the plan will work."
    mentions, start = [], 0
    for spelling in spellings:
        mentions.append(Mention(Span.of(text, start, start + len(spelling)), "PERSON"))
        start += len(spelling) + 2
    said = text.index(" said")
    quote = Quote("Q1", "indirect", [Span.of(text, said + 6, len(text) - 1)], cue=Span.of(text, said + 1, said + 5),
                  source=mentions[0].span, speaker="E1", confidence=0.8)
    return ArticleRecord(id=key, text=text, published="2024-12-01", quotes=[quote], entities=[
        Entity("E1", name, entity_type, aliases=aliases or [], mentions=mentions)])  # type: ignore[arg-type]


def test_resolving_a_store_of_this_version_again_keeps_its_hand_merge_and_split(tmp_path: Path) -> None:
    db = tmp_path / "current.db"
    conn = connect(db)
    for record in (quoted("a1", "Jim Smith"), quoted("a2", "James Smith"), quoted("a3", "Donald Trump", ["Trump"]),
                   quoted("a4", "Trump"), quoted("a5", "Acme Inc.", entity_type="organisation"),
                   quoted("a6", "Acme", entity_type="organisation")):
        write_article(conn, record, hashlib.sha256(record.id.encode()).hexdigest(), record.id)
    conn.close()
    with Store(db, writable=True) as store:
        store.merge("James Smith", "Jim Smith")  # a merge the rules would not make
        store.split("Donald Trump", "Trump")  # a split of what the rules join
        with pytest.raises(NotFoundError, match="no article would stay"):
            store.split("Acme", "Acme Inc.")  # one name once folded: refused, not recorded
    conn = connect(db)
    before = groups(conn)
    assert before[("a1", "E1")] == before[("a2", "E1")] and before[("a3", "E1")] != before[("a4", "E1")]
    with transaction(conn):
        reresolve_identities(conn)
    assert groups(conn) == before
    assert_consistent(conn)
    assert conn.execute("SELECT count(*) FROM corrections").fetchone()[0] == 2
    conn.close()
