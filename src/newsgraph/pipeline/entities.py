"""Entities: every person, organisation, place and outlet mention, clustered into one entity per referent.

The tagger (en_core_web_sm) finds the mentions (`mentions`) and often mislabels them
("Zelenskyy" as GPE, "Kyiv" as PERSON, "Number 10" as a number). Clustering comes first, then each
cluster's type is voted by all its mentions plus evidence the tagger does not use: titles and
honorifics, forename lists, the offline gazetteer, known institutions and outlets, and the
context ("an interview with X"). Descriptions such as "the Prime Minister" join the entity that
holds that office.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from spacy.tokens import Doc, Token

from ..intervals import SpanIndex
from ..names import clean_name, fold, is_spelling_variant
from ..record import ArticleRecord, Entity, EntityType, Mention
from ..record import Span as TextSpan
from ..settings import Settings
from . import roles
from .coref.profiles import Profiles, describe
from .mention_index import MentionIndex
from .mentions import NameMention, collect

_ROMAN_NUMERAL = re.compile(r"[IVX]+")


_NAME_SUFFIXES = ("jr", "sr", "ii", "iii")


@dataclass
class _Cluster:
    mentions: list[NameMention]
    canonical: str | None = None
    canonical_type: str | None = None

    # Clustering asks every cluster for its names once per mention; mentions are only ever appended
    # (their kind set before), so the answers grow with each append and are brought up to date
    # from the mentions added since they were last read.
    _cached_at: int = field(default=0, repr=False)
    _names: set[str] = field(default_factory=set, repr=False)
    _person_names: list[list[str]] = field(default_factory=list, repr=False)
    _surnames: set[str] = field(default_factory=set, repr=False)
    _single_words: set[str] = field(default_factory=set, repr=False)
    _first_start: int | None = field(default=None, repr=False)

    def _refresh(self) -> None:
        for mention in self.mentions[self._cached_at :]:
            if mention.kind in ("name", "alias", "variant"):
                self._names.add(mention.key)
                if " " not in mention.key:
                    self._single_words.add(mention.key)
            if mention.kind == "name" and len(mention.parts) > 1:
                self._person_names.append(mention.parts)
                if mention.parts[-1] not in _NAME_SUFFIXES:
                    self._surnames.add(mention.parts[-1])
                    self._single_words.add(mention.parts[-1])
            if self._first_start is None or mention.span.start < self._first_start:
                self._first_start = mention.span.start
        self._cached_at = len(self.mentions)

    def names(self) -> set[str]:
        self._refresh()
        return self._names

    def person_names(self) -> list[list[str]]:
        self._refresh()
        return self._person_names

    def surnames(self) -> set[str]:
        self._refresh()
        return self._surnames

    def single_words(self) -> set[str]:
        """Surnames and one-word names: what a misspelt one-word mention may stand for."""
        self._refresh()
        return self._single_words

    def first_start(self) -> int:
        self._refresh()
        return self._first_start  # type: ignore[return-value]  # a cluster has a mention


def _matches(mention: NameMention, cluster: _Cluster, settings: Settings) -> str | None:
    """How `mention` joins `cluster`: 'name', 'alias', 'variant' or None."""
    key = mention.key
    if not key:
        return None
    if key in cluster.names():
        return "name"
    alias = mention.alias
    if alias is not None and cluster.canonical == alias[0]:
        return "alias"
    if mention.votes["place"] > 1 or mention.votes["outlet"] > 1:
        return None
    parts = mention.parts
    surnames = cluster.surnames()
    if len(parts) == 1 and parts[0] in surnames:
        return "name"
    if len(parts) == 1 and any(parts[0] == names[0] for names in cluster.person_names()):
        return "name"
    if len(parts) == 1 and any(
        is_spelling_variant(parts[0], surname, max_distance=settings.name_typo_max_distance,
                            min_length=settings.name_typo_min_length)
        for surname in cluster.single_words()
    ):
        return "variant"
    return None


class _Clusters:
    """The clusters so far, indexed by what `_matches` compares: names, canonical names, surnames,
    first names, and the first letter and length of one-word names (a spelling variant shares the
    first letter and is within the allowed distance in length). A mention is then compared with the
    few clusters it could join, not with every cluster of an article that names thousands of people."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.all: list[_Cluster] = []
        self._indexed: list[int] = []  # per cluster, how many of its mentions are indexed
        self._positions: dict[int, int] = {}
        self._by_key: dict[tuple[str, str], set[int]] = {}
        self._by_shape: dict[tuple[str, int], list[tuple[str, int]]] = {}

    def add(self, cluster: _Cluster) -> None:
        self._positions[id(cluster)] = len(self.all)
        self.all.append(cluster)
        self._indexed.append(0)
        if cluster.canonical is not None:
            self._by_key.setdefault(("canonical", cluster.canonical), set()).add(len(self.all) - 1)
        self.update(cluster)

    def update(self, cluster: _Cluster) -> None:
        """Index the mentions appended to `cluster` since it was last indexed (as `_Cluster._refresh`)."""
        position = self._positions[id(cluster)]
        for mention in cluster.mentions[self._indexed[position] :]:
            if mention.kind in ("name", "alias", "variant"):
                self._by_key.setdefault(("name", mention.key), set()).add(position)
                if " " not in mention.key:
                    self._add_shape(mention.key, position)
            if mention.kind == "name" and len(mention.parts) > 1:
                self._by_key.setdefault(("first", mention.parts[0]), set()).add(position)
                if mention.parts[-1] not in _NAME_SUFFIXES:
                    self._by_key.setdefault(("surname", mention.parts[-1]), set()).add(position)
                    self._add_shape(mention.parts[-1], position)
        self._indexed[position] = len(cluster.mentions)

    def _add_shape(self, word: str, position: int) -> None:
        folded = fold(word)
        if len(folded) >= self.settings.name_typo_min_length:
            self._by_shape.setdefault((folded[0], len(folded)), []).append((word, position))

    def candidates(self, mention: NameMention) -> list[_Cluster]:
        """The clusters `mention` may join, in the order they were made."""
        found = set(self._by_key.get(("name", mention.key), ()))
        if mention.alias is not None:
            found |= self._by_key.get(("canonical", mention.alias[0]), set())
        if len(mention.parts) == 1:
            word = mention.parts[0]
            found |= self._by_key.get(("surname", word), set()) | self._by_key.get(("first", word), set())
            folded, reach = fold(word), max(1, self.settings.name_typo_max_distance)
            if len(folded) >= self.settings.name_typo_min_length:
                for length in range(len(folded) - reach, len(folded) + reach + 1):
                    found.update(position for other, position in self._by_shape.get((folded[0], length), ())
                                 if position not in found and is_spelling_variant(
                                     word, other, max_distance=self.settings.name_typo_max_distance,
                                     min_length=self.settings.name_typo_min_length))
        return [self.all[position] for position in sorted(found)]


