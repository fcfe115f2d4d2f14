"""An event trigger's arguments read off the dependency parse: who, to whom (where and when: event_place_date.py).

The actor is the subject (or the agent of a passive, the possessor of a noun, "by" a statement's
issuer), the recipient the object or the object of "with", "to", "against"; co-participants come
with "alongside", "together with", "between". A noun phrase names its entities through the
record's mentions, its conjuncts ("Starmer and Trump") and, for a group noun, its modifiers and
"from"/"of" objects: "Nato leaders" is Nato, "leaders from the Czech Republic, France ... and
Poland" are those seven countries. A noun trigger's arguments: pipeline/event_noun_args.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from ..lexicons import word_list
from ..record import DateMention, ParticipantRole
from ..record import Span as TextSpan
from .coref.nouns import is_document
from .event_groups import described_group, spoken_for
from .event_index import EntityIndex
from .event_sides import coordinated_names
from .event_subjects import (
    clause_subjects,
    objects_of,
    shared_subject,
    unsaid_subject,
)
from .roles import titles

# Children that start a clause of their own: their words are not the trigger's arguments.
_CLAUSAL = frozenset({"ccomp", "xcomp", "advcl", "relcl", "csubj", "parataxis", "conj", "acl", "pcomp"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_GROUP_PREPOSITIONS = frozenset({"from", "of"})
RECIPIENT_PREPOSITIONS = {
    "meet": frozenset({"with", "between"}),
    "call": frozenset({"with", "to"}),
    "visit": frozenset({"to"}),
    "directed": frozenset({"with", "to", "against", "on", "for", "from", "at", "into"}),
    "interview": frozenset({"with", "to"}),
    "issue": frozenset({"to"}),
    "alone": frozenset({"against"}),
}
_TOGETHER = frozenset({"alongside", "beside", "besides"})
_TOGETHER_PAIRS = frozenset({("along", "with"), ("together", "with"), ("as", "as")})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


@dataclass(slots=True)
class Arguments:
    """What the parse says about one trigger: (entity id, role, token) and where and when."""

    roles: list[tuple[str, ParticipantRole, Token]] = field(default_factory=list)
    place: tuple[str, Token] | None = None
    date: DateMention | None = None
    # (description, role, token) of participants described, not named: "the protesters"
    groups: list[tuple[str, ParticipantRole, Token]] = field(default_factory=list)

    def add(self, found: list[tuple[str, Token]], role: ParticipantRole) -> None:
        for entity, token in found:
            if all(entity != e or role != r for e, r, _ in self.roles):
                self.roles.append((entity, role, token))

    def add_phrase(self, token: Token, index: EntityIndex, role: ParticipantRole) -> None:
        """The entities a phrase names or, naming none, the people or group it describes."""
        found = entities_of(token, index)
        if found:
            self.add(found, role)
            return
        body = spoken_for(token)
        if body is not None:
            self.add_phrase(body, index, role)  # "the spokesperson for the German government": the government
            return
        group = described_group(token) or index.referents.described(token)
        if group is not None and all(group[1] is not t and (group[0], role) != (d, r) for d, r, t in self.groups):
            self.groups.append((group[0], role, group[1]))

    def has(self, role: ParticipantRole) -> bool:
        return any(r == role for _, r, _ in self.roles)


def span_of(token: Token, text: str) -> TextSpan:
    return TextSpan.of(text, token.idx, token.idx + len(token.text))


def _conjuncts(token: Token) -> list[Token]:
    return [token, *(c for c in token.conjuncts if c.i > token.i)]


def entities_of(token: Token, index: EntityIndex) -> list[tuple[str, Token]]:
    """The entities a noun phrase headed by `token` names (several when coordinated)."""
    found: list[tuple[str, Token]] = []
    for head in _conjuncts(token):
        if head.lower_ in _RELATIVE and head.head.dep_ == "relcl":
            head = head.head.head  # "Lammy, who is attending": Lammy
        together = index.named_together(head)  # "citing their refusal": the two officers named before
        if together:
            found.extend(together)
            continue
        entity = index.named_or_referred(head)
        if entity is not None:
            found.append((entity, head))
            found.extend(coordinated_names(head, index))  # "US President A and Turkish President B"
            continue
        if head.pos_ not in ("NOUN", "PRON", "PROPN"):  # "Ministers from ..." opens a sentence as PROPN
            continue
        # every name in apposition, also those joined to it ("two officers, Wilbur Ross and William Barr")
        named = [(index.at(x), x) for c in head.children if c.dep_ == "appos" for x in _conjuncts(c)
                 if index.at(x) is not None]
        if named:
            # "her counterpart Sergey Lavrov", "the envoy, Zalmay Khalilzad": the name said of the noun
            # (not its possessor: her counterpart is someone else)
            found.extend(named)  # type: ignore[arg-type]
            continue
        holder = _title_holder(head, index)
        if holder is not None:
            found.append(holder)
            continue
        # A group noun: "Nato leaders", "Ukraine's allies", "leaders from France and Poland"; but "US troops"
        # are a body of the country, described, not the country.
        serving = head.lemma_.lower() in word_list("event_country_bodies.txt")
        for child in head.children:
            member = index.at(child)
            if child.dep_ in ("compound", "poss", "amod", "nmod") and member is not None and (
                    member not in index.cities or child.dep_ == "poss") and not (
                    serving and child.dep_ != "poss" and index.types.get(member) == "place"):
                found.append((member, child))
            elif child.dep_ == "prep" and child.lower_ == "as" and any(
                    c.lower_ == "such" for c in (*child.children, *head.children)):
                for obj in objects_of(child):  # "allies such as Germany": the members named
                    found.extend(entities_of(obj, index))
            elif child.dep_ == "prep" and child.lower_ in _GROUP_PREPOSITIONS and (
                    child.lower_ == "from" or head.tag_ in ("NNS", "NNPS")):
                # "leaders from France", "the proposal from Hamas", "ministers of ...", not "a resident of Antioch"
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found.extend(entities_of(obj, index))
    return list({entity: (entity, tok) for entity, tok in reversed(found)}.values())[::-1]


def _title_holder(head: Token, index: EntityIndex) -> tuple[str, Token] | None:
    """ "United States Senator from Vermont Bernie Sanders", "US Ambassador to Germany Richard Grenell": a
    title whose phrase names a person (the parser hangs the name anywhere in it) is that person; the
    countries around the title say where the office is."""
    if head.lemma_.lower() not in titles() and head.lower_ not in titles():
        return None
    for token in local_tokens(head):
        entity = index.at(token)
        if entity is not None and index.types.get(entity) == "person":
            return entity, token
    return None


def local_tokens(trigger: Token) -> list[Token]:
    """The trigger's phrase without the clauses hanging on it."""
    tokens: list[Token] = []
    stack = [trigger]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack.extend(c for c in token.children if c.dep_ not in _CLAUSAL or (token is not trigger and c.dep_ == "conj"))
    return sorted(tokens, key=lambda t: t.i)


