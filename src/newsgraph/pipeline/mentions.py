"""Entity mentions: the tagger's names, the known institutions and outlets, and the people's names
the tagger missed, the names heading interview turns, cut to the name (`name_spans`), each with
the evidence for its type that the tagger does not use (`name_evidence`), and acronyms tied to the
names they abbreviate ("Singapore Airlines (SIA)").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property

from spacy.attrs import LEMMA, LOWER
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from .. import lexicons
from ..names import (
    abbreviates,
    fold,
    is_acronym,
    is_place_name,
    known_alias,
    name_parts,
    with_place_spelt_out,
)
from ..nlp import tokens_where
from ..record import ArticleRecord
from ..record import Span as TextSpan
from . import name_spans
from .headline_words import HeadlineWords
from .name_evidence import LABEL_TYPES, gather_evidence
from .source_names import reporting_names
from .transcripts import speaker_labels

_ACRONYM_IN_BRACKETS = re.compile(r"\s*[(\[]\s*([A-Za-z][A-Za-z&]{1,7})\s*[)\]]")


@dataclass
class NameMention:
    """A name in the text, with the votes for its entity type that clustering will add up."""

    span: TextSpan
    label: str
    root: int  # token index of the mention's head
    first_token: int
    kind: str = "name"
    role: str | None = None
    gender: str | None = None  # from an honorific before it
    forename_gender: str | None = None  # from its forename, when strongly one gender
    votes: Counter[str] = field(default_factory=Counter)
    # Set when the text places it ("in Murphy, Texas"): it then joins no one by surname.
    locative: bool = False
    # The longer name this acronym abbreviates in the text ("Singapore Airlines (SIA)").
    expands: NameMention | None = None

    # Clustering compares each mention with every cluster: what it reads of the name is kept.
    @cached_property
    def parts(self) -> list[str]:
        return name_parts(self.span.text)

    @cached_property
    def key(self) -> str:
        # "U.S. Navy" and "United States Navy" are one name, and so are an embassy's with and without its city.
        return name_spans.without_seat(with_place_spelt_out(fold(self.span.text)))

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


def _char_span(doc: Doc, record: ArticleRecord, start: int, end: int) -> TextSpan:
    begin, finish = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    # "ITV News'" ends in a possessive apostrophe glued to the last token.
    while finish > begin and record.text[finish - 1] in "'’":
        finish -= 1
    return TextSpan.of(record.text, begin, finish)


class _Collector:
    """The mentions of one article as they are found, none overlapping another."""

    def __init__(self, doc: Doc, record: ArticleRecord) -> None:
        self.doc, self.record = doc, record
        self.mentions: list[NameMention] = []
        self.taken: set[int] = set()
        headline = record.layout.headline
        self.headline = HeadlineWords(doc, headline.end if headline is not None else 0)

    def add(self, start: int, end: int, label: str) -> NameMention | None:
        doc = self.doc
        if end <= start or any(i in self.taken for i in range(start, end)):
            return None
        span = _char_span(doc, self.record, start, end)
        # A proper name has a capital: "la decisión", "supreme court" or "fentanyl" is none.
        if self.record.in_boilerplate(span.start, span.end) or not any(c.isupper() for c in span.text):
            return None
        self.taken.update(range(start, end))
        mention = NameMention(span, label, doc[start:end].root.i, start)
        self.mentions.append(mention)
        return mention

    def replace_within(self, start: int, end: int) -> NameMention | None:
        """A name over tokens start..end, in place of the mentions wholly inside it ("Poland" of
        "Notes from Poland"); none when a mention runs across its edges."""
        inside = [m for m in self.mentions if start <= m.first_token < end]
        spans = [self.doc.char_span(m.span.start, m.span.end, alignment_mode="expand") for m in inside]
        if any(span is None or span.end > end or (span.start, span.end) == (start, end) for span in spans) or any(
                i in self.taken for i in (start - 1, end) if 0 <= i < len(self.doc) and self.doc[i].is_alpha):
            return None
        for mention, span in zip(inside, spans, strict=True):
            self.mentions.remove(mention)
            self.taken.difference_update(range(span.start, span.end))
        return self.add(start, end, "")

    def name_over(self, start: int, end: int) -> NameMention | None:
        """The mention over exactly tokens start..end, made one in place of those inside it if need be."""
        found = next((m for m in self.mentions if m.first_token == start
                      and self.doc[m.first_token:end].end_char == m.span.end), None)
        return found or self.replace_within(start, end)

    def add_tagged(self, start: int, end: int, label: str) -> NameMention | None:
        """A tagger's or matcher's span, cut to the name; a person's name run into the title or the
        organisation before it becomes a mention of its own (and the organisation another)."""
        doc = self.doc
        start, end = name_spans.trim(doc, start, end)
        if end > start and self.headline.within(start):
            start, end = name_spans.trim(doc, *self.headline.name_in(start, end))
        if end <= start or name_spans.only_titles(doc, start, end):
            return None
        personal = label == "PERSON"
        if personal:
            start = name_spans.extend_over_forenames(doc, start, end)
        else:
            if label == "ORG":
                start = name_spans.extend_over_conjoined_words(doc, start, end)
            wider = name_spans.extend_over_institution(doc, start, end)
            if wider != end:
                end, label = wider, "ORG"
            end = name_spans.extend_over_seat(doc, start, end)
        start = name_spans.extend_over_capitalised(doc, start, self.headline.end)
        split = name_spans.person_after_organisation(doc, start, end, personal)
        if split is not None:
            organisation = self.add(*name_spans.trim(doc, start, split), "GPE" if is_place_name(
                doc[start:split].text) else "ORG")
            if organisation is not None:
                organisation.votes["place" if organisation.label == "GPE" else "organisation"] += 1
            person = self.add(split, end, label)
            if person is not None:
                person.votes["person"] += 2  # the split's own evidence: a forename, or "director of"
            return person
        return self.add(name_spans.after_leading_title(doc, start, end, personal), end, label)


def collect(doc: Doc, record: ArticleRecord) -> list[NameMention]:
    found = _Collector(doc, record)
    for match_id, start, end in sorted(_phrase_matcher(doc)(doc), key=lambda m: (m[1], -m[2])):
        label = doc.vocab.strings[match_id]
        if not any(i in found.taken for i in range(start, end)) and not _opens_a_tagged_body(doc, end):
            entity_label = doc[start].ent_type_ or ("ORG" if label else "")
            mention = found.add_tagged(start, end, entity_label if entity_label in LABEL_TYPES else "ORG")
            if mention is not None:
                mention.votes["outlet" if label == "OUTLET" else "organisation"] += 3
    tagged = [(ent.start, ent.end, ent.label_) for ent in doc.ents if ent.label_ in LABEL_TYPES]
    tagged = name_spans.join_conjoined_organisations(doc, tagged)
    for start, end, label in name_spans.hand_over_joined_forenames(doc, tagged):
        ent = doc[start:end]
        if label == "NORP" and not (ent.root.pos_ in ("PROPN", "NOUN") and ent.root.tag_ in ("NNPS", "NNS")):
            continue  # "Russian aggression": a nationality adjective is not an entity
        if label in ("PERSON", "ORG") and len(ent) == 1 and _capitalised_by_its_sentence(ent[0]):
            continue  # "Photographs showed ...", "Reports said ...": a plural common noun, not a name
        if label == "ORG" and len(ent) == 1 and start > 0 and doc[start - 1].lower_ in _EACH:
            continue  # "I'm asking every Independent": one of a kind, not the newspaper
        found.add_tagged(start, end, label)
    for start, end in name_spans.untagged_people(doc, found.taken):
        found.add(start, end, "")
    for start, end, label in reporting_names(doc, found.taken):
        found.add(start, end, label)
    for start, end in _expanded_acronyms(doc, record):
        found.replace_within(start, end)
    for start, end in _bodies_named_after_leaders(doc, found.mentions):
        if (body := found.replace_within(start, end)) is not None:
            body.votes["organisation"] += 3
    for start, end in _national_governments(doc):
        if (government := found.name_over(start, end)) is not None:
            government.votes["organisation"] += 3
    for start, end in _interview_labels(doc, record):
        if (label := found.name_over(start, end)) is not None:
            label.votes["person"] += 2
    mentions = sorted(found.mentions, key=lambda m: m.span.start)
    mentions.extend(_bracketed_acronyms(doc, record, mentions, found))
    mentions.sort(key=lambda m: m.span.start)
    surnames = {m.parts[-1] for m in mentions if len(m.parts) > 1 and m.label == "PERSON"}
    for mention in mentions:
        gather_evidence(doc, record, mention, surnames)
    return mentions


def _opens_a_tagged_body(doc: Doc, end: int) -> bool:
    """Whether a known institution ending at token `end` is only the first words of a body the tagger
    named in full ("the United Nations General Assembly", "the UN Security Council"): that body is
    another organisation, not the institution."""
    last = end
    while last < len(doc) and doc[last].ent_iob_ == "I" and doc[last].ent_type_ == "ORG":
        last += 1
    # capitalised words only: not "the Associated Press news agency", "on Twitter the Federal Aviation Administration"
    return last > end and name_spans.is_organisation_word(doc[last - 1].text) and all(
        token.is_title or token.is_upper for token in doc[end:last])


def _expanded_acronyms(doc: Doc, record: ArticleRecord) -> Iterator[tuple[int, int]]:
    """Token spans of the capitalised words an acronym in brackets right after them abbreviates,
    small words included ("Notes from Poland (NFP)"): one name, whatever the tagger made of it.
    Untyped: what kind of name it is (a body, a law, a disease) is left to other evidence."""
    for bracket in _ACRONYM_IN_BRACKETS.finditer(record.text):
        short = bracket.group(1)
        acronym = doc.char_span(bracket.start(1), bracket.end(1))
        if acronym is None or acronym.start < 2 or not is_acronym(short):
            continue
        end = acronym.start - 1  # before the opening bracket
        while end > 0 and doc[end - 1].is_space:
            end -= 1
        for start in range(end - 1, max(-1, end - len(short) - 4), -1):
            words, first = doc[start:end], doc[start]
            if not (first.is_title or first.is_upper or first.is_stop) or first.is_punct or not words[-1].is_title:
                break
            if first.is_title and abbreviates(short, words.text):
                if len(words) > 1 and any(t.is_stop and t.is_lower for t in words):
                    yield start, end  # names without small words are the tagger's to find
                break


def _bracketed_acronyms(doc: Doc, record: ArticleRecord, mentions: list[NameMention], found: _Collector
                        ) -> list[NameMention]:
    """Acronyms in brackets after the name they abbreviate ("Singapore Airlines (SIA)"), tied to it
    (`expands`), found or added as mentions; and names in brackets after their acronym ("RMT
    (Rail, Maritime and Transport union)"). Returns the mentions added."""
    by_start = {m.span.start: m for m in mentions}
    added = []
    for mention in mentions:
        bracket = _ACRONYM_IN_BRACKETS.match(record.text, mention.span.end)
        if bracket is None or not is_acronym(bracket.group(1)) or " " not in mention.span.text.strip():
            continue
        short, long = bracket.group(1), mention.span.text
        # A foreign acronym ("Federal Security Service (FSB)") still starts with the same letter.
        if not (abbreviates(short, long) or (len(short) >= 3 and short[0].lower() == long[0].lower())):
            continue
        acronym = by_start.get(bracket.start(1))
        if acronym is None:
            span = doc.char_span(bracket.start(1), bracket.end(1))
            acronym = found.add(span.start, span.end, mention.label) if span is not None else None
            if acronym is not None:
                added.append(acronym)
        if acronym is not None and acronym.span.text == short:
            acronym.expands = mention
    for mention in mentions:
        inside = by_start.get(_after_bracket(record.text, mention.span.end))
        if (inside is not None and inside.expands is None and is_acronym(mention.span.text)
                and record.text.startswith(")", _after_space(record.text, inside.span.end))
                and abbreviates(mention.span.text, inside.span.text)):
            mention.expands = inside
    return added


def _after_space(text: str, at: int) -> int:
    while at < len(text) and text[at] == " ":
        at += 1
    return at


def _after_bracket(text: str, at: int) -> int:
    """The offset after " (" at `at`, or -1."""
    at = _after_space(text, at)
    return _after_space(text, at + 1) if text.startswith("(", at) else -1


def _national_governments(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token spans of a country's government named by its nationality or name: "the German
    government", "the US government" (a body that speaks and acts, as "the government of Samoa" is
    one; "the federal government" names no one)."""
    for token in tokens_where(doc, LOWER, _GOVERNMENT_WORDS):
        if token.pos_ != "NOUN" or token.i == 0:
            continue
        start = token.i
        while start > 0 and doc[start - 1].ent_type_ in ("NORP", "GPE") and doc[start - 1].head.i in (token.i, start):
            start -= 1
        if start < token.i and doc[start].ent_iob_ == "B":
            yield start, token.i + 1


_GOVERNMENT_WORDS = frozenset({"government"})
# Determiners that make a capitalised word one of a kind ("every Democrat", "each Independent"), not a name.
_EACH = frozenset({"every", "each", "any"})


def _bodies_named_after_leaders(doc: Doc, mentions: list[NameMention]) -> Iterator[tuple[int, int]]:
    """Token spans of a body news names after the person who leads it: "the Biden campaign", "the
    Obama administration", "the Johnson government" (data/leader_named_bodies.txt), an organisation
    that speaks and acts as itself; not the person. The name must be a person's by the tagger, or
    by a person of that surname in the article, or untagged: "the Senate campaign" and "the Labour
    government" are no leader's."""
    surnames = {m.parts[-1] for m in mentions if m.label == "PERSON" and m.parts}
    for token in tokens_where(doc, LEMMA, _leader_named_body_nouns()):
        if token.pos_ != "NOUN" or token.i == 0 or token.tag_ != "NN":
            continue
        start = token.i
        while (start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title
               and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i in (token.i, start)):
            start -= 1
        name = doc[start : token.i]
        if name and (name[-1].ent_type_ in ("PERSON", "") or fold(name[-1].text) in surnames):
            yield start, token.i + 1


@cache
def _leader_named_body_nouns() -> frozenset[str]:
    return lexicons.word_list("leader_named_bodies.txt") - {"family"}


def _interview_labels(doc: Doc, record: ArticleRecord) -> Iterator[tuple[int, int]]:
    """Token spans of the names that head interview turns ("((Perttu Ahola))  Hi. ...", the way
    Wikinews prints them; `transcripts.speaker_labels`): the interviewee, a person, whatever the tagger
    read of the label ("Perttu Ahola" as a place, "Ahola" alone)."""
    for start, end in speaker_labels(record.text):
        span = doc.char_span(start, end)
        if span is not None:
            yield span.start, span.end


def _capitalised_by_its_sentence(token: Token) -> bool:
    """A plural common noun (to the tagger) capitalised only by its sentence: "Photographs showed"."""
    return token.tag_ == "NNS" and name_spans.capitalised_only_by_its_sentence(token)