def _cluster(mentions: list[NameMention], settings: Settings) -> list[_Cluster]:
    clusters = _Clusters(settings)
    # Longest names first, so that "Zelenskyy" finds "Volodymyr Zelenskyy" wherever it stands.
    for mention in sorted(mentions, key=lambda m: (-len(m.parts), m.span.start)):
        joined = [(c, how) for c in clusters.candidates(mention) if (how := _matches(mention, c, settings))]
        exact = [(c, how) for c, how in joined if how != "variant"]
        candidates = exact or joined
        if candidates:
            # Two people share a surname ("Hillary Clinton", "Bill Clinton"): the better-known one wins.
            cluster, how = max(candidates, key=lambda pair: (len(pair[0].mentions), -pair[0].first_start()))
            if how == "variant" and len(joined) > 1:
                candidates = []
            else:
                mention.kind = how if how != "name" else "name"
                cluster.mentions.append(mention)
                clusters.update(cluster)
                continue
        alias = mention.alias
        clusters.add(_Cluster([mention], alias[0] if alias else None, alias[1] if alias else None))
    return clusters.all


def _decide_type(cluster: _Cluster) -> EntityType:
    votes: Counter[str] = Counter()
    for mention in cluster.mentions:
        votes.update(mention.votes)
    if cluster.canonical_type and votes[cluster.canonical_type] >= max(votes.values()) - 3:
        return cluster.canonical_type  # type: ignore[return-value]
    if votes["outlet"] >= 2 and votes["outlet"] + 1 >= votes["organisation"]:
        return "outlet"
    ranked = votes.most_common()
    best = ranked[0][0] if ranked else "other"
    return best if best in ("person", "organisation", "place", "outlet", "group") else "other"  # type: ignore[return-value]


