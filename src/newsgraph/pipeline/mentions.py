"""Entity mentions: the tagger's names and the known institutions and outlets, trimmed to the
name, each with the evidence for its type that the tagger does not use (titles and honorifics,
forename lists, the gazetteer, known institutions and outlets, and the context).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from .. import lexicons
from ..names import fold, forename_gender, is_known_forename, is_known_outlet, is_place_name, known_alias, name_parts
from ..record import ArticleRecord, EntityType
from ..record import Span as TextSpan
from . import roles

LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group",
}
_OUTLET_WORDS = frozenset({"magazine", "newspaper", "daily", "weekly", "tabloid", "broadcaster", "channel",
                           "radio", "podcast", "programme", "program", "show", "website", "paper", "news"})
_SHORT_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr"})
_OUTLET_CONTEXT = ("interview with", "told", "speaking to", "spoke to", "talking to", "writing in", "wrote in",
                   "published by", "reported by", "according to", "appearance on", "broadcast on")


@dataclass
class NameMention:
    """A name in the text, with the votes for its entity type that clustering will add up."""

    span: TextSpan
    label: str
    root: int  # token index of the mention's head
    first_token: int
    kind: str = "name"
    role: str | None = None
    gender: str | None = None
    votes: Counter[str] = field(default_factory=Counter)

    # Clustering compares each mention with every cluster: what it reads of the name is kept.
    @cached_property
    def parts(self) -> list[str]:
        return name_parts(self.span.text)

    @cached_property
    def key(self) -> str:
        return fold(self.span.text)

    @cached_property
    def alias(self) -> tuple[str, str] | None:
        return known_alias(self.span.text)


@cache
def _matcher_patterns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    institutions = []
    for row in lexicons.table("institutions.tsv"):
        institutions.append(row[0])
        if len(row) > 1 and row[1]:
            institutions.extend(row[1].split("|"))
    outlets = [name for name in lexicons.word_list("outlets.txt", lower=False) if " " in name or name.isupper()]
    return tuple(institutions), tuple(outlets)


_MATCHERS: dict[int, PhraseMatcher] = {}


def _phrase_matcher(doc: Doc) -> PhraseMatcher:
    """Known institutions and multi-word outlets, matched case-sensitively (built once per vocab)."""
    matcher = _MATCHERS.get(id(doc.vocab))
    if matcher is None:
        from spacy.lang.en import English

        tokenizer = English(vocab=doc.vocab).tokenizer
        institutions, outlets = _matcher_patterns()
        matcher = PhraseMatcher(doc.vocab)
        matcher.add("INSTITUTION", [tokenizer(name) for name in institutions if name[0].isupper()])
        matcher.add("OUTLET", [tokenizer(name) for name in outlets])
        _MATCHERS[id(doc.vocab)] = matcher
    return matcher


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds without a leading article or honorific ("Dr Valeria Gazzola", which the tagger
    may read as an organisation) or a trailing possessive or punctuation."""
    while start < end and (doc[start].lower_ in ("the",) or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].text in ("'", "’")):
        end -= 1
    named = start
    while end - named > 1 and doc[named].lower_ in roles.honorifics() and doc[named + 1].is_title:
        named += 1
    rest = doc[named:end]
    # Before a single word, only "Dr Gazzola", "Mr Smith": "Lady Gaga" and "Miss Universe" are
    # whole names. Before a known place, a title names something else ("Mister America").
    single_word_ok = len(rest) > 1 or all(t.lower_.rstrip(".") in _SHORT_HONORIFICS for t in doc[start:named])
    keep_title = named == start or not single_word_ok or is_place_name(rest.text) or known_alias(rest.text)
    return (start if keep_title else named), end


def _char_span(doc: Doc, record: ArticleRecord, start: int, end: int) -> TextSpan:
    begin, finish = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    # "ITV News'" ends in a possessive apostrophe glued to the last token.
    while finish > begin and record.text[finish - 1] in "'’":
        finish -= 1
    return TextSpan.of(record.text, begin, finish)


