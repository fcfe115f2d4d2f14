"""Entities: every person, organisation, place and outlet mention, clustered into one entity per referent.

The tagger (en_core_web_sm) finds the mentions (`mentions`) and often mislabels them
("Zelenskyy" as GPE, "Kyiv" as PERSON, "Number 10" as a number). Clustering comes first
(`clusters`), then each cluster's type is voted by all its mentions plus evidence the tagger does
not use: titles and honorifics, forename lists, the offline gazetteer, known institutions and
outlets, organisations' and places' head words and legal forms, and the context ("an interview
with X"). Names the tagger missed in one place join their entity elsewhere; descriptions such as
"the Prime Minister" join the entity that holds that office.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from itertools import accumulate

from spacy.tokens import Doc, Span, Token

from ..intervals import SpanIndex
from ..names import clean_name, fold, is_acronym
from ..record import ArticleRecord, Entity, Mention
from ..record import Span as TextSpan
from ..settings import Settings
from . import gender, roles
from .clusters import Cluster, cluster_mentions, decide_type, is_name_variant
from .coref.profiles import Profiles, describe
from .mention_index import MentionIndex
from .mentions import NameMention, collect
from .name_spans import organisation_heads
from .quotemarks import QuoteMarks, quote_marks

_ROMAN_NUMERAL = re.compile(r"[IVX]+")
# Tagger labels of numbers and times: a token so labelled is no name and no part of one.
_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL"})


def _canonical_name(cluster: Cluster, entity_type: str, marks: QuoteMarks) -> str:
    if cluster.canonical:
        return cluster.canonical
    names = [m for m in cluster.mentions if m.kind == "name"] or cluster.mentions
    # The article's own name, not a speaker's longer one for the same person ("Crooked Hillary Clinton"
    # in a candidate's tweet); a full name only quoted is still the fullest ("Josh Earnest" quoted,
    # "Earnest" in the article's words).
    quoted = {id(m) for m in names if marks.inside(m.span.start, m.span.end)}
    own = {clean_name(m.span.text) for m in names if id(m) not in quoted and " " in clean_name(m.span.text)}
    names = [m for m in names if id(m) not in quoted
             or not any(clean_name(m.span.text).endswith(" " + name) for name in own)] or names
    spellings = Counter(clean_name(m.span.text) for m in names)
    if entity_type == "person":
        # The fullest: most words, then fewest initials ("Richard Kenneth Guy" over "Richard K. Guy").
        best = max(spellings, key=lambda n: (len(n.split()), -_initials(n), spellings[n], -len(n)))
        return _with_name_title(best, names)
    # The name in full, however often its acronym is used ("Royal Canadian Mounted Police (RCMP)").
    best = max(spellings, key=lambda n: (not is_acronym(n), spellings[n], len(n)))
    if best.lower() not in organisation_heads():
        return best
    # Its head word alone ("Parliament") is a short form when the article introduced the body by a
    # fuller name before it: "the Parliament of the United Kingdom ... Parliament".
    first = min(names, key=lambda m: m.span.start)
    introduced = clean_name(first.span.text)
    return introduced if introduced.lower() not in organisation_heads() and not is_acronym(introduced) else best


def _initials(name: str) -> int:
    return sum(len(part.rstrip(".")) == 1 for part in name.split())


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


def _to_entity(cluster: Cluster, entity_id: str, marks: QuoteMarks) -> Entity:
    entity_type = decide_type(cluster)
    name = _canonical_name(cluster, entity_type, marks)
    mentions = sorted(cluster.mentions, key=lambda m: m.span.start)
    aliases = []
    for m in mentions:
        surface = clean_name(m.span.text)
        if m.kind in ("name", "alias", "variant") and surface != name and surface not in aliases:
            aliases.append(surface)
    found_roles = [m.role for m in mentions if m.role]
    role_list = list(dict.fromkeys(found_roles))
    return Entity(
        id=entity_id, name=name, type=entity_type, aliases=aliases,
        mentions=[Mention(m.span, m.label, m.kind) for m in mentions],  # type: ignore[arg-type]
        role=max(role_list, key=len) if role_list else None, roles=role_list,
        gender=gender.decide((m.gender for m in mentions), (m.forename_gender for m in mentions))  # type: ignore[arg-type]
        if entity_type == "person" else None,
    )


def _add_descriptions(doc: Doc, record: ArticleRecord, entities: list[Entity]) -> None:
    """Definite descriptions of an office ("the Prime Minister") join the person who holds it: the one
    whose office it may be, named before it or soon after (coref.profiles)."""
    taken = SpanIndex((m.span.start, m.span.end) for e in entities for m in e.mentions)
    profiles: Profiles | None = None
    for chunk in doc.noun_chunks:
        if chunk[0].lower_ != "the" or len(chunk) > 5 or any(t.ent_type_ == "PERSON" for t in chunk):
            continue
        if roles.office_of(chunk.text) is None or _named_beside(chunk):
            continue
        span = TextSpan.of(record.text, chunk.start_char, chunk.end_char)
        if record.in_boilerplate(span.start, span.end) or taken.any_overlapping(span.start, span.end):
            continue
        profiles = profiles or Profiles(doc, record, MentionIndex(record, names_only=True))
        holder = profiles.holder(describe(chunk.root))
        if holder is not None and holder.type == "person":
            holder.add_mention(Mention(span, "", "description"))


def _named_beside(chunk: Span) -> bool:
    """Whether a person's name stands in apposition to the description, set off by a comma ("the
    current bishop, Allan Casicas,", "Allan Casicas, the current bishop,"): the office is theirs,
    not that of whoever held it earlier in the article."""
    doc = chunk.doc
    after = doc[chunk.end + 1] if chunk.end + 1 < len(doc) and doc[chunk.end].text == "," else None
    before = doc[chunk.start - 2] if chunk.start >= 2 and doc[chunk.start - 1].text == "," else None
    return any(token is not None and token.ent_type_ == "PERSON" for token in (after, before))


def _overlaps_any(spans: list[tuple[int, int]], reach: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of `spans` (sorted; `reach[k]` is the furthest end of
    spans[:k + 1], since mentions may nest)."""
    k = bisect_right(spans, (start, float("inf")))
    return (k > 0 and reach[k - 1] > start) or (k < len(spans) and spans[k][0] < end)


