"""What an identity's units say of it: name, type, spellings, role, gender, counts.

An identity's units lie in several unit buckets (on several workers), so its summary is built in two
steps that give the same result in any order: each bucket **tallies** its units by identity (counts
added up, the first unit kept), the tallies of one identity are **added** wherever they meet, and the
sum is **finished** into the identity's row. `summarise` does all three in one place (tests, and a
lake whose corrections need every identity's name on the client).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..store.persons import PersonName
from ..store.types import majority_of
from .identity_units import Counts, Position, Unit, add_counts, most_common


@dataclass(slots=True)
class Identity:
    """One referent across articles: the units it joins and what they say of it."""

    identity_id: str
    name: str
    type: str
    aliases: list[str]
    role: str | None
    gender: str | None
    articles: int
    mentions: int
    units: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Tally:
    """An identity's units (some or all of them), their counts added up."""

    names: Counts = field(default_factory=dict)
    spellings: Counts = field(default_factory=dict)
    roles: Counts = field(default_factory=dict)
    genders: Counts = field(default_factory=dict)
    votes: Counts = field(default_factory=dict)  # type -> article entities
    articles: int = 0
    mentions: int = 0
    first: tuple[Position, str, str, str] = (("\uffff", 0, 0), "", "", "")  # (first seen, unit, type, key)
    units: list[str] = field(default_factory=list)

    def __reduce__(self) -> tuple[type[Tally], tuple[object, ...]]:
        # Tallies cross between workers: a plain tuple pickles cheapest (see Unit.__reduce__).
        return (Tally, (self.names, self.spellings, self.roles, self.genders, self.votes, self.articles,
                        self.mentions, self.first, self.units))

    def count(self, unit: Unit) -> None:
        add_counts(self.names, unit.names)
        add_counts(self.spellings, unit.spellings)
        add_counts(self.roles, unit.roles)
        add_counts(self.genders, unit.genders)
        self.votes[unit.type] = self.votes.get(unit.type, 0) + unit.articles
        self.articles += unit.articles
        self.mentions += unit.mentions
        self.first = min(self.first, (unit.first, unit.unit, unit.type, unit.key))
        self.units.append(unit.unit)

    def add(self, other: Tally) -> None:
        add_counts(self.names, other.names)
        add_counts(self.spellings, other.spellings)
        add_counts(self.roles, other.roles)
        add_counts(self.genders, other.genders)
        add_counts(self.votes, other.votes)
        self.articles += other.articles
        self.mentions += other.mentions
        self.first = min(self.first, other.first)
        self.units.extend(other.units)


def tallies(units: Iterable[Unit], identity_of: Mapping[str, str]) -> dict[str, Tally]:
    """The units' tallies, by identity."""
    found: dict[str, Tally] = {}
    for unit in units:
        identity = identity_of[unit.unit]
        tally = found.get(identity)
        if tally is None:
            tally = found[identity] = Tally()
        tally.count(unit)
    return found


def added(parts: Iterable[Mapping[str, Tally]]) -> dict[str, Tally]:
    """Tallies from several places, one per identity."""
    found: dict[str, Tally] = {}
    for part in parts:
        for identity, tally in part.items():
            if identity in found:
                found[identity].add(tally)
            else:
                found[identity] = tally
    return found


def finished(identity: str, tally: Tally) -> Identity:
    """The identity's row: its name is the full name most articles give (as the store upgrades
    "Zelenskyy"), its type its article entities' majority."""
    _, _, first_type, first_key = tally.first
    names = tally.names
    full = {n: c for n, c in names.items() if PersonName.parse(n).first} if first_type == "person" else {}
    name = most_common(full) or most_common(names) or first_key
    spellings = tally.spellings
    return Identity(identity, name, majority_of(tally.votes, name, first_type),
                    sorted(spellings, key=lambda s: (-spellings[s], s)), most_common(tally.roles),
                    most_common(tally.genders), tally.articles, tally.mentions, sorted(tally.units))


def summarise(units: Mapping[str, Unit], identity_of: Mapping[str, str]) -> dict[str, Identity]:
    """Every identity's row, from all its units at once."""
    return {identity: finished(identity, tally) for identity, tally in tallies(units.values(), identity_of).items()}
