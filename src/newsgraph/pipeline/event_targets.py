"""Recipients a trigger's own phrase leaves unsaid but the words around it give (issue 26, round 6).

- a participle on a verb trigger's object naming the target: "launched missiles targeting US troops";
- who made the request a verb answers: "complied with the request of the prime minister", "agreed to
  Hamas's demands" (the one who asked is the recipient of the answer);
- the subject of a clause whose verb has the event noun under "under": "Turkey is under EU sanctions",
  "the town came under attack"; or that is "the target of" it ("has been the subject of US sanctions");
- the object of an aiming verb an event noun is the subject of: "a bombing struck the cathedral";
- the addressee of the verb a participle trigger hangs on: "wrote to the embassy asking for";
- the "to" phrase of the thing a sanction or assault noun is on: "restrictions on flights to Cuba",
  "the withholding of aid to Ukraine";
- a country the target of an act of force lies in: "an attack on oil infrastructure in Saudi Arabia" (the
  thing attacked names no one; the country it is in is the target, and the place);
- whom the act a refusal refuses or an agreement agrees to is for: "their refusal to disclose documents to
  Congress", "refused to hand over the records to the committee", "agreed to sell missiles to Turkey", "signed
  a letter of intent on selling gas to DEPA".

Each rule applies only while the trigger has no recipient of its own. One rule of the same kind gives an
actor: an event noun that "comes from" someone is theirs ("Statements of condemnation have come from Chile").
"""

from __future__ import annotations

from spacy.tokens import Token

from ..lexicons import word_list
from .event_args import Arguments, entities_of
from .event_index import EntityIndex
from .event_triggers import trigger_of

# The prepositions whose object is the thing a noun of force or sanction acts on.
_ACTED_ON = ("on", "of")
_FORCE_TYPES = frozenset({"ASSAULT", "SANCTION", "COERCE", "THREATEN"})
# The events whose act ("refused to hand over", "agreed to sell") may be for someone, and the prepositions
# that bring the act after a noun ("a letter of intent on selling gas to DEPA").
_ACTS_FOR = frozenset({"REJECT", "AGREE"})
_ACT_PREPOSITIONS = frozenset({"on", "for", "to"})


def _objects(token: Token, preposition: str) -> list[Token]:
    return [o for c in token.children if c.dep_ == "prep" and c.lower_ == preposition
            for o in c.children if o.dep_ == "pobj"]


def add_targets(trigger: Token, kind: str, index: EntityIndex, args: Arguments) -> None:
    """Add the recipient that the rules above find, when the parse gave none."""
    if trigger.pos_ != "VERB" and not args.has("actor"):
        _came_from(trigger, index, args)
    if args.has("recipient") or any(role == "recipient" for _, role, _ in args.groups):
        return
    if kind in _ACTS_FOR:
        _act_for(trigger, index, args)
    if trigger.pos_ == "VERB":
        for rule in (_aimed_by_modifier, _who_asked, _addressee):
            if not args.has("recipient"):
                rule(trigger, index, args)
        return
    for rule in (_under, _target_of, _struck):
        if not args.has("recipient"):
            rule(trigger, index, args)
    if kind in _FORCE_TYPES and not args.has("recipient"):
        _acted_on(trigger, index, args)


def _aimed_by_modifier(verb: Token, index: EntityIndex, args: Arguments) -> None:
    """ "launched missiles targeting US troops", "fired rockets aimed at Israel"."""
    aiming = word_list("event_aiming_verbs.txt")
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        for modifier in (c for c in obj.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in aiming):
            for target in [c for c in modifier.children if c.dep_ == "dobj"] + _objects(modifier, "at"):
                args.add_phrase(target, index, "recipient")


def _who_asked(verb: Token, index: EntityIndex, args: Arguments) -> None:
    """ "complied with the request of the prime minister", "agreed to Hamas's demands": a verb that answers a
    request is aimed at whoever asked."""
    for request in (o for p in ("with", "to") for o in _objects(verb, p)):
        entry = trigger_of(request)
        if entry is None or entry.type != "REQUEST":
            continue
        for asker in [c for c in request.children if c.dep_ == "poss"] + _objects(request, "of") + _objects(
                request, "from"):
            args.add(entities_of(asker, index), "recipient")


def _addressee(verb: Token, index: EntityIndex, args: Arguments) -> None:
    """ "Reed wrote to the embassy asking for help": a participle with no object of its own is addressed to
    whom the verb it hangs on is."""
    if verb.dep_ not in ("advcl", "xcomp") or verb.tag_ != "VBG" or verb.head.pos_ != "VERB":
        return
    if any(c.dep_ in ("dobj", "dative") for c in verb.children):
        return
    for addressee in _objects(verb.head, "to"):
        args.add(entities_of(addressee, index), "recipient")


