"""The entity graph for the network page: who speaks about whom, who is quoted with whom, and events.

Edges are weighted by how many quotations (or articles) tie the two entities. The page asks for the
heaviest ties of each kind first (`DEFAULT_TIES`: readable at a glance, drawn in under a second;
benchmarks/bench_web.py) and for more on request, up to `MAX_TIES`.
"""

from __future__ import annotations

from typing import Any

from datasette.database import Database

from .data import event_label, has_events, rows

DEFAULT_TIES = 20
MAX_TIES = 1000


async def graph(db: Database, entity_id: int | None = None, max_edges: int = DEFAULT_TIES,
                entity_url: str = "/-/entity/") -> dict[str, Any]:
    """The `max_edges` heaviest ties of each kind and their nodes, around one entity when given:
    Cytoscape's elements format plus `top` (that number) and `more` (whether lighter ties were left out)."""
    around = "AND (:entity IS NULL OR q.speaker_id = :entity OR qe.entity_id = :entity)"
    # One more than asked for: whether there are more to show.
    bounds = {"entity": entity_id, "limit": max_edges + 1}
    about = await rows(
        db, "SELECT q.speaker_id AS source, qe.entity_id AS target, count(*) AS weight FROM quotes q "
            "JOIN quote_entities qe ON qe.quote_id = q.id WHERE q.speaker_id IS NOT NULL "
            f"AND q.speaker_id != qe.entity_id {around} GROUP BY 1, 2 ORDER BY weight DESC, 1, 2 LIMIT :limit",
        bounds)
    together = await rows(
        db, "SELECT a.speaker_id AS source, b.speaker_id AS target, count(DISTINCT a.article_id) AS weight "
            "FROM quotes a JOIN quotes b ON b.article_id = a.article_id AND b.speaker_id > a.speaker_id "
            "WHERE (:entity IS NULL OR a.speaker_id = :entity OR b.speaker_id = :entity) "
            "GROUP BY 1, 2 ORDER BY weight DESC, 1, 2 LIMIT :limit", bounds)
    events = await _event_edges(db, entity_id, max_edges + 1)
    more = any(len(kind) > max_edges for kind in (about, together, events))
    edges = ([_edge("about", edge) for edge in about[:max_edges]]
             + [_edge("quoted_with", edge) for edge in together[:max_edges]] + events[:max_edges])
    ids = sorted({edge["data"]["source"] for edge in edges} | {edge["data"]["target"] for edge in edges}
                 | ({f"e{entity_id}"} if entity_id else set()))
    entity_ids = [int(node[1:]) for node in ids if node.startswith("e")]
    nodes = await _entity_nodes(db, entity_ids, entity_url)
    nodes += await _event_nodes(db, ids)
    return {"nodes": nodes, "edges": edges, "top": max_edges, "more": more}


def _edge(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    source, target = f"e{row['source']}", f"e{row['target']}"
    return {"data": {"id": f"{kind}:{source}:{target}", "source": source, "target": target,
                     "kind": kind, "weight": row["weight"]}}


async def _entity_nodes(db: Database, entity_ids: list[int], entity_url: str) -> list[dict[str, Any]]:
    if not entity_ids:
        return []
    marks = ",".join("?" * len(entity_ids))
    found = await rows(
        db, f"SELECT e.id, e.name, e.type, (SELECT count(*) FROM quotes q WHERE q.speaker_id = e.id) AS quotes "
            f"FROM entities e WHERE e.id IN ({marks})", tuple(entity_ids))
    return [{"data": {"id": f"e{row['id']}", "label": row["name"], "type": row["type"], "quotes": row["quotes"],
                      "href": f"{entity_url}{row['id']}"}} for row in found]


async def _event_edges(db: Database, entity_id: int | None, limit: int) -> list[dict[str, Any]]:
    if not await has_events(db):
        return []
    # The events with the most participants first: the ones that tie the most entities together.
    found = await rows(
        db, "SELECT DISTINCT p.event_id, p.entity_id FROM event_participants p JOIN (SELECT event_id, count(*) AS size "
            "FROM event_participants GROUP BY event_id) s ON s.event_id = p.event_id "
            "WHERE :entity IS NULL OR p.event_id IN "
            "(SELECT event_id FROM event_participants WHERE entity_id = :entity) "
            "ORDER BY s.size DESC, p.event_id, p.entity_id LIMIT :limit",
        {"entity": entity_id, "limit": limit})
    return [{"data": {"id": f"took_part:v{row['event_id']}:e{row['entity_id']}", "source": f"e{row['entity_id']}",
                      "target": f"v{row['event_id']}", "kind": "took_part", "weight": 1}} for row in found]


async def _event_nodes(db: Database, ids: list[str]) -> list[dict[str, Any]]:
    event_ids = [int(node[1:]) for node in ids if node.startswith("v")]
    if not event_ids or not await has_events(db):
        return []
    label = await event_label(db)
    marks = ",".join("?" * len(event_ids))
    found = await rows(db, f'SELECT id, "{label}" AS label FROM events WHERE id IN ({marks})', tuple(event_ids))
    return [{"data": {"id": f"v{row['id']}", "label": str(row["label"]), "type": "event", "quotes": 0}}
            for row in found]
