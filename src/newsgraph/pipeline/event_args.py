"""An event trigger's arguments read off the dependency parse: who, to whom (where and when: event_place_date.py).

The actor is the subject (or the agent of a passive, the possessor of a noun, "by" a statement's
issuer), the recipient the object or the object of "with", "to", "against"; co-participants come
with "alongside", "together with", "between". A noun phrase names its entities through the
record's mentions, its conjuncts ("Starmer and Trump") and, for a group noun, its modifiers and
"from"/"of" objects: "Nato leaders" is Nato, "leaders from the Czech Republic, France ... and
Poland" are those seven countries. A noun trigger with no actor of its own borrows the subject of
the verb it hangs on ("In an interview with Le Parisien, Zelenskyy said").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Token

from ..lexicons import table, word_list
from ..record import DateMention, ParticipantRole
from ..record import Span as TextSpan
from .coref.nouns import is_document
from .event_groups import described_group, spoken_for
from .event_index import EntityIndex
from .event_sides import coordinated_names, stray_side
from .event_subjects import (
    clause_subjects,
    governing_verb,
    objects_of,
    shared_subject,
    subject_of,
    unsaid_subject,
)
from .roles import titles

# Children that start a clause of their own: their words are not the trigger's arguments.
_CLAUSAL = frozenset({"ccomp", "xcomp", "advcl", "relcl", "csubj", "parataxis", "conj", "acl", "pcomp"})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_GROUP_PREPOSITIONS = frozenset({"from", "of"})
_RECIPIENT_PREPOSITIONS = {
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
# A noun trigger borrows the subject of at most this many verbs above it: "Starmer reiterated the
# need for allies to stand together in a phone call" (a misparse hangs the call on "stand").
_MAX_BORROW = 2
_BORROWING = frozenset({"meet", "interview", "issue", "visit"})
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


@cache
def _reacting_verbs() -> dict[str, str]:
    """data/event_reacting_verbs.tsv: verb -> its subject's role in the event its object names."""
    return {verb: role for verb, role in table("event_reacting_verbs.tsv")}


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


def _borrowed_actor(trigger: Token, index: EntityIndex) -> list[tuple[str, Token]]:
    """The subject of the nearest verb above a noun trigger that names an entity."""
    verb = governing_verb(trigger)
    for _ in range(_MAX_BORROW):
        if verb is None:
            return []
        # every active subject: "Baerbock and her counterpart Lavrov held talks" may parse as two
        found = [f for c in verb.children if c.dep_ == "nsubj" for f in entities_of(c, index)]
        if found:
            return found
        verb = governing_verb(verb)
    return []


def _together(child: Token) -> bool:
    if child.lower_ in _TOGETHER:
        return True
    return any((child.lower_, c.lower_) in _TOGETHER_PAIRS for c in child.children) or (
        child.lower_ == "with" and any(c.lower_ in ("along", "together") for c in child.head.children))


def verb_arguments(verb: Token, frame: str, index: EntityIndex, args: Arguments) -> None:
    """Actor, recipient and co-participants of a verb trigger."""
    preps = _RECIPIENT_PREPOSITIONS.get(frame, _RECIPIENT_PREPOSITIONS["directed"])
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
                found = _visited(found, index, args)
            args.add(found, "recipient")
        elif child.dep_ == "prep" and _together(child):
            for obj in objects_of(child) or [g for c in child.children for g in objects_of(c)]:
                args.add_phrase(obj, index, "participant")
        elif child.dep_ == "prep" and child.lower_ in preps:
            for obj in objects_of(child):
                if not _route(child, obj, index):
                    args.add_phrase(obj, index, "recipient")
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


def _counterparts(obj: Token, index: EntityIndex) -> list[tuple[str, Token]]:
    """ "between Trump and then-newly elected President Zelensky": the parser may hang the first name on the
    second (as a modifier) rather than join them; both are the sides."""
    kind = index.types.get(index.at(obj) or "")
    return [(entity, c) for c in obj.children if c.dep_ == "nmod" and (entity := index.at(c)) is not None
            and kind is not None and index.types.get(entity) == kind]


def _visited(found: list[tuple[str, Token]], index: EntityIndex, args: Arguments) -> list[tuple[str, Token]]:
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


def _named_before(kind: str | None, frame: str) -> ParticipantRole:
    """The role of a name before an event noun: "the Le Parisien interview" (the outlet is asked), "the
    Downing Street statement" (issued), "United States sanctions" (a country does what it aims at another);
    otherwise a participant: "the Navalny arrest" is suffered, not done, and the tagger often calls a person
    there an organisation, so only a country is taken for the doer."""
    if frame == "interview" and kind == "outlet":
        return "recipient"
    return "actor" if frame == "issue" or (frame == "directed" and kind == "place") else "participant"


