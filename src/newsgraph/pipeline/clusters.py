"""An article's name mentions clustered into one cluster per referent, and each cluster's type.

A mention joins a cluster by its name, a known alias, the name its acronym abbreviates in brackets
("Singapore Airlines (SIA)") or the initials of one organisation's name ("General Motors" ...
"GM"), a person's surname, given name or the tail of their full name ("Glawischnig-Piesczek"), or
a misspelling. Only people lend their surname and given name: "News" is no one's surname in
"Fox News", nor "Square" in "Trafalgar Square"; and a given name two people share joins neither.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ..company_names import without_company_suffixes
from ..names import fold, is_acronym, is_spelling_variant, name_initials
from ..record import EntityType
from ..settings import Settings
from .mentions import NameMention
from .name_spans import is_organisation_word, legal_suffixes, organisation_head_words, without_seat
from .roles import titles

_NAME_SUFFIXES = ("jr", "sr", "ii", "iii")
# A surname two people share is the one named last when that was this close before it (characters,
# about a paragraph) and the other was last named over three times as far back: "Homeland Security
# Secretary Jeh Johnson says ... Johnson tells MSNBC", in an article that named Gary Johnson twice,
# an hour's news earlier.
NAMESAKE_WINDOW = 600
_TYPES: tuple[EntityType, ...] = ("person", "organisation", "place", "outlet", "group")
# How a mention joins a cluster, and the mention kind the record shows for each way.
_KINDS = {"name": "name", "alias": "alias", "surname": "name", "tail": "name", "forename": "name",
          "head": "alias", "initials": "alias", "variant": "variant"}


def personal(mention: NameMention) -> bool:
    """Whether a name's own evidence says person at least as loudly as anything else."""
    votes = mention.votes
    return votes["person"] > 0 and votes["person"] >= max(votes["organisation"], votes["place"], votes["outlet"],
                                                          votes["group"])


def _surname(parts: list[str]) -> str | None:
    """The last part of a full name that is not a suffix ("Robert Downey Jr." -> "downey")."""
    while parts and parts[-1] in _NAME_SUFFIXES:
        parts = parts[:-1]
    return parts[-1] if len(parts) > 1 else None


def index_keys(mention: NameMention) -> list[tuple[str, str]]:
    """What a mention lends its cluster for others to join by: its name; a person's given name and
    surname; an organisation's initials."""
    keys = []
    if mention.kind in ("name", "alias", "variant"):
        keys.append(("name", mention.key))
    if mention.kind == "name" and len(mention.parts) > 1:
        surname = _surname(mention.parts)
        if personal(mention):
            keys.append(("first", mention.parts[0]))
            if surname is not None:
                keys.append(("surname", surname))
            # What a shorter form of the name may be ("tail" in `_matches`): its last words, or its
            # first and last words without the middle names.
            parts = mention.parts
            keys += [("tail", " ".join(parts[-k:])) for k in range(2, len(parts))]
            if len(parts) > 2:
                keys.append(("tail", f"{parts[0]} {parts[-1]}"))
                keys.append(("frame", _frame(parts)))  # what "Richard K. Guy" is found by (`_initialled`)
        else:
            keys.append(("initials", name_initials(mention.span.text)))
            last = mention.parts[-1]
            # "HDT Limited" is "HDT", "Salling Group" "Salling" (not "Australia Group" "Australia").
            core = without_company_suffixes(mention.parts)
            if core != mention.parts:
                keys.append(("name", " ".join(core)))
            elif last in legal_suffixes():
                keys.append(("name", " ".join(mention.parts[:-1])))
            # "the Parliament" after "Tunisian Parliament", "the Department" after "California
            # Department of Corrections"
            # "the Embassy" after "the US Embassy in Iraq"
            seatless = without_seat(" ".join(mention.parts).lower()).split()
            keys += [("head", word) for word in organisation_head_words(seatless)]
    return keys


