"""Who did an event a noun names, said by a participle on it: "the attack, reportedly conducted by the
Taliban" (after a comma the parser hangs the participle on the clause's verb, not on the noun), "another attack
ascribed to the Taliban", "a bombing blamed on separatists" (data/event_attributing_verbs.tsv). The agent or the
one the event is ascribed to is its actor; a participle with neither says nothing of who. So is the agent of a
verb of doing the event noun is the passive subject of: "the bombing was carried out by", "the attack was claimed
by" (data/event_doing_verbs.txt)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..lexicons import mapping, word_list
from .event_args import Arguments
from .event_index import EntityIndex
from .event_subjects import objects_of


def add_attributed_doer(noun: Token, index: EntityIndex, args: Arguments) -> None:
    """The doer a participle on an event noun names, when the noun has no actor."""
    if noun.pos_ != "NOUN" or args.has("actor") or any(role == "actor" for _, role, _ in args.groups):
        return
    attributing = mapping("event_attributing_verbs.tsv")
    for participle in _participles(noun):
        doers = [o for c in participle.children if c.dep_ == "agent" for o in objects_of(c)]
        preposition = attributing.get(participle.lemma_.lower())
        doers += [o for c in participle.children if c.dep_ == "prep" and c.lower_ == preposition
                  for o in objects_of(c)]
        for doer in doers:
            args.add_phrase(doer, index, "actor")
        if doers:
            return


def _participles(noun: Token) -> Iterator[Token]:
    """The past participles said of the noun: its own, or one right after a comma that ends the noun's phrase
    ("died in the attack, reportedly conducted by"), or the passive verb of doing it is the subject of."""
    yield from (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN")
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in word_list("event_doing_verbs.txt"):
        yield noun.head
    end = max(t.i for t in noun.subtree)
    doc = noun.doc
    if end + 2 >= len(doc) or doc[end + 1].text != ",":
        return
    for token in noun.ancestors:
        if token.pos_ in ("VERB", "AUX"):
            yield from (c for c in token.children if c.dep_ == "advcl" and c.tag_ == "VBN"
                        and c.left_edge.i == end + 2)
            return
