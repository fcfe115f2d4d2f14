"""Who gets quoted: the people quoted, by gender, overall, by outlet and by month (docs/sources.md).

A person is quoted when a quotation's speaker resolved to a person entity. Their gender is the
store's (entities.gender: from honorifics, pronouns coreference tied to them, strong forenames;
pipeline/gender.py); anything but female or male (none found, or articles disagreeing) is
unknown. Counts are of distinct people and of quotations; shares are of all the people (or
quotations) counted, unknown included, and `female_of_known` is women's share of the people
whose gender is known.

The SQL is built here once, with `?` parameters, so that the CLI (sqlite3) and the workspace
(Datasette's threads) count the same rows, and the workspace's quotation lists behind each number
use the very filter that counted them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import UsageError

GENDERS = ("female", "male", "unknown")
GROUPINGS = ("outlet", "month")
DEFAULT_TOP = 10
MAX_TOP = 1000

GENDER_SQL = "CASE WHEN e.gender IN ('female', 'male') THEN e.gender ELSE 'unknown' END"
_GROUP_SQL = {"outlet": "coalesce(a.source, '')", "month": "coalesce(substr(q.said_on, 1, 7), '')"}
_FROM = ("FROM quotes q JOIN entities e ON e.id = q.speaker_id AND e.type = 'person' "
         "JOIN articles a ON a.id = q.article_id")
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")

Rows = Callable[[str, Sequence[Any]], list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class SourceFilter:
    """Which quotations count: said between two dates (inclusive), in one outlet, and, for the
    quotation lists behind a number, one gender, month or person."""

    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    gender: str | None = None
    month: str | None = None
    speaker_id: int | None = None

    def __post_init__(self) -> None:
        if self.gender is not None and self.gender not in GENDERS:
            raise UsageError(f"gender must be one of {', '.join(GENDERS)}, not {self.gender!r}")
        if self.month is not None and self.month != "" and not _MONTH.fullmatch(self.month):
            raise UsageError(f"month must be YYYY-MM, not {self.month!r}")

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition over `q` (quotes), `e` (the speaker) and `a` (the article), and its arguments."""
        clauses, args = ["1"], []
        if self.since:
            clauses.append("q.said_on >= ?")
            args.append(self.since)
        if self.until:
            clauses.append("q.said_on <= ?")
            args.append(self.until + "\uffff")  # a day given as YYYY-MM-DD is inclusive
        if self.outlet is not None:
            clauses.append(f"{_GROUP_SQL['outlet']} = ?")
            args.append(self.outlet)
        if self.gender:
            clauses.append(f"{GENDER_SQL} = ?")
            args.append(self.gender)
        if self.month is not None:
            clauses.append(f"{_GROUP_SQL['month']} = ?")
            args.append(self.month)
        if self.speaker_id is not None:
            clauses.append("q.speaker_id = ?")
            args.append(self.speaker_id)
        return " AND ".join(clauses), args

    def query(self) -> dict[str, str]:
        """The filter as URL parameters (those set)."""
        return {k: str(v) for k, v in asdict(self).items() if v is not None}


def counts_sql(source: SourceFilter, by: str | None = None) -> tuple[str, list[Any]]:
    """People and quotations per gender (and per outlet or month with `by`)."""
    if by is not None and by not in GROUPINGS:
        raise UsageError(f"--by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    group = _GROUP_SQL[by] if by else "''"
    where, args = source.where()
    return (f"SELECT {group} AS grouping, {GENDER_SQL} AS gender, count(DISTINCT q.speaker_id) AS people, "
            f"count(*) AS quotes {_FROM} WHERE {where} GROUP BY grouping, gender ORDER BY grouping, gender", args)


def top_sql(source: SourceFilter, top: int) -> tuple[str, list[Any]]:
    """The most quoted women and men (each gender's `top` people, most quotations first)."""
    where, args = source.where()
    return (f"SELECT gender, entity_id, name, quotes FROM (SELECT {GENDER_SQL} AS gender, e.id AS entity_id, "
            f"e.name AS name, count(*) AS quotes, row_number() OVER (PARTITION BY {GENDER_SQL} "
            f"ORDER BY count(*) DESC, e.name, e.id) AS place {_FROM} WHERE {where} AND e.gender IN ('female', 'male') "
            "GROUP BY e.id) WHERE place <= ? ORDER BY gender, place", [*args, top])


def quotes_sql(source: SourceFilter, limit: int, offset: int = 0) -> tuple[str, list[Any]]:
    """The quotations a count counted, newest first (the workspace's list behind a number)."""
    where, args = source.where()
    return ("SELECT q.id, q.article_id, q.local_id, q.kind, q.content, q.cue, q.said_on, q.confidence, "
            "q.speaker_id, e.name AS speaker, a.title AS article, a.source, a.published "
            f"{_FROM} WHERE {where} ORDER BY q.said_on DESC, q.id DESC LIMIT ? OFFSET ?", [*args, limit, offset])


def tally(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One group's counts by gender, their totals and shares."""
    people = {gender: 0 for gender in GENDERS}
    quotes = {gender: 0 for gender in GENDERS}
    for row in rows:
        people[row["gender"]] += int(row["people"])
        quotes[row["gender"]] += int(row["quotes"])
    total_people, total_quotes = sum(people.values()), sum(quotes.values())
    known = people["female"] + people["male"]
    return {
        "people": {**people, "total": total_people},
        "quotes": {**quotes, "total": total_quotes},
        "people_share": {g: _share(people[g], total_people) for g in GENDERS},
        "quotes_share": {g: _share(quotes[g], total_quotes) for g in GENDERS},
        "female_of_known": _share(people["female"], known),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def assemble(overall: Sequence[dict[str, Any]], grouped: Sequence[dict[str, Any]] | None, by: str | None,
             top: Sequence[dict[str, Any]], source: SourceFilter) -> dict[str, Any]:
    """The report from the rows counts_sql and top_sql gave."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in grouped or ():
        groups.setdefault(row["grouping"], []).append(row)
    return {
        "filter": source.query(),
        "overall": tally(overall),
        "by": by,
        "groups": [{"group": name, **tally(rows)} for name, rows in groups.items()],
        "top": {gender: [{k: row[k] for k in ("entity_id", "name", "quotes")} for row in top if row["gender"] == gender]
                for gender in ("female", "male")},
    }


def report(rows: Rows, source: SourceFilter, by: str | None = None, top: int = DEFAULT_TOP) -> dict[str, Any]:
    """Who gets quoted, with `rows(sql, args)` running the queries."""
    overall = rows(*counts_sql(source))
    grouped = rows(*counts_sql(source, by)) if by else None
    return assemble(overall, grouped, by, rows(*top_sql(source, top)), source)


def outlets(conn: sqlite3.Connection) -> list[str]:
    """The outlets the store's articles name."""
    return [str(row[0]) for row in conn.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL "
                                                "ORDER BY source")]
