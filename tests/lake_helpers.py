"""Reading back what the lake's tests wrote."""

from __future__ import annotations

import json
from pathlib import Path

from newsgraph.lake import reader
from newsgraph.record import ArticleRecord, record_from_dict


def records(lake: Path) -> dict[str, ArticleRecord]:
    table = reader.read_table(lake, "articles", ["hash", "record"])
    return {row["hash"]: record_from_dict(json.loads(row["record"])) for row in table.to_pylist()}