def _canonical_name(cluster: _Cluster, entity_type: str) -> str:
    if cluster.canonical:
        return cluster.canonical
    names = [m for m in cluster.mentions if m.kind == "name"] or cluster.mentions
    spellings = Counter(clean_name(m.span.text) for m in names)
    if entity_type == "person":
        best = max(spellings, key=lambda n: (len(n.split()), spellings[n], -len(n)))
        return _with_name_title(best, names)
    return max(spellings, key=lambda n: (spellings[n], len(n)))


def _with_name_title(name: str, mentions: list[NameMention]) -> str:
    """'Pope Francis', not 'Francis': a given or regnal name alone keeps the title it stood after."""
    parts = name.split()
    if len(parts) > 2 or (len(parts) == 2 and not _ROMAN_NUMERAL.fullmatch(parts[1])):
        return name
    for mention in mentions:
        title = roles.name_title(mention.role) if mention.role else None
        if title and clean_name(mention.span.text) == name:
            return f"{title} {name}"
    return name


def _to_entity(cluster: _Cluster, entity_id: str) -> Entity:
    entity_type = _decide_type(cluster)
    name = _canonical_name(cluster, entity_type)
    mentions = sorted(cluster.mentions, key=lambda m: m.span.start)
    aliases = []
    for m in mentions:
        surface = clean_name(m.span.text)
        if m.kind in ("name", "alias", "variant") and surface != name and surface not in aliases:
            aliases.append(surface)
    found_roles = [m.role for m in mentions if m.role]
    role_list = list(dict.fromkeys(found_roles))
    genders = Counter(m.gender for m in mentions if m.gender)
    return Entity(
        id=entity_id, name=name, type=entity_type, aliases=aliases,
        mentions=[Mention(m.span, m.label, m.kind) for m in mentions],  # type: ignore[arg-type]
        role=max(role_list, key=len) if role_list else None, roles=role_list,
        gender=genders.most_common(1)[0][0] if entity_type == "person" and genders else None,  # type: ignore[arg-type]
    )


def _add_descriptions(doc: Doc, record: ArticleRecord, entities: list[Entity]) -> None:
    """Definite descriptions of an office ("the Prime Minister") join the person who holds it: the one
    whose office it may be, named before it or soon after (coref.profiles)."""
    taken = SpanIndex((m.span.start, m.span.end) for e in entities for m in e.mentions)
    profiles: Profiles | None = None
    for chunk in doc.noun_chunks:
        if chunk[0].lower_ != "the" or len(chunk) > 5 or any(t.ent_type_ == "PERSON" for t in chunk):
            continue
        if roles.office_of(chunk.text) is None:
            continue
        span = TextSpan.of(record.text, chunk.start_char, chunk.end_char)
        if record.in_boilerplate(span.start, span.end) or taken.any_overlapping(span.start, span.end):
            continue
        profiles = profiles or Profiles(doc, record, MentionIndex(record, names_only=True))
        holder = profiles.holder(describe(chunk.root))
        if holder is not None and holder.type == "person":
            holder.add_mention(Mention(span, "", "description"))


