"""The weighted network of entities: tied by the events they share and the quotations about each other.

An event ties every pair of its participants; a quotation ties its speaker to each entity its
content mentions ("Lammy said Putin is not a man you can negotiate with": Lammy -> Putin). Over
many records one node stands for one entity, matched by type and folded name (the same matching
the article engine uses inside an article). Edge attributes: `weight` (events + quotations),
`events`, `quotations`, and `evidence` ("article:V1 article:Q8"), all scalars so that GraphML and
GEXF readers (Gephi, Cytoscape) take the graph unchanged. No spaCy here: it works on stored records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import combinations
from typing import Literal

import networkx as nx

from .names import fold
from .record import ArticleRecord, Entity

GraphFormat = Literal["json", "graphml", "gexf"]


def node_key(entity: Entity) -> str:
    return f"{entity.type}:{fold(entity.name)}"


def _add_node(graph: nx.Graph, entity: Entity, article: str) -> str:
    key = node_key(entity)
    if key not in graph:
        graph.add_node(key, name=entity.name, type=entity.type, articles=0, _seen="")
        if entity.place is not None:
            place = entity.place
            graph.nodes[key].update(
                country=place.country_code or "", geonames_id=place.geonames_id or 0,
                latitude=place.latitude if place.latitude is not None else 0.0,
                longitude=place.longitude if place.longitude is not None else 0.0)
    node = graph.nodes[key]
    if node["_seen"] != article:
        node["articles"] += 1
        node["_seen"] = article
    return key


def _tie(graph: nx.Graph, a: str, b: str, kind: Literal["events", "quotations"], evidence: str) -> None:
    if a == b:
        return
    if not graph.has_edge(a, b):
        graph.add_edge(a, b, weight=0, events=0, quotations=0, evidence="")
    edge = graph.edges[a, b]
    edge[kind] += 1
    edge["weight"] += 1
    edge["evidence"] = f"{edge['evidence']} {evidence}".strip()


def _mentioned_in(record: ArticleRecord, spans: list[tuple[int, int]]) -> list[Entity]:
    return [e for e in record.entities
            if any(s <= m.span.start and m.span.end <= t for m in e.mentions for s, t in spans)]


def entity_graph(records: Iterable[ArticleRecord]) -> nx.Graph:
    """The undirected weighted graph of entities over `records`."""
    graph = nx.Graph()
    for record in records:
        for event in record.events:
            keys = [_add_node(graph, e, record.id) for e in map(record.entity, event.entity_ids()) if e]
            for a, b in combinations(dict.fromkeys(keys), 2):
                _tie(graph, a, b, "events", f"{record.id}:{event.id}")
        for quote in record.quotes:
            speaker = record.entity(quote.speaker)
            if speaker is None:
                continue
            about = _mentioned_in(record, [(c.start, c.end) for c in quote.content])
            source = _add_node(graph, speaker, record.id)
            for entity in about:
                _tie(graph, source, _add_node(graph, entity, record.id), "quotations", f"{record.id}:{quote.id}")
    for _, data in graph.nodes(data=True):
        data.pop("_seen", None)
    return graph


def graph_text(graph: nx.Graph, fmt: GraphFormat) -> str:
    """The graph as node-link JSON, GraphML or GEXF text."""
    if fmt == "json":
        return json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False, indent=1)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graph))
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(graph))
    raise ValueError(f"unknown graph format: {fmt}")