@dataclass
class Cluster:
    mentions: list[NameMention]
    canonical: str | None = None
    canonical_type: str | None = None

    # Clustering asks every cluster for its names once per mention; mentions are only ever appended
    # (their kind set before), so the answers grow with each append and are brought up to date
    # from the mentions added since they were last read.
    _cached_at: int = field(default=0, repr=False)
    _keys: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _person_names: list[list[str]] = field(default_factory=list, repr=False)
    _first_start: int | None = field(default=None, repr=False)

    def _refresh(self) -> None:
        for mention in self.mentions[self._cached_at :]:
            for kind, key in index_keys(mention):
                self._keys.setdefault(kind, set()).add(key)
            if mention.kind == "name" and len(mention.parts) > 1 and personal(mention):
                self._person_names.append(mention.parts)
            if self._first_start is None or mention.span.start < self._first_start:
                self._first_start = mention.span.start
        self._cached_at = len(self.mentions)

    def keys(self, kind: str) -> set[str]:
        self._refresh()
        return self._keys.get(kind, set())

    def names(self) -> set[str]:
        return self.keys("name")

    def person_names(self) -> list[list[str]]:
        self._refresh()
        return self._person_names

    def surnames(self) -> set[str]:
        return self.keys("surname")

    def single_words(self) -> set[str]:
        """Surnames, an organisation's head word ("Ministry") and one-word names: what a one-word
        mention, or a misspelt one, may stand for."""
        return self.surnames() | self.keys("head") | {name for name in self.names() if " " not in name}

    def first_start(self) -> int:
        self._refresh()
        return self._first_start  # type: ignore[return-value]  # a cluster has a mention


def _matches(mention: NameMention, cluster: Cluster, settings: Settings) -> str | None:
    """How `mention` joins `cluster` (a key of `_KINDS`), or None."""
    key = mention.key
    if not key:
        return None
    if key in cluster.names():
        return "name"
    alias = mention.alias
    if alias is not None and cluster.canonical == alias[0]:
        return "alias"
    parts = mention.parts
    if len(parts) > 1:
        # The tail of a full name ("Glawischnig-Piesczek", "al-Muhandis"), or the name without
        # its middle names ("Elijah Cummings" for "Elijah Eugene Cummings").
        shorter = any(
            len(name) > len(parts) and (name[-len(parts):] == parts or (name[0], name[-1]) == (parts[0], parts[-1]))
            for name in cluster.person_names())
        return "tail" if shorter or any(_initialled(name, parts) for name in cluster.person_names()) else None
    votes = mention.votes
    word = parts[0]
    # "in Allen, Texas" is no one's surname; nor is "Washington" when tagger and gazetteer agree.
    placed = mention.locative or votes["outlet"] > 1 or (votes["place"] > 1 and mention.label in ("GPE", "LOC"))
    if not placed and word in cluster.surnames():
        return "surname"
    if not placed and word in cluster.keys("first"):
        return "forename"
    if votes["place"] > 1 or votes["outlet"] > 1:
        return None
    if word in cluster.keys("head") and mention.span.text[:1].isupper():
        return "head"
    if alias is None and is_acronym(mention.span.text) and mention.span.text.upper() in cluster.keys("initials"):
        return "initials"
    if any(is_name_variant(word, other, settings) for other in cluster.single_words()):
        return "variant"
    return None


def _frame(parts: list[str]) -> str:
    """A full name's first and last names and its length: what the same name with its middle names
    initialled shares."""
    return f"{parts[0]} {parts[-1]} {len(parts)}"


def _initialled(name: list[str], other: list[str]) -> bool:
    """The same full name with a middle name given by its initial ("Richard K. Guy", "Richard
    Kenneth Guy"): first and last names equal, each middle name equal or the other's initial."""
    return (len(name) == len(other) > 2 and name != other and (name[0], name[-1]) == (other[0], other[-1])
            and all(a == b or (a[0] == b[0] and 1 in (len(a), len(b)))
                    for a, b in zip(name[1:-1], other[1:-1], strict=True)))


def is_name_variant(word: str, other: str, settings: Settings) -> bool:
    """Whether one-word name `word` misspells `other`; never an office or a kind of body ("Officer",
    "Office", "Council"): a word one letter from another such word ("Officer" and "Office", "Counsel"
    and "Council") is another word, not a misspelling."""
    return not _common_word(word) and not _common_word(other) and is_spelling_variant(
        word, other, max_distance=settings.name_typo_max_distance, min_length=settings.name_typo_min_length)


def _common_word(word: str) -> bool:
    return word.lower().rstrip(".") in titles() or is_organisation_word(word)


