"""Which entity each token of an article mentions, for reading event arguments off the parse: the record's
entity mentions, less datelines; pronouns through the coreference (pipeline/event_referents.py)."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Token

from ..lexicons import word_list
from ..nlp import doc_text
from ..record import ArticleRecord
from .event_referents import PLURAL_PRONOUNS, Referents

# A dateline opening a sentence: a city in capitals, an optional region or date after a comma, then a dash;
# a plain hyphen only after an agency in brackets ("WASHINGTON (Reuters) -"), not in "US - China talks".
_DATELINE = re.compile(r"[A-Z][A-Z'’.\-]{2,}(?: [A-Z][A-Z'’.\-]+)*(?:,[^\n—–()]{0,40}?)?"
                       r"(?:[^\S\n]*\([^()\n]{1,40}\)[^\S\n]+(?:--|—|–|-)|[^\S\n]+(?:--|—|–))[^\S\n]+")


# Plural nouns of time ("minutes before the vote"), which no plural pronoun stands for.
# The roles in which names joined with "and" take part in their clause.
_PARTIES = frozenset({"nsubj", "nsubjpass", "dobj", "appos", "attr"})


class EntityIndex:
    """Which entity each token mentions, and which entities are places or outlets."""

    def __init__(self, doc: Doc, record: ArticleRecord) -> None:
        self.by_token: dict[int, str] = {}
        self.types: dict[str, str] = {e.id: e.type for e in record.entities}
        # A city before an event noun or a group says where ("the Kabul bombing", "Kabul residents"), not who.
        self.cities = frozenset(e.id for e in record.entities if e.place is not None and e.place.feature == "city")
        # The countries the article names, by ISO code: "the Libyan ambassador" stands for one of them.
        self.countries: dict[str, str] = {}
        for entity in record.entities:
            if entity.place is not None and entity.place.feature == "country" and entity.place.country_code:
                self.countries.setdefault(entity.place.country_code, entity.id)
        # Where each place entity lies ("Baghdad": IQ), and the country the article is about: the one its places
        # name most often ("anti-government protests" there are aimed at its government).
        self.country_of: dict[str, str] = {e.id: e.place.country_code for e in record.entities
                                           if e.place is not None and e.place.country_code}
        self.names: dict[str, str] = {e.id: e.name for e in record.entities}
        self.home_country = _home_country(record)
        self.referents = Referents(doc, record)
        datelines = _datelines(doc)
        for entity in record.entities:
            for mention in entity.mentions:
                span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
                for token in span or ():
                    if token.i not in datelines:
                        self.by_token.setdefault(token.i, entity.id)

    def at(self, token: Token) -> str | None:
        return self.by_token.get(token.i)

    def named_or_referred(self, token: Token) -> str | None:
        """The entity a token names, or that a pronoun stands for ("He was accused": Avenatti)."""
        found = self.by_token.get(token.i)
        return found if found is not None else self.referents.of(token)

    def named_together(self, pronoun: Token) -> list[tuple[str, Token]]:
        """The names joined with "and" that a plural pronoun stands for: the nearest such names before it, in its
        sentence or the one before, not its own clause's subject, when nearer than what the coreference
        resolves it to, which picks one entity ("voted to hold two officers, Ross and Barr, in contempt, citing
        their refusal": Ross and Barr, not the House)."""
        if pronoun.lower_ not in PLURAL_PRONOUNS or pronoun.pos_ != "PRON":
            return []
        resolved = self.referents.of(pronoun)
        doc, sentence = pronoun.doc, pronoun.sent
        start = sentence.start if sentence.start == 0 else doc[sentence.start - 1].sent.start
        verb = next((a for a in pronoun.ancestors if a.pos_ in ("VERB", "AUX")), pronoun.head)
        own_subjects = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        time_nouns = word_list("event_time_nouns.txt")
        for token in reversed(doc[start:pronoun.i]):
            if resolved is not None and self.by_token.get(token.i) == resolved:
                return []  # the coreference's antecedent is nearer
            if token.i >= sentence.start and token.pos_ == "NOUN" and token.tag_ == "NNS" and (
                    token.lemma_.lower() not in time_nouns) and not any(c.dep_ == "appos" for c in token.children):
                return []  # "microbes ... supplying them": a plural noun of its own sentence is nearer
            first = token.head
            if token.dep_ != "conj" or first.i > token.i or token.i in own_subjects or first.dep_ not in _PARTIES:
                continue  # not "the agreement between Turkey and Libya": names a clause has as its participants
            names = [(self.by_token.get(t.i), t) for t in (first, *first.conjuncts)]
            found = {entity: t for entity, t in names if entity is not None}
            if len(found) >= 2:  # a pair at least: "Ross and Barr"
                return list(found.items())
        return []


def _home_country(record: ArticleRecord) -> str | None:
    """The country code the article's place mentions name most often, if one leads (a tie says nothing)."""
    counts = Counter(e.place.country_code for e in record.entities if e.place is not None and e.place.country_code
                     for _ in e.mentions)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _datelines(doc: Doc) -> set[int]:
    """The tokens of datelines ("LONDON (AP) —", "WASHINGTON (Reuters) -", "BUFFALO, N.Y. —"): where the
    story was filed and by whom, never a participant, though the parser often makes them a subject."""
    text, found = doc_text(doc), set()
    for sentence in doc.sents:
        dateline = _DATELINE.match(text, sentence.start_char)
        if dateline is not None:
            found |= {t.i for t in sentence if t.idx < dateline.end()}
    return found


