"""Scoring a store's cross-article identities against gold referents, pairwise.

The gold is, per article, the referent of each name it uses (the `gold` field of a JSON line:
`{"Singapore Airlines": "org:singapore-airlines", "SIA": "org:singapore-airlines"}`). Every
article entity stored whose name or one of whose spellings has a gold referent is labelled with it
(others are left out); then every pair of labelled article entities counts: the store put them
in one entity or not, the gold says they are one referent or not. Precision is the share of the
store's pairs that are one referent, recall the share of one referent's pairs the store joined.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class IdentityScore:
    labelled: int  # article entities with a gold referent
    true_pairs: int  # pairs the store joined that are one referent
    store_pairs: int  # pairs the store joined
    gold_pairs: int  # pairs that are one referent

    @property
    def precision(self) -> float:
        return self.true_pairs / self.store_pairs if self.store_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0


def gold_referents(lines: Iterable[str]) -> dict[str, dict[str, str]]:
    """Article id -> name -> referent, from JSON lines with a `gold` field."""
    gold = {}
    for line in lines:
        if line.strip():
            article = json.loads(line)
            gold[str(article["id"])] = {str(k): str(v) for k, v in article.get("gold", {}).items()}
    return gold


def _pairs(counts: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def score(db: str | Path, gold: dict[str, dict[str, str]]) -> IdentityScore:
    """Pairwise precision and recall of the store's entities against `gold` (see above)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT ae.id, a.key, ae.entity_id, ae.name FROM article_entities ae "
                            "JOIN articles a ON a.id = ae.article_id ORDER BY ae.id").fetchall()
        spellings: dict[int, list[str]] = {}
        for article_entity_id, text in conn.execute("SELECT article_entity_id, text FROM mentions ORDER BY start"):
            spellings.setdefault(int(article_entity_id), []).append(str(text))
    conn.close()
    labelled: list[tuple[int, str]] = []
    for article_entity_id, key, entity_id, name in rows:
        names = gold.get(str(key), {})
        referent = next((names[n] for n in [name, *spellings.get(article_entity_id, [])] if n in names), None)
        if referent is not None:
            labelled.append((int(entity_id), referent))
    return IdentityScore(len(labelled), _pairs(Counter(labelled)), _pairs(Counter(e for e, _ in labelled)),
                         _pairs(Counter(r for _, r in labelled)))
