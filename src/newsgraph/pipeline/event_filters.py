"""Which uses of a directed trigger ("condemned", "attack", "demands") are specific enough to be events.

A directed event needs whom it is aimed at or who does it. Named participants make it specific; so does
a description of them, and then the event is kept with its participants left unnamed rather than
guessed: a person or group doing it ("the spokesperson for the government condemned the attack",
"attacked by protesters", "the protesters' demands", "his sister made public requests"), or what an act
aims at ("a shooting of protesters", "an attack on oil infrastructure"). An event noun anchored in
place or time in its own phrase ("an assault in Ghazni in August 2018") is specific too.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ..record import Quote
from .cues import lexicon as cue_lexicon
from .event_args import Arguments, local_tokens
from .event_groups import doer_nouns, is_doer
from .event_triggers import FORCE, Trigger, trigger_of

# Acts of speech take a clause for their object ("alleged Mahan had", "urged the immunity be waived");
# an infinitive only for what is asked, threatened or refused ("threatened to use", "refused to testify",
# not "claimed to have").
_CLAUSE_OBJECTS = {"ACCUSE": ("ccomp",), "REQUEST": ("ccomp", "xcomp"), "THREATEN": ("ccomp", "xcomp"),
                   "REJECT": ("xcomp",)}
# The prepositions by which an event noun names what it aims at: "an attack on", "threats against", "the
# shooting of"; "of" only for the types whose "of" is the target (not "the request of Boris Johnson").
_TARGET_PREPOSITIONS = frozenset({"on", "against"})
# Types whose noun names its target with "of": "the killing of", "the arrest of", "criticism of", "the
# expulsion of"; not "the support of Germany" or "an agreement of the parties", whose "of" is the actor.
TARGET_OF = frozenset({"ASSAULT", "COERCE", "SANCTION", "ACCUSE"})
_PERSONAL_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})
_PERSONAL_SUBJECTS = frozenset({"he", "she", "they"})
# Aid is given to someone: "fund a wall" names no one helped.
_NEEDS_RECIPIENT = frozenset({"AID"})
# Acts done by saying them ("I reject", "we urge", "we condemn", "I warn", "we welcome"): in a quotation,
# in the present and the first person, they are the speaker's own act.
_PERFORMATIVE_TYPES = frozenset({"REQUEST", "REJECT", "ACCUSE", "SUPPORT", "THREATEN"})
# Acts of speech: said again and again, about other things each time.
SPEECH_ACTS = _PERFORMATIVE_TYPES | {"STATEMENT", "SPEECH", "INTERVIEW"}
_FIRST_PERSON = frozenset({"i", "we"})


def directed_enough(trigger: Token, entry: Trigger, args: Arguments) -> bool:
    """A directed event with named participants: a named recipient; a named actor acting on something
    ("the League condemned the unilateral move", "police threatened to use live ammunition", "X alleged that
    ..." for acts of speech); or, with no agent named, a described target of a passive ("71 people were
    arrested") except for force, whose unnamed victims are as often those of accidents. A noun needs a
    named actor or recipient, or a place or date of its own."""
    if args.has("recipient"):
        return True
    if trigger.pos_ == "NOUN":
        # "EU sanctions", "the Navalny arrest": a name before the noun takes part in it
        return args.has("actor") or args.has("participant") or _anchored(trigger, args)
    if args.has("actor") or any(role == "actor" for _, role, _ in args.groups):
        # a described doer acts as a named one ("the United States government ..., threatening to sue")
        return entry.type not in _NEEDS_RECIPIENT and _acted_on(trigger, entry)
    return entry.type not in FORCE and not any(c.dep_ in ("nsubj", "agent") for c in trigger.children) and any(
        c.dep_ == "nsubjpass" and c.pos_ in ("NOUN", "PROPN", "NUM") for c in trigger.children)


def _anchored(noun: Token, args: Arguments) -> bool:
    """ "the Kabul bombing", "an assault in Ghazni in August 2018": a place or date in the noun's own phrase;
    for a noun that is its clause's subject ("twin bombings struck a cathedral on Sunday"), in the clause."""
    if args.place is None and args.date is None:
        return False
    if noun.dep_ in ("nsubj", "nsubjpass"):
        return True
    own = {t.i for t in local_tokens(noun)}
    positions = {noun.doc[i].idx for i in own}
    return (args.place is not None and args.place[1].i in own) or (
        args.date is not None and args.date.start in positions)


def _acted_on(verb: Token, entry: Trigger) -> bool:
    objects = ("dobj", "nsubjpass", *_CLAUSE_OBJECTS.get(entry.type, ()))
    return any((c.dep_ in objects and (c.dep_ != "ccomp" or entry.type != "ACCUSE" or _about_someone(c))
                and not (c.dep_ == "xcomp" and entry.type == "REJECT" and (_saying(c) or trigger_of(c) is not None)))
               or (c.dep_ == "prep" and any(o.dep_ == "pobj" for o in c.children))
               or _for_clause(c) for c in verb.children)


def _saying(verb: Token) -> bool:
    """ "declined to comment", "refused to say": silence, not a refusal of anything asked (data/cues.tsv). (An
    infinitive that is an event of its own, "refused to meet", is that event, denied: pipeline/events.py.)"""
    entry = cue_lexicon().get(verb.lemma_.lower())
    return entry is not None and entry.cls == "speech"


def _about_someone(clause: Token) -> bool:
    """An allegation's clause is about someone, named, described or a person's pronoun ("alleged Navalny was
    poisoned", "alleged the government had"); "claimed 190 were dead", "claimed 90 civilians were wounded",
    "claiming this would stem immigration" accuse no one."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and (c.pos_ == "PROPN" or is_doer(c) or c.lower_ in _PERSONAL_SUBJECTS)
               and not _counted(c) for c in clause.children)


def _counted(subject: Token) -> bool:
    """ "claimed 90 civilians were wounded": a count of people is a casualty figure, not someone accused."""
    return any(c.dep_ == "nummod" and c.pos_ == "NUM" for c in subject.children)


def _for_clause(child: Token) -> bool:
    """ "called for the bill to be dropped": the clause after "for" is what is asked."""
    return child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in child.children)


def described(trigger: Token, entry: Trigger, args: Arguments) -> bool:
    """An event whose doer or target is described, not named, and which is kept with them unnamed. An
    unresolved pronoun as the doer ("they condemned it") says too little; people acted on say enough ("it
    urged local residents to stay indoors", not "to impeach an official"), but for force, whose unnamed victims
    are as often those of accidents."""
    if args.has("actor"):
        return False
    if trigger.pos_ == "VERB":
        # a directed act must act on something; "the protesters clashed with the police" need not
        acts = entry.frame != "directed" or _acted_on(trigger, entry)
        return (acts and any(c.dep_ == "nsubj" and is_doer(c) for c in trigger.children)) or any(
            c.dep_ == "agent" and any(is_doer(o) for o in c.children if o.dep_ == "pobj") for c in trigger.children
        ) or (entry.type not in FORCE and any(c.dep_ == "dobj" and _specific_people(c) for c in trigger.children))
    return _described_noun(trigger, entry)


def _specific_people(noun: Token) -> bool:
    """ "local residents", "the officials"; not anyone at all ("the vote required to impeach an official")."""
    return is_doer(noun) and not (noun.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in ("a", "an", "any")
                                                             for c in noun.children))


def _described_noun(noun: Token, entry: Trigger) -> bool:
    """ "the protesters' demands", "their demands", "his sister made public requests", "a shooting of
    protesters", "an attack on oil infrastructure"."""
    targets = _TARGET_PREPOSITIONS | ({"of"} if entry.type in TARGET_OF else set())
    for child in noun.children:
        if child.dep_ == "poss" and (is_doer(child) or child.lower_ in _PERSONAL_POSSESSIVES):
            return True
        # "a whistleblower complaint", "a whistle-blower complaint" (split at the hyphen), "a police raid"; the
        # tagger may call such a compound an adjective
        whole = "".join(t.text_with_ws for t in child.subtree).strip().lower()
        if child.dep_ == "compound" and {child.lemma_.lower(), child.lower_, whole} & doer_nouns():
            return True
        if child.dep_ == "prep" and child.lower_ in targets and any(
                o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN") for o in child.children):
            return True
    verb = noun.head
    return noun.dep_ == "dobj" and any(c.dep_ == "nsubj" and is_doer(c) for c in verb.children)


def performative_speaker(verb: Token, entry: Trigger, quotes: Sequence[Quote]) -> tuple[str, Token] | None:
    """In a quotation, "I strongly reject", "we urge", "I am asking" do what they say: the speaker's own act
    of speech, in the present and the first person. Its actor is the quotation's speaker (and the pronoun
    the word that says so); any other event in a quotation is the speaker's claim, not the article's."""
    if verb.pos_ != "VERB" or entry.type not in _PERFORMATIVE_TYPES or not _present(verb):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in _FIRST_PERSON:
        return None
    for quote in quotes:
        if quote.speaker is not None and any(s.start <= verb.idx < s.end for s in quote.content):
            return quote.speaker, subject
    return None


def _present(verb: Token) -> bool:
    """ "reject", "urge"; "am asking"."""
    return verb.tag_ == "VBP" or (verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.lower_ in ("am", "are", "'m", "'re") for c in verb.children))
