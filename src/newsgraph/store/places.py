"""Places on the map in the store: each article's reading of a place, and one reading per store entity.

An article reads a name in its own context (pipeline/places.py): "Georgia" may be the US state in
one article and the country in another. Each reading stays on its `article_entities` row; the
store's entity carries the reading most of its articles give (ties: the surest, then the first),
recomputed whenever an article or a correction changes who the entity is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from ..record import Place

PLACE_COLUMNS = ("country_code", "region_code", "geonames_id", "latitude", "longitude", "feature")


def place_values(place: Place | None) -> tuple[object, ...]:
    """The values of PLACE_COLUMNS and the reading's confidence, all None for no place."""
    if place is None:
        return (None,) * (len(PLACE_COLUMNS) + 1)
    return (place.country_code, place.region_code, place.geonames_id, place.latitude, place.longitude,
            place.feature, place.confidence)


def refresh(conn: sqlite3.Connection, entity_ids: Iterable[int]) -> None:
    """Set each entity's place columns to the reading most of its articles give (or none)."""
    columns = ", ".join(PLACE_COLUMNS)
    for entity_id in sorted(set(entity_ids)):
        best = conn.execute(
            f"SELECT {columns} FROM article_entities WHERE entity_id = ? AND feature IS NOT NULL "
            f"GROUP BY {columns} ORDER BY count(*) DESC, max(place_confidence) DESC, min(id) LIMIT 1",
            (entity_id,)).fetchone()
        values = tuple(best) if best else (None,) * len(PLACE_COLUMNS)
        conn.execute(f"UPDATE entities SET ({columns}) = ({', '.join('?' * len(PLACE_COLUMNS))}) WHERE id = ?",
                     (*values, entity_id))
