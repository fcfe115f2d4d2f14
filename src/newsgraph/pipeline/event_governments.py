"""The government a protest is aimed at when the text leaves it implicit: "anti-government protests continue
in Baghdad", "weeks of protests against the extradition bill", and the demands of those protesters.

PLOVER codes a protest's target as the government it is directed at; the annotation guidelines are silent on a
target the text only implies, and this is our reading, kept narrow: a protest with no target of its own whose
phrase says "anti-government" (data/event_government_nouns.txt) or that is "against" an act of the state (a
bill, a law, lockdown measures, the government's policy: data/event_state_measures.txt), in a country the
article makes known. The country is the one the protest's own phrase names ("against Hong Kong's extradition
law", "Serbian protesters"), else the protest's place ("in Baghdad"), else its protesters' nationality
("Serbians"), else the country the article's places name most. The government is described ("Serbian
government"; "Hong Kong government" where the demonym is another country's). A protest with no
such cue ("thousands rallied in support of the president") keeps no target. Protesters' demands with no
addressee ("Their demands include new elections") are aimed where their protest told before is, and a call about
a state act with no addressee ("groups called for the bill to be dropped", "demanded the repeal of the law") at the
government of the country, found the same way."""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicons import word_list
from ..record import Event
from .event_args import Arguments, local_tokens
from .event_index import EntityIndex
from .event_nationality import country_names, country_of_demonym
from .event_subjects import objects_of

_DASHES = frozenset({"-", "‐", "–"})
_AIMED = frozenset({"PROTEST", "REQUEST"})
# How far down an "against" phrase a state act may be named: "against a proposed change to the extradition law".
_MAX_DEPTH = 3


def add_government_target(trigger: Token, kind: str, index: EntityIndex, args: Arguments) -> None:
    """The government of the country as the target of a protest, or of a call about a state act, that names none
    but implies it."""
    if kind not in _AIMED or args.has("recipient") or any(role == "recipient" for _, role, _ in args.groups):
        return
    cue = _government_cue(trigger) if kind == "PROTEST" else _called_for(trigger)
    code = _country(trigger, args, index) if cue is not None else None
    if cue is None or code is None:
        return
    description = government_description(code)
    if description is not None:
        args.groups.append((description, "recipient", cue))


def government_description(code: str) -> str | None:
    """ "Serbian government"; "Hong Kong government" where the demonym is another country's."""
    names = country_names(code)
    if names is None:
        return None
    name, demonym = names
    return f"{demonym or name} government"


def aim_demands(events: list[Event], triggers: dict[int, Token], names: dict[str, str]) -> None:
    """Protesters' requests with no addressee take the target of the last protest before them that has one."""
    protests = [e for e in events if e.type == "PROTEST" and (e.with_role("recipient") or e.described("recipient"))]
    for event in events:
        if event.type != "REQUEST" or event.with_role("recipient") or event.described("recipient"):
            continue
        if not _by_protesters(event, names):
            continue
        before = [p for p in protests if triggers[id(p)].i < triggers[id(event)].i]
        if not before:
            continue
        protest = max(before, key=lambda p: triggers[id(p)].i)
        event.participants.extend(p for p in protest.participants if p.role == "recipient")
        event.groups.extend(g for g in protest.groups if g.role == "recipient")


def _by_protesters(event: Event, names: dict[str, str]) -> bool:
    """ "Protesters' demands", "their demands" (the protesters): a request made by people who protest."""
    nouns = word_list("event_protester_nouns.txt")
    makers = [names.get(p.entity, "") for p in event.participants if p.role == "actor"]
    makers += [g.description for g in event.groups if g.role == "actor"]
    words = [maker.split()[-1].lower() for maker in makers if maker.split()]
    return any(word in nouns or word.removesuffix("s") in nouns for word in words)


def _government_cue(trigger: Token) -> Token | None:
    """The word that says the protest is aimed at a government: "anti-government", "against the bill"."""
    governments = word_list("event_government_nouns.txt")
    doc = trigger.doc
    for token in local_tokens(trigger):
        lemma = token.lemma_.lower()
        if token.lower_.startswith("anti-") and token.lower_[5:] in governments:
            return token
        if lemma in governments and token.i >= 2 and doc[token.i - 1].text in _DASHES and (
                doc[token.i - 2].lower_ == "anti"):
            return token
    for against in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "against"):
        for obj in objects_of(against):
            found = _state_act(obj, governments, 0)
            if found is not None:
                return found
    return None


def _called_for(trigger: Token) -> Token | None:
    """ "called for the bill to be dropped", "demanded the repeal of the law": a state act a request is about."""
    governments = word_list("event_government_nouns.txt")
    things = [c for c in trigger.children if c.dep_ == "dobj"]
    things += [o for c in trigger.children if c.dep_ == "prep" and c.lower_ == "for" for o in objects_of(c)]
    # "called for the bill to be dropped": the parser may make "for" the mark of the infinitive's clause
    things += [s for c in trigger.children if c.dep_ in ("advcl", "ccomp", "xcomp") and any(
        m.dep_ == "mark" and m.lower_ == "for" for m in c.children) for s in c.children if s.dep_.startswith("nsubj")]
    return next((found for thing in things if (found := _state_act(thing, governments, 0)) is not None), None)


def _state_act(noun: Token, governments: frozenset[str], depth: int) -> Token | None:
    """A state act in an "against" phrase: the noun itself, its possessor ("the government's measures") or the
    noun its "of"/"to" phrase names ("a change to the law")."""
    lemma = noun.lemma_.lower()
    if lemma in word_list("event_state_measures.txt"):
        return noun
    possessor = next((c for c in noun.children if c.dep_ == "poss" and c.lemma_.lower() in governments), None)
    if possessor is not None or depth >= _MAX_DEPTH:
        return possessor
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "to")):
        for obj in objects_of(prep):
            found = _state_act(obj, governments, depth + 1)
            if found is not None:
                return found
    return None


def _country(trigger: Token, args: Arguments, index: EntityIndex) -> str | None:
    """The country whose government the protest is against (see the module's docstring for the order)."""
    found = _named_country(local_tokens(trigger), index)
    if found is not None:
        return found
    if args.place is not None and args.place[0] in index.country_of:
        return index.country_of[args.place[0]]
    # "Serbians staged anti-government protests": who protests says where
    verb = trigger.head if trigger.dep_ in ("dobj", "pobj") else None
    subjects = [t for c in (verb.children if verb is not None else ()) if c.dep_ == "nsubj" for t in local_tokens(c)]
    return _named_country(subjects, index) or index.home_country


def _named_country(tokens: list[Token], index: EntityIndex) -> str | None:
    """The first country a phrase names by a place ("Hong Kong's law") or a nationality ("Serbian")."""
    for token in tokens:
        entity = index.at(token)
        if entity is not None and entity in index.country_of:
            return index.country_of[entity]
        if token.pos_ in ("ADJ", "PROPN", "NOUN") and token.text[:1].isupper():
            code = country_of_demonym(token.text)
            if code is not None:
                return code
    return None

