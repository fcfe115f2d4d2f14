"""A noun trigger's arguments read off the dependency parse: "Starmer's call with Trump", "the killing of
Navalny", "the request of Boris Johnson", "talks between Kyiv and Moscow". A name before the noun is a participant,
or its doer when it is a country and the noun a directed act ("United States sanctions"). A noun trigger with no
actor of its own borrows the subject of the verb it hangs on ("In an interview with Le Parisien, Zelenskyy said",
"the EU imposed sanctions on Russia"), and the preposition of that verb names its target ("carried out air
strikes on Gaza"); a verb that answers the event ("complied with the request") lends it neither.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ..lexicons import table
from ..record import ParticipantRole
from .coref.nouns import is_document
from .event_args import RECIPIENT_PREPOSITIONS, Arguments, entities_of, is_definite, visited
from .event_index import EntityIndex
from .event_sides import stray_side
from .event_subjects import governing_verb, objects_of, subject_of, unsaid_subject

# A noun trigger borrows the subject of at most this many verbs above it: "Starmer reiterated the
# need for allies to stand together in a phone call" (a misparse hangs the call on "stand").
_MAX_BORROW = 2
_BORROWING = frozenset({"meet", "interview", "issue", "visit"})


@cache
def _reacting_verbs() -> dict[str, str]:
    """data/event_reacting_verbs.tsv: verb -> its subject's role in the event its object names."""
    return {verb: role for verb, role in table("event_reacting_verbs.tsv")}


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


def _counterparts(obj: Token, index: EntityIndex) -> list[tuple[str, Token]]:
    """ "between Trump and then-newly elected President Zelensky": the parser may hang the first name on the
    second (as a modifier) rather than join them; both are the sides."""
    kind = index.types.get(index.at(obj) or "")
    return [(entity, c) for c in obj.children if c.dep_ == "nmod" and (entity := index.at(c)) is not None
            and kind is not None and index.types.get(entity) == kind]


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
        elif child.dep_ == "prep" and child.lower_ in RECIPIENT_PREPOSITIONS.get(frame, ()):
            for obj in objects_of(child):
                if frame not in ("interview", "visit") and not entities_of(obj, index):
                    args.add_phrase(obj, index, "recipient")  # "a shooting of protesters", "threats against police"
                for found in entities_of(obj, index):
                    # "an interview with Le Parisien": the outlet; "the interview with Zara Kay": the interviewee
                    kind = index.types.get(found[0])
                    if frame == "interview" and kind == "place":
                        continue  # "an interview with a local Wilmington outlet"
                    if frame == "visit" and not visited([found], index, args):
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
            if child.dep_ in ("prep", "dative") and child.lower_ in RECIPIENT_PREPOSITIONS.get(frame, ()):
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