def is_definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children)


def already_there(trigger: Token) -> bool:
    """A definite event noun after a preposition names an event already there: "she will comply with the
    request" (the request was made), "they will respond to the attack"."""
    return trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and is_definite(trigger)


def _together(child: Token) -> bool:
    if child.lower_ in _TOGETHER:
        return True
    return any((child.lower_, c.lower_) in _TOGETHER_PAIRS for c in child.children) or (
        child.lower_ == "with" and any(c.lower_ in ("along", "together") for c in child.head.children))


def verb_arguments(verb: Token, frame: str, index: EntityIndex, args: Arguments) -> None:
    """Actor, recipient and co-participants of a verb trigger."""
    preps = RECIPIENT_PREPOSITIONS.get(frame, RECIPIENT_PREPOSITIONS["directed"])
    stray = [s for s in clause_subjects(verb) if s.head is not verb]  # hung on an auxiliary by the parser
    if not stray and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        shared = shared_subject(verb)
        controller = shared or unsaid_subject(verb)
        if controller is not None:
            # "Avenatti is to be sentenced": a passive infinitive's unsaid subject is acted on; so is the
            # subject a passive shares ("was arrested and charged")
            passive = any(c.dep_ == "auxpass" for c in verb.children) or (
                shared is not None and shared.dep_ == "nsubjpass")
            args.add_phrase(controller, index, "recipient" if passive else "actor")
    # a headline's passive has no auxiliary: "Navalny poisoned with Novichok", "Doe convicted of fraud"
    reduced = verb.tag_ == "VBN" and verb.dep_ in ("ROOT", "ccomp") and not any(
        c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children)
    for child in [*stray, *verb.children]:
        if child.dep_ == "nsubj":
            args.add_phrase(child, index, "recipient" if reduced else "actor")
        elif child.dep_ == "nsubjpass":
            args.add_phrase(child, index, "recipient")
        elif child.dep_ == "agent":
            for obj in objects_of(child):
                args.add_phrase(obj, index, "actor")
        elif child.dep_ in ("dobj", "dative"):
            # "sent weapons to Ukraine" parses "to" as the dative: its object is the recipient.
            objects = objects_of(child) if child.pos_ == "ADP" else [child]
            found = [f for o in objects for f in entities_of(o, index)]
            if not found and frame != "visit":
                for obj in objects:
                    args.add_phrase(obj, index, "recipient")  # "urged vigilant locals to ..."
            if frame == "visit":
                places = [(e, t) for e, t in found if index.types.get(e) == "place"]
                if places and args.place is None:
                    args.place = places[0]
                found = visited(found, index, args)
            args.add(found, "recipient")
        elif child.dep_ == "prep" and _together(child):
            for obj in objects_of(child) or [g for c in child.children for g in objects_of(c)]:
                args.add_phrase(obj, index, "participant")
        elif child.dep_ == "prep" and child.lower_ in preps:
            for obj in objects_of(child):
                if not _route(child, obj, index):
                    args.add_phrase(obj, index, "recipient")
        elif child.dep_ == "prep" and child.lower_ == "between":
            for obj in objects_of(child):
                # "was signed between A, B and C": its sides, the first named the actor when none is said (the
                # annotation guidelines' rule for events of equal sides)
                found = entities_of(obj, index)
                if not found:
                    args.add_phrase(obj, index, "participant")
                elif not args.has("actor") and not any(c.dep_ == "agent" for c in verb.children):
                    args.add(found[:1], "actor")
                    args.add(found[1:], "participant")
                else:
                    args.add(found, "participant")
    _issued_by(verb, index, args)