def _act_for(trigger: Token, index: EntityIndex, args: Arguments) -> None:
    """The "to" phrase or indirect object of the act a refusal refuses or an agreement agrees to: "refused to
    hand over the records to the committee", "their refusal to disclose to Congress documents" (a parse may read
    "Congress documents" as one phrase), "signed a letter of intent on selling gas to DEPA"; not a city ("agreed
    to move to Madrid": where, not for whom), nor the owner of a thing ("agreed to add members to Hong Kong's
    council")."""
    holders = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    acts = [c for h in holders for c in h.children if c.dep_ in ("xcomp", "acl") and c.pos_ == "VERB"]
    acts += [v for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in _ACT_PREPOSITIONS
             for v in p.children if v.dep_ == "pcomp" and v.pos_ == "VERB"]
    for act in acts:
        datives = [c for c in act.children if c.dep_ == "dative"]  # "sell missiles to Turkey", "give them"
        addressees = _objects(act, "to") + [o for d in datives for o in d.children if o.dep_ == "pobj"] + [
            d for d in datives if d.pos_ != "ADP"]
        for addressee in addressees:
            found = entities_of(addressee, index)
            if found:  # not whose the thing is ("add two members to Hong Kong's council")
                args.add([(e, t) for e, t in found if e not in index.cities and t.dep_ != "poss"], "recipient")
            else:
                args.add_phrase(addressee, index, "recipient")


def _target_of(noun: Token, index: EntityIndex, args: Arguments) -> None:
    """ "The airline has been the subject of US sanctions", "the target of attacks": the copula's subject."""
    preposition = noun.head
    if noun.dep_ != "pobj" or preposition.lower_ != "of":
        return
    role = preposition.head
    if role.dep_ != "attr" or role.lemma_.lower() not in ("subject", "target", "victim"):
        return
    for subject in (c for c in role.head.children if c.dep_ == "nsubj"):
        args.add_phrase(subject, index, "recipient")


def _struck(noun: Token, index: EntityIndex, args: Arguments) -> None:
    """ "A bombing on Sunday struck the cathedral": the object of an aiming verb whose subject is the event."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.lemma_.lower() not in word_list("event_aiming_verbs.txt"):
        return
    for target in (c for c in verb.children if c.dep_ == "dobj"):
        args.add_phrase(target, index, "recipient")


def _came_from(noun: Token, index: EntityIndex, args: Arguments) -> None:
    """ "Criticism has come from the Liberal Party", "Statements of condemnation have come from Chile and Peru":
    the event noun, or the document that carries it, is the subject of "come from"."""
    carrier = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else noun
    if carrier.dep_ != "nsubj" or carrier.head.lemma_.lower() != "come":
        return
    for source in _objects(carrier.head, "from"):
        args.add_phrase(source, index, "actor")


def _under(noun: Token, index: EntityIndex, args: Arguments) -> None:
    """ "Turkey is under EU sanctions", "the town came under attack": the clause's subject suffers the event."""
    preposition = noun.head
    if noun.dep_ != "pobj" or preposition.lower_ != "under" or preposition.dep_ != "prep":
        return
    verb = preposition.head
    if verb.pos_ not in ("VERB", "AUX"):
        return
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        args.add_phrase(subject, index, "recipient")


def _acted_on(noun: Token, index: EntityIndex, args: Arguments) -> None:
    """The thing a noun of force or sanction is on names no one: the "to" phrase of that thing
    ("restrictions on flights to Cuba") or the country it lies in ("an attack on oil infrastructure in
    Saudi Arabia")."""
    for preposition in _ACTED_ON:
        for thing in _objects(noun, preposition):
            if entities_of(thing, index):
                continue
            for destination in _objects(thing, "to"):
                args.add(entities_of(destination, index), "recipient")
            if args.has("recipient") or preposition != "on":
                continue
            within = _objects(thing, "in") or _objects(noun, "in")
            countries = [(e, t) for o in within for e, t in entities_of(o, index)
                         if index.types.get(e) == "place" and e not in index.cities]
            args.add(countries[:1], "recipient")
            if countries and args.place is None:
                args.place = countries[0]


def doer_before(trigger: Token, frame: str, args: Arguments) -> None:
    """ "Turkey is under EU sanctions", "EU sanctions on Russia": a name before a directed event noun whose
    target is named elsewhere is its doer, whatever its kind ("the Navalny arrest", with no other target, stays
    a participant: the name may be the one arrested)."""
    if trigger.pos_ != "NOUN" or frame != "directed" or args.has("actor") or not args.has("recipient"):
        return
    before = {c.i for c in trigger.children if c.dep_ in ("compound", "nmod") and c.i < trigger.i
              and c.pos_ == "PROPN" and c.i != c.sent.start}  # not a capital the tagger took for a name ("Twin
    # bombings yesterday struck ...")
    args.roles = [(e, "actor" if r == "participant" and t.i in before else r, t) for e, r, t in args.roles]
