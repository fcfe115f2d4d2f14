"""An entity's type across articles: the majority of its articles' types, and when a name alone may
join entities the articles typed differently.

The tagger's labels disagree between articles ("COVID-19" a person in one, an organisation in
the next), so the type is a vote: `entity_types` counts, per entity, the articles that gave each
type, and the entity takes the type most of them gave (a tie: `place` for a name the gazetteer knows
as a place, `person` for a full name with a known forename, else the type it has). A name alone
joins entities of different types only when they cannot be namesakes (`may_share_identity`):

- organisations, outlets, groups and `other` are kinds of one thing: any two join;
- a place never joins a person ("Georgia" the state and a woman called Georgia) nor an
  organisation (a city's name stands for its government, team or university: "the Montreal team");
  it joins an outlet only when the gazetteer knows the name as a place and it is no known outlet
  ("Samoa" mis-typed as an outlet, not "Atlantic" the magazine);
- a person joins an organisation only when the name cannot be anyone else's: a full name with a
  known forename ("Nicola Sturgeon") or a name with no forename or surname in it ("COVID-19");
  a surname alone ("Ford", "Trump") or a company's name ("Walt Disney Company") stays apart.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

from ..company_names import has_company_suffix
from ..names import fold, is_known_forename, is_known_outlet, is_place_name

ORGANISATIONAL = frozenset({"organisation", "outlet", "group", "other"})


@cache
def _surnames() -> frozenset[str]:
    """Folded surnames of the US Census list shipped by the `names` package (MIT)."""
    text = resources.files("names").joinpath("dist.all.last").read_text()
    return frozenset(line.split()[0].lower() for line in text.splitlines() if line.strip())


def _could_be_personal_name(words: list[str]) -> bool:
    return any(is_known_forename(w) or w in _surnames() for w in words)


def may_share_identity(name: str, first: str, second: str) -> bool:
    """Whether entities of types `first` and `second` called `name` may be one referent on the name alone."""
    pair = {first, second}
    if first == second or pair <= ORGANISATIONAL:
        return True
    if pair == {"place", "person"}:
        return False
    if "place" in pair:
        return pair == {"place", "outlet"} and is_place_name(name) and not is_known_outlet(name)
    words = fold(name).split()
    if not words or has_company_suffix(name):
        return False
    return _full_personal_name(words) or not _could_be_personal_name(words)


def _full_personal_name(words: list[str]) -> bool:
    return len(words) >= 2 and is_known_forename(words[0]) and not any(w.isdigit() for w in words)


def count(conn: sqlite3.Connection, entity_id: int, entity_type: str, current: str) -> str:
    """Count one more article giving `entity_type` to the entity (of type `current`); returns the
    type its articles' majority gives it now."""
    conn.execute("INSERT INTO entity_types (entity_id, type, articles) VALUES (?, ?, 1) "
                 "ON CONFLICT (entity_id, type) DO UPDATE SET articles = articles + 1", (entity_id, entity_type))
    # One more vote for the type it has cannot take the majority away from it.
    return current if current == entity_type else majority(conn, entity_id, current)


def majority(conn: sqlite3.Connection, entity_id: int, current: str) -> str:
    """The type most of the entity's articles give; a tie is broken by what the name is (see above)."""
    votes = dict(conn.execute("SELECT type, articles FROM entity_types WHERE entity_id = ?", (entity_id,)).fetchall())
    if len([n for n in votes.values() if n == max(votes.values())]) <= 1:
        return majority_of(votes, "", current)
    name = str(conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()[0])
    return majority_of(votes, name, current)


def majority_of(votes: Mapping[str, int], name: str, current: str) -> str:
    """The type most `votes` (type -> articles) give an entity called `name` (of type `current`);
    a tie is broken by what the name is (see above). Shared with the lake's resolution."""
    most = max(votes.values(), default=0)
    tied = [str(t) for t, n in votes.items() if n == most]
    if len(tied) <= 1:
        return tied[0] if tied else current
    if "place" in tied and is_place_name(name):
        return "place"
    if "person" in tied and _full_personal_name(fold(name).split()):
        return "person"
    return current if current in tied else sorted(tied)[0]


def merged(conn: sqlite3.Connection, keep: int, drop: int) -> None:
    """Entity `drop`'s votes become `keep`'s."""
    conn.execute("INSERT INTO entity_types (entity_id, type, articles) SELECT ?, type, articles FROM entity_types "
                 "WHERE entity_id = ? AND true ON CONFLICT (entity_id, type) DO UPDATE SET articles = articles + "
                 "excluded.articles", (keep, drop))
    conn.execute("DELETE FROM entity_types WHERE entity_id = ?", (drop,))


def recount(conn: sqlite3.Connection, entity_ids: Iterable[int]) -> None:
    """Count the votes of these entities again from their articles (after a split moved some)."""
    for entity_id in set(entity_ids):
        conn.execute("DELETE FROM entity_types WHERE entity_id = ?", (entity_id,))
        conn.execute("INSERT INTO entity_types (entity_id, type, articles) SELECT entity_id, type, count(*) "
                     "FROM article_entities WHERE entity_id = ? AND type IS NOT NULL GROUP BY type", (entity_id,))
