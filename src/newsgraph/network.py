"""The weighted network of entities: tied by the events they share and the quotations about each other.

An event ties every pair of its participants; a quotation ties its speaker to each entity its
content mentions ("Lammy said Putin is not a man you can negotiate with": Lammy -> Putin). Edge
attributes: `weight` (events + quotations), `events`, `quotations`, and `evidence` (up to
EVIDENCE_LIMIT ids, "article:V1 article:Q8"), all scalars so that GraphML and GEXF readers
(Gephi, Cytoscape) take the graph unchanged. In a directed graph a quotation points from speaker
to subject and an event, which has no direction between co-participants, counts both ways.

`EntityNetwork` builds the graph tie by tie: `entity_graph(records)` feeds it records (one node per
entity, matched across records by type and folded name); the store feeds it its own rows
(store/event_queries.py, one node per store entity). No spaCy here.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Sequence
from itertools import combinations
from typing import Literal

import networkx as nx

from .names import fold
from .record import ArticleRecord, Entity, Place

GraphFormat = Literal["json", "graphml", "gexf"]
EVIDENCE_LIMIT = 25


class EntityNetwork:
    """A graph of entities under construction: add nodes, then events and quotations between them."""

    def __init__(self, directed: bool = False) -> None:
        self.graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
        self._articles: dict[Hashable, set[Hashable]] = {}

    def node(self, key: Hashable, name: str, entity_type: str, place: Place | None, article: Hashable) -> Hashable:
        """Add (or find) the node `key`, noting that it appears in `article`; returns the key."""
        if key not in self.graph:
            self.graph.add_node(key, name=name, type=entity_type, articles=0)
            if place is not None:
                self.graph.nodes[key].update(
                    country=place.country_code or "", geonames_id=place.geonames_id or 0,
                    latitude=place.latitude if place.latitude is not None else 0.0,
                    longitude=place.longitude if place.longitude is not None else 0.0)
            self._articles[key] = set()
        self._articles[key].add(article)
        return key

    def event(self, keys: Sequence[Hashable], evidence: str) -> None:
        """One event: a tie between every pair of its participants (both ways when directed)."""
        for a, b in combinations(dict.fromkeys(keys), 2):
            self._tie(a, b, "events", evidence)
            if self.graph.is_directed():
                self._tie(b, a, "events", evidence)

    def quotation(self, speaker: Hashable, subject: Hashable, evidence: str) -> None:
        """One quotation by `speaker` mentioning `subject`."""
        self._tie(speaker, subject, "quotations", evidence)

    def _tie(self, a: Hashable, b: Hashable, kind: Literal["events", "quotations"], evidence: str) -> None:
        if a == b:
            return
        if not self.graph.has_edge(a, b):
            self.graph.add_edge(a, b, weight=0, events=0, quotations=0, evidence="")
        edge = self.graph.edges[a, b]
        edge[kind] += 1
        edge["weight"] += 1
        if edge["weight"] <= EVIDENCE_LIMIT:
            edge["evidence"] = f"{edge['evidence']} {evidence}".strip()

    def finish(self) -> nx.Graph:
        """The graph, each node's `articles` the number of articles it was seen in."""
        for key, articles in self._articles.items():
            self.graph.nodes[key]["articles"] = len(articles)
        return self.graph


def node_key(entity: Entity) -> str:
    return f"{entity.type}:{fold(entity.name)}"


def _mentioned_in(record: ArticleRecord, spans: list[tuple[int, int]]) -> list[Entity]:
    return [e for e in record.entities
            if any(s <= m.span.start and m.span.end <= t for m in e.mentions for s, t in spans)]


def entity_graph(records: Iterable[ArticleRecord], directed: bool = False) -> nx.Graph:
    """The weighted graph of entities over `records` (undirected unless `directed`)."""
    network = EntityNetwork(directed)

    def add(entity: Entity, record: ArticleRecord) -> Hashable:
        return network.node(node_key(entity), entity.name, entity.type, entity.place, record.id)

    for record in records:
        for event in record.events:
            keys = [add(e, record) for e in map(record.entity, event.entity_ids()) if e]
            network.event(keys, f"{record.id}:{event.id}")
        for quote in record.quotes:
            speaker = record.entity(quote.speaker)
            if speaker is None:
                continue
            source = add(speaker, record)
            for entity in _mentioned_in(record, [(c.start, c.end) for c in quote.content]):
                network.quotation(source, add(entity, record), f"{record.id}:{quote.id}")
    return network.finish()


def graph_text(graph: nx.Graph, fmt: GraphFormat) -> str:
    """The graph as node-link JSON, GraphML or GEXF text."""
    if fmt == "json":
        return json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False, indent=1)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graph))
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(graph))
    raise ValueError(f"unknown graph format: {fmt}")
