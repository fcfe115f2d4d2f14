"""Events and places in the store: tables, writer, queries, `events`, `network`, `export --format plover`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
import sqlite_utils
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import ExitCode
from newsgraph.pipeline import Engine
from newsgraph.store import Store, ingest
from newsgraph.store import schema as store_schema

from .conftest import EXAMPLE

runner = CliRunner()
COUNTRIES = {"United Kingdom", "Czech Republic", "France", "Germany", "Italy", "Denmark", "Netherlands", "Poland"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Path:
    path = tmp_path_factory.mktemp("events") / "events.db"
    summary = ingest([str(EXAMPLE)], path, engine=engine, workers=1, published="2024-12-18")
    assert summary.stored == 1
    return path


def rows(db: Path, sql: str, *args: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def event(db: Path, event_type: str, trigger: str, *, mode: str | None = None) -> sqlite3.Row:
    found = [r for r in rows(db, "SELECT * FROM events WHERE type = ? AND trigger = ?", event_type, trigger)
             if mode is None or r["mode"] == mode]
    assert len(found) == 1, [dict(r) for r in found]
    return found[0]


def participants(db: Path, event_id: int) -> dict[str, set[str]]:
    by_role: dict[str, set[str]] = {}
    for row in rows(db, "SELECT e.name, ep.role FROM event_participants ep JOIN entities e ON e.id = ep.entity_id "
                        "WHERE ep.event_id = ?", event_id):
        by_role.setdefault(row["role"], set()).add(row["name"])
    return by_role


def test_the_brussels_meeting_is_stored_with_its_place_and_participants(db: Path) -> None:
    meeting = event(db, "CONSULT", "meeting", mode="multilateral")
    assert (meeting["status"], meeting["date"], meeting["happened_on"]) == ("planned", "2024-12-19", "2024-12-19")
    place = rows(db, "SELECT * FROM entities WHERE id = ?", meeting["place_id"])[0]
    assert (place["name"], place["country_code"], place["feature"]) == ("Brussels", "BE", "city")
    assert place["latitude"] == pytest.approx(50.85, abs=0.1) and place["longitude"] == pytest.approx(4.35, abs=0.1)
    view = rows(db, "SELECT * FROM events_view WHERE event_id = ?", meeting["id"])[0]
    assert view["place"] == "Brussels" and view["latitude"] == pytest.approx(50.85, abs=0.1)
    people = participants(db, meeting["id"])
    assert "Volodymyr Zelenskyy" in people["recipient"] and "Nato" in people["actor"]
    assert {"David Lammy"} | COUNTRIES <= people["participant"]
    assert {"Volodymyr Zelenskyy", "David Lammy"} <= set(view["recipients"].split(" | ") +
                                                          view["participants"].split(" | "))


def test_interviews_call_and_statement_with_their_quotations(db: Path) -> None:
    parisien = next(r for r in rows(db, "SELECT * FROM events WHERE type = 'INTERVIEW'")
                    if participants(db, r["id"]).get("recipient") == {"Le Parisien"})
    assert parisien["date"] == "2024-12-17"
    assert participants(db, parisien["id"])["actor"] == {"Volodymyr Zelenskyy"}
    said = rows(db, "SELECT e.name FROM quotes q JOIN entities e ON e.id = q.speaker_id WHERE q.event_id = ?",
                parisien["id"])
    assert len(said) >= 2 and {r["name"] for r in said} == {"Volodymyr Zelenskyy"}
    call = event(db, "CONSULT", "call", mode="phone")
    assert call["date"] == "2024-12-18" and call["status"] == "happened"
    assert participants(db, call["id"]) == {"actor": {"Keir Starmer"}, "recipient": {"Donald Trump"}}
    time = next(r for r in rows(db, "SELECT * FROM events WHERE type = 'INTERVIEW'")
                if participants(db, r["id"]).get("recipient") == {"Time magazine"})
    assert participants(db, time["id"])["actor"] == {"Donald Trump"}
    statement = event(db, "STATEMENT", "statement")
    assert statement["date"] == "2024-12-18"
    assert rows(db, "SELECT count(*) FROM quotes WHERE event_id = ?", statement["id"])[0][0] >= 2


def test_offsets_point_into_the_stored_text(db: Path) -> None:
    text = rows(db, "SELECT text FROM articles")[0]["text"]
    for row in rows(db, "SELECT * FROM events"):
        assert text[row["trigger_start"]:row["trigger_end"]] == row["trigger"]
        assert row["sentence_start"] <= row["trigger_start"] < row["trigger_end"] <= row["sentence_end"]
        for mention in json.loads(row["mentions"]):
            assert text[mention["start"]:mention["end"]] == mention["text"]
    for row in rows(db, 'SELECT start, "end", text FROM event_participants'):
        assert text[row["start"]:row["end"]] == row["text"]


def test_events_queries_and_cli(db: Path) -> None:
    with Store(db) as store:
        zelenskyy = store.events(actor="Zelenskyy")
        assert {r["type"] for r in zelenskyy} == {"CONSULT", "INTERVIEW"}
        assert [r["happened_on"] for r in zelenskyy] == sorted(r["happened_on"] for r in zelenskyy)
        assert {r["type"] for r in store.events(actor="Zelenskyy", role="actor")} == {"INTERVIEW"}
        assert [r["place"] for r in store.events(place="Brussels")] == ["Brussels"]
        assert {r["type"] for r in store.events(event_type="interview")} == {"INTERVIEW"}
        assert all(r["happened_on"] == "2024-12-19" for r in store.events(since="2024-12-19"))
        assert all(r["happened_on"] <= "2024-12-17" for r in store.events(until="2024-12-17"))
        assert store.events(actor="Nobody Atall") == []
        assert store.stats()["counts"]["events"] == len(store.events(limit=None))
    table = runner.invoke(app, ["events", "--actor", "Zelenskyy", "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert "INTERVIEW" in table.stdout and "Brussels" in table.stdout and "Starmer" not in table.stdout
    as_json = runner.invoke(app, ["events", "--actor", "Zelenskyy", "--json", "--db", str(db)])
    assert {r["type"] for r in json.loads(as_json.stdout)} == {"CONSULT", "INTERVIEW"}
    as_csv = runner.invoke(app, ["events", "--type", "CONSULT", "--csv", "--db", str(db)])
    assert as_csv.stdout.splitlines()[0].startswith("event_id,title,type")
    missing = runner.invoke(app, ["events", "--actor", "Nobody Atall", "--db", str(db)])
    assert missing.exit_code == ExitCode.NOT_FOUND


def test_network_in_every_format_reads_back(db: Path, tmp_path: Path) -> None:
    with Store(db) as store:
        graph = store.network()
    ids = {data["name"]: node for node, data in graph.nodes(data=True)}
    zelenskyy, nato, lammy, putin = (ids[n] for n in ("Volodymyr Zelenskyy", "Nato", "David Lammy", "Putin"))
    assert graph.edges[nato, zelenskyy]["events"] == graph.edges[zelenskyy, nato]["events"] >= 1
    assert graph.edges[lammy, putin]["quotations"] >= 1 and not graph.has_edge(putin, lammy)
    assert graph.nodes[ids["France"]]["country"] == "FR" and graph.nodes[ids["France"]]["latitude"] != 0.0
    result = runner.invoke(app, ["network", "--format", "json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    loaded = nx.node_link_graph(json.loads(result.stdout), edges="links")
    assert loaded.number_of_edges() == graph.number_of_edges() and loaded.is_directed()
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"net.{fmt}"
        result = runner.invoke(app, ["network", "--format", fmt, "--output", str(out), "--db", str(db)])
        assert result.exit_code == 0, result.output
        back = read(out)
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        assert "Volodymyr Zelenskyy" in {data.get("name", data.get("label")) for _, data in back.nodes(data=True)}
    later = runner.invoke(app, ["network", "--since", "2024-12-19", "--db", str(db)])
    linked = json.loads(later.stdout)
    assert 0 < len(linked["links"]) < graph.number_of_edges()  # only the meeting of the 19th


def test_plover_export_cites_the_stored_text(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["export", "--format", "plover", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == rows(db, "SELECT count(*) FROM events")[0][0]
    texts = {r["id"]: r["text"] for r in rows(db, "SELECT id, text FROM articles")}
    for line in lines:
        assert {"id", "date", "actor", "recipient", "event", "mode", "location", "text", "citation"} <= set(line)
        citation = line["citation"]
        text = texts[citation["article_id"]]
        for part in ("sentence", "trigger"):
            span = citation[part]
            assert text[span["start"]:span["end"]] == span["text"]
        assert line["text"] == citation["sentence"]["text"]
        assert line["id"] == f"{citation['article']}:{line['id'].split(':')[-1]}"
    meeting = next(line for line in lines if line["mode"] == "multilateral")
    assert meeting["location"]["name"] == "Brussels" and meeting["location"]["latitude"] == pytest.approx(50.85, 0.01)
    assert meeting["recipient"]["name"] == "Volodymyr Zelenskyy" and meeting["recipient"]["entity"].startswith("#")
    interview = next(line for line in lines if line["event"] == "INTERVIEW" and line["quotes"])
    assert all(q.startswith("Q") for q in interview["quotes"])
    refused = runner.invoke(app, ["export", "--format", "plover", "--table", "events", "--db", str(db)])
    assert refused.exit_code == ExitCode.USAGE


def test_reingest_adds_no_events_and_datasette_sees_labels(db: Path, engine: Engine) -> None:
    tables = ("events", "event_participants", "quotes", "entities")
    before = {t: rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    summary = ingest([str(EXAMPLE)], db, engine=engine, workers=1, published="2024-12-18")
    assert summary.stored == 0 and summary.already_stored == 1
    assert {t: rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables} == before
    store = sqlite_utils.Database(db)
    assert "title" in store["events"].columns_dict and "name" in store["event_participants"].columns_dict
    assert {"events_view", "event_participants_view", "places_view"} <= set(store.view_names())
    assert rows(db, "PRAGMA foreign_key_check") == []


def test_a_merge_carries_the_events(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with Store(copy, writable=True) as store:
        dropped = store.entity_ids("Downing Street")
        store.merge("Keir Starmer", "Downing Street")
        assert {r["type"] for r in store.events(actor="Keir Starmer")} == {"CONSULT", "STATEMENT"}
        assert store.conn.execute("SELECT count(*) FROM event_participants WHERE entity_id = ?",
                                  dropped).fetchone()[0] == 0
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_an_old_store_upgrades_and_takes_events(tmp_path: Path, engine: Engine,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "old.db"
    first = store_schema.migrations()[:1]
    with monkeypatch.context() as patch:
        patch.setattr(store_schema, "migrations", lambda: first)
        conn = store_schema.connect(db)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        conn.execute("INSERT INTO articles (key, title, text, hash, ingested_at) VALUES "
                     "('old', 'An old article', 'Old text said here.', 'h1', '2024-01-01')")
        conn.execute("INSERT INTO entities (name, folded, type, created_at) VALUES ('Paris', 'paris', 'place', 'x')")
        conn.execute("INSERT INTO article_entities (article_id, entity_id, local_id, name) "
                     "VALUES (1, 1, 'E1', 'Paris')")
        conn.execute("INSERT INTO quotes (article_id, local_id, kind, content, spans, start, \"end\", confidence) "
                     "VALUES (1, 'Q1', 'direct', 'said', '[]', 9, 13, 0.9)")
        conn.close()
    conn = store_schema.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store_schema.latest_version() >= 2
    assert conn.execute("SELECT event_id FROM quotes").fetchone()[0] is None
    assert conn.execute("SELECT latitude FROM entities").fetchone()[0] is None
    assert conn.execute("SELECT title FROM articles").fetchone()[0] == "An old article"
    conn.close()
    summary = ingest([str(EXAMPLE)], db, engine=engine, workers=1, published="2024-12-18")
    assert summary.stored == 1
    with Store(db) as store:
        assert store.events(place="Brussels") and store.stats()["counts"]["articles"] == 2
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_country_names_every_event_inside_it(tmp_path: Path, engine: Engine) -> None:
    article = tmp_path / "berlin.txt"
    article.write_text("Macron meets Scholz in Berlin\n\nEmmanuel Macron met Olaf Scholz in Berlin on Monday. "
                       "Germany and France have disagreed over trade for months.\n", encoding="utf-8")
    db = tmp_path / "b.db"
    ingest([str(article)], db, engine=engine, workers=1, published="2024-03-06")
    with Store(db) as store:
        assert {r["place"] for r in store.events(place="Germany")} == {"Berlin"}  # headline and body
        assert store.events(place="France") == []


def test_an_event_that_has_not_happened_takes_no_publication_date() -> None:
    from newsgraph.record import Event, Span
    from newsgraph.store.writer import happened_on

    def event(status: str, date: str | None = None) -> Event:
        return Event("V1", "CONSULT", None, Span(0, 5, "talks"), Span(0, 5, "talks"), date=date,
                     status=status)  # type: ignore[arg-type]

    assert happened_on(event("happened"), "2024-12-18") == "2024-12-18"
    assert happened_on(event("planned", "2024-12-20"), "2024-12-18") == "2024-12-20"
    for status in ("planned", "hypothetical", "denied"):
        assert happened_on(event(status), "2024-12-18") is None
        assert happened_on(event(status, "2025-01"), "2024-12-18") is None  # a month is no query day
