"""The gender evidence measured (docs/sources.md, "Gender: measured"): a seeded sample of the people
a store quotes, each judged by a reader of its articles, in a TSV; the figures recomputed from it.

The TSV's columns: `name` (the store's canonical name), `article` (the key of an article that
quotes them), `system` (the store's gender when the sample was drawn: female, male or unknown),
`gold` (the reader's judgement: female, male, unclear when neither the article nor common
knowledge tells, or not_a_person for an entity that is none: a newspaper, a dinosaur; a gender
given to it is wrong), `evidence` (what the reader went by). With a store, `system` is read again from
it by name, so that a change to the engine is measured on the same people.
"""

from __future__ import annotations

import csv
import random
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import UsageError

COLUMNS = ("name", "article", "system", "gold", "evidence")
SYSTEM = ("female", "male", "unknown")
GOLD = ("female", "male", "unclear", "not_a_person")


def _gender(value: str | None) -> str:
    return value if value in ("female", "male") else "unknown"


def draw(conn: sqlite3.Connection, size: int, seed: int) -> list[dict[str, str]]:
    """`size` people quoted in the store (speakers resolved to a person), drawn with `seed`; each
    with the first article that quotes them and the store's gender; `gold` and `evidence` empty."""
    people = conn.execute(
        "SELECT e.id, e.name, e.gender, min(a.key) FROM quotes q JOIN entities e ON e.id = q.speaker_id "
        "JOIN articles a ON a.id = q.article_id WHERE e.type = 'person' GROUP BY e.id ORDER BY e.id").fetchall()
    chosen = random.Random(seed).sample(people, min(size, len(people)))
    return [{"name": str(row[1]), "article": str(row[3]), "system": _gender(row[2]), "gold": "", "evidence": ""}
            for row in sorted(chosen, key=lambda row: str(row[1]))]


def read(path: Path) -> list[dict[str, str]]:
    """The sample's rows; UsageError for a file that is not one."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(f"{path}: cannot read the sample ({error})") from None
    if not rows or any(column not in rows[0] for column in COLUMNS):
        raise UsageError(f"{path}: a gender sample is a TSV with the columns {', '.join(COLUMNS)}")
    for number, row in enumerate(rows, 2):
        if row["system"] not in SYSTEM or row["gold"] not in GOLD:
            raise UsageError(f"{path}:{number}: system must be one of {', '.join(SYSTEM)} and gold one of "
                             f"{', '.join(GOLD)}")
    return rows


def write(rows: Iterable[dict[str, str]], handle: Any) -> None:
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def rejudge(rows: Sequence[dict[str, str]], conn: sqlite3.Connection) -> list[dict[str, str]]:
    """The rows with `system` read again from a store (by the person's name; unknown when absent)."""
    again = []
    for row in rows:
        found = conn.execute("SELECT gender FROM entities WHERE type = 'person' AND name = ? ORDER BY id",
                             (row["name"],)).fetchone()
        again.append({**row, "system": _gender(found[0] if found else None)})
    return again


def score(rows: Sequence[dict[str, str]]) -> dict[str, Any]:
    """Accuracy where the system decided and the reader could tell; the unknown rate; what the
    unknowns were to the reader; the confusion counts."""
    decided = [row for row in rows if row["system"] != "unknown"]
    judged = [row for row in decided if row["gold"] != "unclear"]
    correct = sum(row["system"] == row["gold"] for row in judged)
    unknown = [row for row in rows if row["system"] == "unknown"]
    by_gold = Counter(row["gold"] for row in rows)
    return {
        "people": len(rows),
        "decided": len(decided),
        "decided_and_judged": len(judged),
        "correct": correct,
        "accuracy": round(correct / len(judged), 4) if judged else None,
        "unknown": len(unknown),
        "unknown_rate": round(len(unknown) / len(rows), 4) if rows else None,
        "unknown_a_reader_could_tell": sum(row["gold"] in ("female", "male") for row in unknown),
        "gold": dict(sorted(by_gold.items())),
        "confusion": {f"{system}->{gold}": n for (system, gold), n in
                      sorted(Counter((row["system"], row["gold"]) for row in rows).items())},
        "wrong": [{"name": row["name"], "system": row["system"], "gold": row["gold"]}
                  for row in judged if row["system"] != row["gold"]],
    }