def _overlaps_any(spans: list[tuple[int, int]], reach: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of `spans` (sorted; `reach[k]` is the furthest end of
    spans[:k + 1], since mentions may nest)."""
    k = bisect_right(spans, (start, float("inf")))
    return (k > 0 and reach[k - 1] > start) or (k < len(spans) and spans[k][0] < end)


def _variant_finder(single: dict[str, _Cluster | None], settings: Settings) -> Callable[[str], _Cluster | None]:
    """The one cluster whose one-word name a folded word misspells (None if none or several),
    remembered per word: a misspelt name tends to recur."""
    min_length = settings.name_typo_min_length
    # is_spelling_variant needs the same first letter and both words long enough: checked here
    # first, so most words are compared with a handful of names, not all of them.
    by_letter: dict[str, list[tuple[str, _Cluster]]] = {}
    for name, cluster in single.items():
        folded = fold(name)
        if cluster is not None and len(folded) >= min_length:
            by_letter.setdefault(folded[0], []).append((name, cluster))
    found: dict[str, _Cluster | None] = {}

    def variant_of(key: str) -> _Cluster | None:
        if key not in found:
            candidates = by_letter.get(key[:1], []) if len(key) >= min_length else []
            variants = {id(c): c for name, c in candidates if is_spelling_variant(
                key, name, max_distance=settings.name_typo_max_distance, min_length=min_length)}
            found[key] = next(iter(variants.values())) if len(variants) == 1 else None
        return found[key]

    return variant_of


def _propagate_names(doc: Doc, record: ArticleRecord, clusters: list[_Cluster], settings: Settings) -> None:
    """A one-word name the tagger missed ("Zelenskyy said that...", or misspelt "Schloz") still
    joins its entity."""
    single: dict[str, _Cluster | None] = {}
    for cluster in clusters:
        for key in cluster.single_words():
            single[key] = cluster if single.get(key, cluster) is cluster else None  # ambiguous -> None
    taken = sorted((m.span.start, m.span.end) for c in clusters for m in c.mentions)
    reach = list(accumulate((end for _, end in taken), max))
    variant_of = _variant_finder(single, settings)
    for token in doc:
        if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
            continue
        key = fold(token.text)
        if token.pos_ != "PROPN" and not _surname_as_subject(token, key, single):
            continue
        cluster, kind = single.get(key), "name"
        if cluster is None and key not in single:
            cluster = variant_of(key)
            kind = "variant" if cluster is not None else "name"
        if cluster is None or _overlaps_any(taken, reach, token.idx, token.idx + len(token.text)):
            continue
        neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        if any(n.pos_ == "PROPN" and n.ent_type_ for n in neighbours):
            continue  # part of a longer name
        span = TextSpan.of(record.text, token.idx, token.idx + len(token.text))
        if not record.in_boilerplate(span.start, span.end):
            mention = NameMention(span, token.ent_type_, token.i, token.i, kind=kind)
            mention.votes[_decide_type(cluster)] += 1
            cluster.mentions.append(mention)


def _surname_as_subject(token: Token, key: str, single: dict[str, _Cluster | None]) -> bool:
    """A known person's surname as a sentence's subject that the tagger read as a common noun
    ("Trump claimed the move was criminal", where "trump" is also a word)."""
    cluster = single.get(key)
    return (cluster is not None and token.is_title and token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass")
            and key in cluster.surnames() and _decide_type(cluster) == "person")


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Fill `record.entities`: one entity per referent, ids E1, E2... in order of first mention."""
    clusters = _cluster(collect(doc, record), settings)
    _propagate_names(doc, record, clusters, settings)
    clusters.sort(key=lambda c: c.first_start())
    record.entities = [_to_entity(c, f"E{i}") for i, c in enumerate(clusters, 1)]
    _add_descriptions(doc, record, record.entities)
