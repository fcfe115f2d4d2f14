"""Agreement between two clusterings of article entities: the lake's identities and the store's entities.

Both put each article entity (article hash, local id) in one cluster. Pairwise agreement counts
pairs of name mentions in different article entities: a pair is joined by a side when it puts the two
article entities in one cluster; precision is the share of the lake's joined pairs the store joins
too, recall the share of the store's the lake joins, F1 their harmonic mean (the store is the
reference). `differences` lists every cluster where the two disagree, by name, largest first.

`serial_identities` resolves entity rows with the store's own code, one after the other in input
order, in a scratch store in memory (as `ingest --db` and the store's upgrade do): the reference for a
corpus without analysing it again.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..store.identity import entity_for
from ..store.schema import scratch

Item = tuple[str, str]  # (article hash, local entity id)


@dataclass(frozen=True, slots=True)
class Agreement:
    items: int  # article entities both sides cluster
    mentions: int
    lake_pairs: int
    store_pairs: int
    both_pairs: int

    @property
    def precision(self) -> float:
        return self.both_pairs / self.lake_pairs if self.lake_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.both_pairs / self.store_pairs if self.store_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _pairs(weights: Iterable[int]) -> int:
    """Pairs of mentions in different article entities of one cluster."""
    values = list(weights)
    total = sum(values)
    return (total * total - sum(w * w for w in values)) // 2


def agreement(lake: Mapping[Item, Hashable], store: Mapping[Item, Hashable],
              mentions: Mapping[Item, int] | None = None) -> Agreement:
    """Pairwise agreement over the article entities both sides have, each weighted by its mentions."""
    items = [item for item in lake if item in store]
    weight = {item: max(1, int((mentions or {}).get(item, 1))) for item in items}
    by_lake: dict[Hashable, list[int]] = defaultdict(list)
    by_store: dict[Hashable, list[int]] = defaultdict(list)
    by_both: dict[tuple[Hashable, Hashable], list[int]] = defaultdict(list)
    for item in items:
        by_lake[lake[item]].append(weight[item])
        by_store[store[item]].append(weight[item])
        by_both[(lake[item], store[item])].append(weight[item])
    return Agreement(len(items), sum(weight.values()), sum(map(_pairs, by_lake.values())),
                     sum(map(_pairs, by_store.values())), sum(map(_pairs, by_both.values())))


@dataclass(frozen=True, slots=True)
class Difference:
    """A cluster of one side that the other splits: the names of each part and their mentions."""

    side: str  # "lake joins" (the store keeps the parts apart) or "store joins"
    parts: tuple[tuple[str, int], ...]  # (a name of the part, its mentions), largest first


def differences(lake: Mapping[Item, Hashable], store: Mapping[Item, Hashable], names: Mapping[Item, str],
                mentions: Mapping[Item, int] | None = None) -> list[Difference]:
    """Every cluster one side makes that the other splits, with the names of its parts."""
    found: list[Difference] = []
    for side, joins, splits in (("lake joins", lake, store), ("store joins", store, lake)):
        parts: dict[Hashable, dict[Hashable, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        for item, cluster in joins.items():
            if item in splits:
                parts[cluster][splits[item]][names.get(item, "?")] += max(1, int((mentions or {}).get(item, 1)))
        for pieces in parts.values():
            if len(pieces) > 1:
                described = sorted(((min(c, key=lambda n: (-c[n], n)), sum(c.values())) for c in pieces.values()),
                                   key=lambda part: (-part[1], part[0]))
                found.append(Difference(side, tuple(described)))
    return sorted(found, key=lambda d: (-sum(n for _, n in d.parts), d.side, d.parts))


def serial_identities(rows: Iterable[Mapping[str, object]]) -> dict[Item, int]:
    """Each article entity's store entity, resolved by the store's code in the rows' order."""
    conn = scratch()
    try:
        conn.execute("BEGIN")
        articles: dict[str, int] = {}
        for row in rows:
            digest = str(row["hash"])
            article_id = articles.setdefault(digest, len(articles) + 1)
            entity_id = entity_for(conn, str(row["name"]), str(row.get("type") or "other"),
                                   [str(a) for a in (row.get("aliases") or ())], row.get("role") or None,  # type: ignore[arg-type]
                                   row.get("gender") or None, article_id=article_id)  # type: ignore[arg-type]
            conn.execute("INSERT INTO article_entities (article_id, entity_id, local_id, name, type) "
                         "VALUES (?, ?, ?, ?, ?)", (article_id, entity_id, str(row["local_id"]), row["name"],
                                                    row.get("type")))
        hashes = {number: digest for digest, number in articles.items()}
        found = {(hashes[int(a)], str(local)): int(e) for a, local, e in
                 conn.execute("SELECT article_id, local_id, entity_id FROM article_entities")}
        conn.execute("COMMIT")
        return found
    finally:
        conn.close()


def store_identities(db: str | Path) -> dict[Item, int]:
    """Each article entity's entity in a store made by `newsgraph ingest --db`."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT a.hash, ae.local_id, ae.entity_id FROM article_entities ae "
                            "JOIN articles a ON a.id = ae.article_id").fetchall()
    conn.close()
    return {(str(digest), str(local)): int(entity) for digest, local, entity in rows}