def collect(doc: Doc, record: ArticleRecord) -> list[NameMention]:
    mentions: list[NameMention] = []
    taken: set[int] = set()

    def add(start: int, end: int, label: str) -> NameMention | None:
        start, end = _trim(doc, start, end)
        if end <= start or any(i in taken for i in range(start, end)):
            return None
        span = _char_span(doc, record, start, end)
        if record.in_boilerplate(span.start, span.end) or not any(c.isalpha() for c in span.text):
            return None
        taken.update(range(start, end))
        mention = NameMention(span, label, doc[start:end].root.i, start)
        mentions.append(mention)
        return mention

    for match_id, start, end in sorted(_phrase_matcher(doc)(doc), key=lambda m: (m[1], -m[2])):
        label = doc.vocab.strings[match_id]
        if not any(i in taken for i in range(start, end)):
            entity_label = doc[start].ent_type_ or ("ORG" if label else "")
            mention = add(start, end, entity_label if entity_label in LABEL_TYPES else "ORG")
            if mention is not None:
                mention.votes["outlet" if label == "OUTLET" else "organisation"] += 3
    for ent in doc.ents:
        if ent.label_ not in LABEL_TYPES:
            continue
        if ent.label_ == "NORP" and not (ent.root.pos_ in ("PROPN", "NOUN") and ent.root.tag_ in ("NNPS", "NNS")):
            continue  # "Russian aggression": a nationality adjective is not an entity
        if ent.label_ == "PERSON" and len(ent) == 1 and _capitalised_by_its_sentence(doc, ent[0]):
            continue  # "Photographs showed ...": a plural common noun, not a name
        add(ent.start, ent.end, ent.label_)
    mentions.sort(key=lambda m: m.span.start)
    for mention in mentions:
        _gather_evidence(doc, record, mention)
    return mentions


def _capitalised_by_its_sentence(doc: Doc, token: Token) -> bool:
    """A plural common noun (to the tagger) opening its sentence, never capitalised elsewhere in the
    article: "Photographs showed", but not "Coles reported" in an article that also has "and Coles"."""
    return (token.is_sent_start and token.tag_ == "NNS"
            and not any(t.text == token.text and not t.is_sent_start for t in doc))


def _gather_evidence(doc: Doc, record: ArticleRecord, mention: NameMention) -> None:
    votes = mention.votes
    votes[LABEL_TYPES.get(mention.label, "other")] += 1
    text = mention.span.text
    alias = mention.alias
    if alias is not None:
        votes[alias[1]] += 3
    if is_place_name(text):
        votes["place"] += 1.5
    if is_known_outlet(text):
        votes["outlet"] += 1.5 if mention.label == "ORG" else 0.5
    title = roles.title_before(doc, mention.first_token)
    if title is not None:
        votes["person"] += 2.5
        mention.role = title.role
        mention.gender = title.gender
    parts = text.split()
    if len(parts) > 1 and is_known_forename(parts[0]):
        votes["person"] += 1
        mention.gender = mention.gender or forename_gender(parts[0])
    if len(parts) > 1 and title is None and parts[-1].lower() in lexicons.word_list("periodical_heads.txt"):
        votes["outlet"] += 2  # "described by Marine Bulletin as": a periodical, not a person
    if mention.label == "PERSON" or votes["person"]:
        entity_span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if entity_span is not None:
            appositive = roles.appositive_role(entity_span)
            if appositive:
                mention.role = mention.role or appositive
                votes["person"] += 1
    after = doc[mention.root + 1] if mention.root + 1 < len(doc) else None
    before = record.text[max(0, mention.span.start - 20) : mention.span.start].lower()
    if after is not None and after.lower_ in _OUTLET_WORDS and mention.label != "PERSON":
        votes["outlet"] += 2
    if mention.label in ("ORG", "WORK_OF_ART") and before.rstrip().endswith(_OUTLET_CONTEXT):
        votes["outlet"] += 2