def noun_arguments(noun: Token, frame: str, index: EntityIndex, args: Arguments, *, of_target: bool = False
                   ) -> None:
    """Actor, recipient and participants of a noun trigger ("Starmer's call with Trump"); with `of_target`,
    the object of "of" is the target ("the killing of Navalny")."""
    for child in noun.children:
        entity = index.at(child)
        if child.dep_ == "poss":
            args.add_phrase(child, index, "actor")
        elif child.dep_ == "compound" and entity in index.cities:
            if args.place is None:
                args.place = (entity, child)  # "the Kabul bombing"
        elif child.dep_ == "prep" and child.lower_ == "of" and (of_target or frame == "directed"):
            # "the killing of Navalny": the target; "the request of Boris Johnson": who asks
            for obj in objects_of(child):
                args.add_phrase(obj, index, "recipient" if of_target else "actor")
        elif child.dep_ in ("compound", "nmod") and entity is not None:
            args.add([(entity, child)], _named_before(index.types.get(entity), frame))
        elif child.dep_ == "prep" and child.lower_ in ("by", "from") and frame in ("issue", "directed", "alone"):
            for obj in objects_of(child):
                args.add_phrase(obj, index, "actor")
        elif child.dep_ == "prep" and (child.lower_ == "between" or (child.lower_ == "of" and frame == "meet")):
            for obj in objects_of(child):
                args.add_phrase(obj, index, "participant")
                if child.lower_ == "between":
                    args.add(_counterparts(obj, index), "participant")
                    args.add(stray_side(obj, index), "participant")
        elif child.dep_ == "prep" and child.lower_ in _RECIPIENT_PREPOSITIONS.get(frame, ()):
            for obj in objects_of(child):
                if frame not in ("interview", "visit") and not entities_of(obj, index):
                    args.add_phrase(obj, index, "recipient")  # "a shooting of protesters", "threats against police"
                for found in entities_of(obj, index):
                    # "an interview with Le Parisien": the outlet; "the interview with Zara Kay": the interviewee
                    kind = index.types.get(found[0])
                    if frame == "interview" and kind == "place":
                        continue  # "an interview with a local Wilmington outlet"
                    if frame == "visit" and not _visited([found], index, args):
                        continue
                    args.add([found], "actor" if frame == "interview" and kind == "person" else "recipient")
        elif child.dep_ == "acl" and child.tag_ == "VBN":
            for agent in (c for c in child.children if c.dep_ == "agent"):  # "a statement released by Number 10"
                for obj in objects_of(agent):
                    args.add_phrase(obj, index, "actor")
    light_verb = _light_verb(noun)
    # "launched an attack", "imposed sanctions"; not "condemned the attack"; "he survived an attack": the target
    reacting = _reacting_verbs().get(light_verb.lemma_.lower()) if light_verb is not None else None
    if light_verb is not None and reacting is None and not args.has("recipient"):
        # "carried out air strikes on Gaza", "held talks with Kyiv": the preposition hangs on the verb.
        for child in light_verb.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in _RECIPIENT_PREPOSITIONS.get(frame, ()):
                for obj in objects_of(child):
                    args.add_phrase(obj, index, "recipient")
    if reacting == "recipient" and frame == "directed" and not args.has("recipient"):
        for subject in (c for c in light_verb.children if c.dep_ == "nsubj"):  # type: ignore[union-attr]
            args.add_phrase(subject, index, "recipient")
    borrows = frame in _BORROWING or (light_verb is not None and frame == "directed" and reacting is None)
    # "worked to arrange a meeting between Zelensky and Trump": who meets is said; the arranger is not one
    between = any(c.dep_ == "prep" and c.lower_ == "between" and objects_of(c) for c in noun.children)
    if args.has("actor") or is_definite(noun) or not borrows or between:
        # "the aim of the meeting is": a definite noun names an event, its clause says nothing of who;
        # "Lam delivers speech after protests": the protesters are not the clause's subject; but
        # "the EU imposed sanctions on Russia", "launched an attack on".
        return
    verb = governing_verb(noun)
    if verb is not None and noun.dep_ in ("dobj", "pobj"):
        # "held talks with", "in an interview with Le Parisien, Zelenskyy said": the clause's subject; described
        # when it names no one ("attorneys general from twelve states filed a lawsuit")
        borrowed = _borrowed_actor(noun, index)
        args.add(borrowed, "actor")
        subject = subject_of(verb)
        if not borrowed and subject is not None and subject.dep_ == "nsubj":
            args.add_phrase(subject, index, "actor")
        controller = unsaid_subject(verb) if subject is None and noun.dep_ == "dobj" else None
        if not borrowed and controller is not None and not any(c.dep_ == "auxpass" for c in verb.children):
            args.add_phrase(controller, index, "actor")  # "the King is scheduled to give a speech"


def _light_verb(noun: Token) -> Token | None:
    """The verb an event noun is the object of ("held talks"), also through the document that carries it
    ("sent a letter of support", "issued a statement of condemnation")."""
    if noun.dep_ == "dobj":
        return noun.head
    carrier = noun.head.head
    if noun.dep_ == "pobj" and noun.head.lower_ in ("with", "to") and carrier.lemma_.lower() in _reacting_verbs():
        return carrier  # "complied with the request", "yielded to the demands"
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and carrier.dep_ == "dobj" and is_document(carrier):
        return carrier.head
    return None