def _variant_finder(single: dict[str, Cluster | None], settings: Settings) -> Callable[[str], Cluster | None]:
    """The one cluster whose one-word name a folded word misspells (None if none or several),
    remembered per word: a misspelt name tends to recur."""
    min_length = settings.name_typo_min_length
    # is_spelling_variant needs the same first letter and both words long enough: checked here
    # first, so most words are compared with a handful of names, not all of them.
    by_letter: dict[str, list[tuple[str, Cluster]]] = {}
    for name, cluster in single.items():
        folded = fold(name)
        if cluster is not None and len(folded) >= min_length:
            by_letter.setdefault(folded[0], []).append((name, cluster))
    found: dict[str, Cluster | None] = {}

    def variant_of(key: str) -> Cluster | None:
        if key not in found:
            candidates = by_letter.get(key[:1], []) if len(key) >= min_length else []
            variants = {id(c): c for name, c in candidates if is_name_variant(key, name, settings)}
            found[key] = next(iter(variants.values())) if len(variants) == 1 else None
        return found[key]

    return variant_of


def _propagate_names(doc: Doc, record: ArticleRecord, clusters: list[Cluster], settings: Settings) -> None:
    """A one-word name the tagger missed ("Zelenskyy said that...", misspelt "Schloz", or "the
    Ministry" after "the Emergencies Ministry") still joins its entity."""
    single: dict[str, Cluster | None] = {}
    for cluster in clusters:
        for key in cluster.single_words():
            single[key] = cluster if single.get(key, cluster) is cluster else None  # ambiguous -> None
    taken = sorted((m.span.start, m.span.end) for c in clusters for m in c.mentions)
    reach = list(accumulate((end for _, end in taken), max))
    variant_of = _variant_finder(single, settings)
    for token in doc:
        if token.ent_type_ in _NOT_NAMES:
            continue
        proper = token.pos_ == "PROPN"
        if not token.text[:1].isupper() or (not proper and not (token.pos_ == "NOUN" and token.is_title)):
            # A word in lower case names no one, whatever the tagger read ("the current bishop,
            # Allan Casicas," after a headline's "Bishop"); a common noun is a name only as below.
            continue
        key = fold(token.text)
        if not proper and not _surname_as_subject(token, key, single):
            continue
        cluster = single.get(key)
        # "the Ministry" after "the Emergencies Ministry" is a short form, not the name.
        kind = "alias" if cluster is not None and key in cluster.keys("head") and key not in cluster.names() else "name"
        if cluster is None and key not in single:
            cluster = variant_of(key)
            kind = "variant" if cluster is not None else "name"
        if cluster is None or _overlaps_any(taken, reach, token.idx, token.idx + len(token.text)):
            continue
        neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        if any(n.pos_ == "PROPN" and n.ent_type_ and n.ent_type_ not in _NOT_NAMES for n in neighbours):
            continue  # part of a longer name (not "Later on Tuesday Mitsotakis": a date is no name)
        span = TextSpan.of(record.text, token.idx, token.idx + len(token.text))
        if not record.in_boilerplate(span.start, span.end):
            mention = NameMention(span, token.ent_type_, token.i, token.i, kind=kind)
            mention.votes[decide_type(cluster)] += 1
            cluster.mentions.append(mention)


def _surname_as_subject(token: Token, key: str, single: dict[str, Cluster | None]) -> bool:
    """A known person's surname as a sentence's subject that the tagger read as a common noun
    ("Trump claimed the move was criminal", where "trump" is also a word)."""
    cluster = single.get(key)
    return (cluster is not None and token.is_title and token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass")
            and key in cluster.surnames() and decide_type(cluster) == "person")


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Fill `record.entities`: one entity per referent, ids E1, E2... in order of first mention."""
    clusters = cluster_mentions(collect(doc, record), settings)
    _propagate_names(doc, record, clusters, settings)
    clusters.sort(key=lambda c: c.first_start())
    marks = quote_marks(doc)
    record.entities = [_to_entity(c, f"E{i}", marks) for i, c in enumerate(clusters, 1)]
    _add_descriptions(doc, record, record.entities)