def _issued_by(verb: Token, index: EntityIndex, args: Arguments) -> None:
    """ "was condemned in a joint statement by Egypt, Greece and Cyprus": a passive with no agent of its own
    is done by the issuer of the document it is done in."""
    if args.has("actor") or not any(c.dep_ == "auxpass" for c in verb.children):
        return
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "through", "via")):
        for document in (o for o in objects_of(prep) if is_document(o)):
            for by in (c for c in document.children if c.dep_ == "prep" and c.lower_ == "by"):
                for obj in objects_of(by):
                    args.add_phrase(obj, index, "actor")


def _route(prep: Token, obj: Token, index: EntityIndex) -> bool:
    """ "airlifted from Omsk to Berlin": a city a journey starts from, or goes to from another, is where,
    not whom the act is aimed at."""
    if index.at(obj) not in index.cities:
        return False
    return prep.lower_ == "from" or (prep.lower_ in ("to", "into") and any(
        c.dep_ == "prep" and c.lower_ == "from" for c in prep.head.children))


def visited(found: list[tuple[str, Token]], index: EntityIndex, args: Arguments) -> list[tuple[str, Token]]:
    """Who a visit is paid to: a country or a person; a city visited is where ("a trip to Warsaw")."""
    for entity, token in found:
        if entity in index.cities and args.place is None:
            args.place = (entity, token)
    return [(entity, token) for entity, token in found if entity not in index.cities]


def accused_in_clause(verb: Token, index: EntityIndex, args: Arguments) -> None:
    """An allegation's clause names the accused as its subject: "Canada alleged Huawei had stolen", or as
    the agent of a passive ("claimed protesters were sent by the government"), or of what the subject is said to
    be ("claimed the tax is a ploy by the Treasury"); not a passive's subject
    ("alleged Navalny was poisoned": the victim)."""
    if args.has("recipient"):
        return
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        for subject in (c for c in clause.children if c.dep_ == "nsubj"):
            args.add_phrase(subject, index, "recipient")
        # "alleged the ballots were forged by the ruling party", "claimed the tax is a ploy by the Treasury":
        # the doer of what is alleged
        doers = [c for c in clause.children if c.dep_ == "agent"] + [
            p for a in clause.children if a.dep_ == "attr" for p in a.children if p.dep_ == "prep" and p.lower_ == "by"]
        for doer in doers:
            for obj in objects_of(doer):
                args.add_phrase(obj, index, "recipient")