class _Clusters:
    """The clusters so far, indexed by what `_matches` compares: names, canonical names, surnames,
    given names, initials, and the first letter and length of one-word names (a spelling variant
    shares the first letter and is within the allowed distance in length). A mention is then
    compared with the few clusters it could join, not with every cluster of an article that names
    thousands of people."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.all: list[Cluster] = []
        self.home: dict[int, Cluster] = {}  # id(mention) -> its cluster
        self._indexed: list[int] = []  # per cluster, how many of its mentions are indexed
        self._positions: dict[int, int] = {}
        self._by_key: dict[tuple[str, str], set[int]] = {}
        self._by_shape: dict[tuple[str, int], list[tuple[str, int]]] = {}

    def add(self, cluster: Cluster) -> None:
        self._positions[id(cluster)] = len(self.all)
        self.all.append(cluster)
        self._indexed.append(0)
        if cluster.canonical is not None:
            self._by_key.setdefault(("canonical", cluster.canonical), set()).add(len(self.all) - 1)
        self.update(cluster)

    def join(self, cluster: Cluster, mention: NameMention, how: str) -> None:
        mention.kind = _KINDS[how]
        cluster.mentions.append(mention)
        self.update(cluster)

    def update(self, cluster: Cluster) -> None:
        """Index the mentions appended to `cluster` since it was last indexed (as `Cluster._refresh`)."""
        position = self._positions[id(cluster)]
        for mention in cluster.mentions[self._indexed[position] :]:
            self.home[id(mention)] = cluster
            for kind, key in index_keys(mention):
                self._by_key.setdefault((kind, key), set()).add(position)
                if kind in ("surname", "name") and " " not in key:
                    self._add_shape(key, position)
        self._indexed[position] = len(cluster.mentions)

    def by_key(self, key: tuple[str, str]) -> set[int]:
        """The positions of the clusters indexed under `key` (("surname", "kelly"))."""
        return self._by_key.get(key, set())

    def _add_shape(self, word: str, position: int) -> None:
        folded = fold(word)
        if len(folded) >= self.settings.name_typo_min_length:
            self._by_shape.setdefault((folded[0], len(folded)), []).append((word, position))

    def candidates(self, mention: NameMention) -> list[Cluster]:
        """The clusters `mention` may join, in the order they were made."""
        found = set(self._by_key.get(("name", mention.key), ()))
        if mention.alias is not None:
            found |= self._by_key.get(("canonical", mention.alias[0]), set())
        if len(mention.parts) > 1:
            found |= self._by_key.get(("tail", " ".join(mention.parts)), set())
        if len(mention.parts) > 2:
            found |= self._by_key.get(("frame", _frame(mention.parts)), set())
        if len(mention.parts) == 1:
            word = mention.parts[0]
            found |= self._by_key.get(("surname", word), set()) | self._by_key.get(("first", word), set())
            found |= self._by_key.get(("initials", mention.span.text.upper()), set())
            found |= self._by_key.get(("head", word), set())
            folded, reach = fold(word), max(1, self.settings.name_typo_max_distance)
            if len(folded) >= self.settings.name_typo_min_length:
                for length in range(len(folded) - reach, len(folded) + reach + 1):
                    found.update(position for other, position in self._by_shape.get((folded[0], length), ())
                                 if position not in found and is_spelling_variant(
                                     word, other, max_distance=self.settings.name_typo_max_distance,
                                     min_length=self.settings.name_typo_min_length))
        return [self.all[position] for position in sorted(found)]


def _choose(joined: list[tuple[Cluster, str]], start: int) -> tuple[Cluster, str] | None:
    """The cluster a mention at `start` joins among those it matches, or None for a cluster of its own."""
    for ways, unique in ((("name", "alias"), False), (("surname", "tail"), False), (("forename",), True),
                         (("head",), True), (("initials",), True), (("variant",), True)):
        found = [(cluster, how) for cluster, how in joined if how in ways]
        if unique and len({id(cluster) for cluster, _ in found}) > 1:
            return None  # a given name two people share, or initials or a misspelling of two names
        if len(found) > 1 and (just_named := _just_named(found, start)) is not None:
            return just_named
        if found:  # two people share a surname ("Hillary Clinton", "Bill Clinton"): the better-known one
            return max(found, key=lambda pair: (len(pair[0].mentions), -pair[0].first_start()))
    return None


def _just_named(found: list[tuple[Cluster, str]], start: int) -> tuple[Cluster, str] | None:
    """Of people sharing a surname, the one named in full just before `start`, when the others were
    last named long before it or not yet (`NAMESAKE_WINDOW`)."""
    distances = []
    for pair in found:
        if pair[1] == "surname":
            mention = _last_mention_before(pair[0], start)
            distances.append((start - mention.span.start if mention else math.inf, mention, pair))
    distances.sort(key=lambda distance: distance[0])
    if len(distances) < 2:
        return None
    (nearest, mention, pair), (next_nearest, *_) = distances[:2]
    if mention is not None and nearest <= NAMESAKE_WINDOW < next_nearest / 3 and " " in mention.span.text:
        return pair  # named in full: not a compound such as "Trump-Biden"
    return None


def _last_mention_before(cluster: Cluster, start: int) -> NameMention | None:
    return max((mention for mention in cluster.mentions if mention.span.start < start),
               key=lambda mention: mention.span.start, default=None)


def cluster_mentions(mentions: list[NameMention], settings: Settings) -> list[Cluster]:
    clusters = _Clusters(settings)
    # Longest names first, so that "Zelenskyy" finds "Volodymyr Zelenskyy" wherever it stands.
    for mention in sorted(mentions, key=lambda m: (-len(m.parts), m.span.start)):
        expanded = clusters.home.get(id(mention.expands)) if mention.expands is not None else None
        if expanded is not None:
            clusters.join(expanded, mention, "alias")
            continue
        joined = [(c, how) for c in clusters.candidates(mention) if (how := _matches(mention, c, settings))]
        chosen = _choose(joined, mention.span.start)
        if chosen is not None:
            clusters.join(chosen[0], mention, chosen[1])
            continue
        alias = mention.alias
        clusters.add(Cluster([mention], alias[0] if alias else None, alias[1] if alias else None))
    return _surnames_joined(clusters)


def _surnames_joined(clusters: _Clusters) -> list[Cluster]:
    """The clusters, with each one-word cluster that is one person's surname joined to that person.

    Mentions join an exact name before a surname, so a surname whose first mention was kept apart
    (read as a place: "in Kelly v. United States", a headline's "Bloomberg, Warren end campaigns")
    drew the later ones to it: "Kelly" and "Bridget Anne Kelly" stayed two. Joined when
    the cluster's evidence says person and one person of the article has that surname."""
    joined = False
    for cluster in clusters.all:
        words = {tuple(mention.parts) for mention in cluster.mentions}
        if len(words) != 1 or len(word := next(iter(words))) != 1 or cluster.canonical is not None:
            continue
        if decide_type(cluster) != "person":
            continue
        owners = [clusters.all[position] for position in clusters.by_key(("surname", word[0]))]
        owners = [owner for owner in owners if owner is not cluster and decide_type(owner) == "person"]
        if len(owners) == 1:
            for mention in cluster.mentions:
                mention.kind = _KINDS["surname"]
            owners[0].mentions.extend(cluster.mentions)
            cluster.mentions = []
            joined = True
    return [cluster for cluster in clusters.all if cluster.mentions] if joined else clusters.all


def decide_type(cluster: Cluster) -> EntityType:
    """The type most of the evidence of the cluster's mentions votes for. A mention that is part of
    a person's full name (surname, given name, the name's tail) counts half: the tagger reads it
    without the rest of the name ("Cummings" as a place after "Elijah Cummings"); when the full name
    itself says person, such a part says nothing else ("Behnken and Hurley" after "Doug Hurley":
    the tagger and the gazetteer read "Hurley" as a town)."""
    votes: Counter[str] = Counter()
    surnames, forenames, full_names = cluster.surnames(), cluster.keys("first"), cluster.person_names()
    named_in_full = any(mention.parts in full_names and personal(mention) for mention in cluster.mentions)
    for mention in cluster.mentions:
        parts = mention.parts
        partial = parts and parts not in full_names and (
            parts[-1] in surnames or (len(parts) == 1 and parts[0] in forenames))
        weight = 0.5 if partial else 1.0
        for kind, vote in mention.votes.items():
            if not (partial and named_in_full and kind != "person"):
                votes[kind] += vote * weight
    if cluster.canonical_type and votes[cluster.canonical_type] >= max(votes.values()) - 3:
        return cluster.canonical_type  # type: ignore[return-value]
    # An outlet is an organisation that publishes; the context that says so ("told X", "X
    # website") does not outweigh a person's or a place's own evidence.
    if (votes["outlet"] >= 2 and votes["outlet"] + 1 >= votes["organisation"]
            and votes["outlet"] > votes["person"] and votes["outlet"] >= votes["place"]):
        return "outlet"
    ranked = votes.most_common()
    best = ranked[0][0] if ranked else "other"
    return best if best in _TYPES else "other"  # type: ignore[return-value]
