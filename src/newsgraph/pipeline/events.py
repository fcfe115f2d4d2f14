"""Events after PLOVER: who met, called, visited, interviewed, accused or attacked whom, where, when.

Triggers are the lemmas of data/events.tsv; their arguments come from the parse
(pipeline/event_args.py), their dates from the dates stage, their places from the place entities,
their status from tense, modality and negation (data/event_status.tsv): "are meeting on
Thursday" is planned, "did not meet" denied, "would meet if" hypothetical, "would not abandon" no
event at all. A definite noun ("the meeting", "the Nato meeting", "Monday's meeting") is a further mention of
the last event of its type (pipeline/event_anaphors.py), and what it adds (Nato) joins that event; "leaders from
France and Poland were attending the meeting" makes France and Poland participants. Events in quotation
marks are the speaker's claims, not the article's, and are left out. Quotations are then linked
to the events they were said at (pipeline/event_links.py).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from ..lexicons import table
from ..nlp import sentence_of
from ..record import ArticleRecord, DateMention, Event, EventGroup, EventParticipant, EventStatus
from ..record import Span as TextSpan
from ..settings import Settings
from . import event_coref, event_filters, event_links
from .event_anaphors import anaphor_of
from .event_answers import answer_requests
from .event_args import (
    Arguments,
    accused_in_clause,
    already_there,
    entities_of,
    span_of,
    verb_arguments,
)
from .event_attribution import add_attributed_doer
from .event_authors import accused_by_report, add_author_target, aim_at_doers
from .event_dates import narrative_dates
from .event_filters import TARGET_OF
from .event_governments import add_government_target, aim_demands
from .event_index import EntityIndex
from .event_joining import joined_act
from .event_nationality import add_nationality_parties, add_nationality_target
from .event_noun_args import noun_arguments
from .event_place_date import place_and_date
from .event_protesters import add_protesters, protesting_people
from .event_refusals import answer_refused_requests
from .event_repeated_requests import aim_repeated_requests
from .event_requested_acts import aim_request_at_doer
from .event_scene import carry_scene
from .event_sequence import split_sequence
from .event_subjects import governing_verb
from .event_targets import add_targets, doer_before
from .event_triggers import Trigger, trigger_of
from .event_withdrawals import aim_withdrawal
from .quotemarks import quote_marks
from .tense import tense_of

_CONDITIONAL = frozenset({"if", "unless", "whether"})
# Argument positions in which a noun trigger takes its status from the verb it hangs on.
_NOUN_IN_CLAUSE = frozenset({"dobj", "pobj", "nsubj", "nsubjpass", "attr"})
_MULTILATERAL = 3
_SYMMETRIC = frozenset({"CONSULT"})


@cache
def _status_words(where: str) -> dict[str, EventStatus]:
    return {word: status for word, status, kind in table("event_status.tsv") if kind == where}  # type: ignore[misc]


def _clause_verb(trigger: Token) -> Token | None:
    """The verb whose tense, modality and negation are the trigger's: its own, or the one a noun is an argument
    of; not for an event already there (`already_there`)."""
    if trigger.pos_ == "VERB":
        return trigger
    if already_there(trigger):
        return None
    return governing_verb(trigger) if trigger.dep_ in _NOUN_IN_CLAUSE else None


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)


def _until(verb: Token) -> bool:
    """ "did not endorse her until July": it happened, in July."""
    return any((c.dep_ == "prep" and c.lower_ == "until") or (
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "until" for m in c.children)) for c in verb.children)


def _conditional(verb: Token) -> bool:
    current = verb
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in current.children):
            return True
        if current.head is current:
            return False
        current = current.head
    return False


def _governor_status(verb: Token) -> EventStatus | None:
    """ "plans to meet", "refused to meet", "is due to visit": the verb an infinitive hangs on."""
    if not any(c.tag_ == "TO" for c in verb.children) or verb.head is verb:
        return None
    head = verb.head
    status = _status_words("governor").get(head.lemma_.lower())
    if status is not None and _negated(head):
        return "denied"
    return status


def _status(trigger: Token, published: str | None, date_value: str | None) -> EventStatus | None:
    """happened, planned, denied or hypothetical; None when the text says it is no event."""
    verb = _clause_verb(trigger)
    modal = None
    if verb is not None:
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD"]
        modal = _status_words("modal").get(auxiliaries[0].lower_) if auxiliaries else None
        if _negated(verb) and not _until(verb):
            return None if modal == "hypothetical" else "denied"
        if _conditional(verb):
            return "hypothetical"
        governed = _governor_status(verb)
        if governed is None and trigger is not verb and trigger.dep_ in ("dobj", "nsubj", "nsubjpass"):
            # "the summit was cancelled", "plans a visit", "refused a meeting"
            governed = _status_words("governor").get(verb.lemma_.lower())
        if governed is not None:
            return governed
    if trigger.pos_ == "NOUN":
        for clause in _relative_clauses(trigger):
            # "the planned trip, which was cancelled": what the relative clause does to the event
            if any(c.lower_ in ("which", "that") for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
                status = _status_words("governor").get(clause.lemma_.lower())
                if status is not None:
                    return "denied" if _negated(clause) else status
        for child in trigger.children:
            status = _status_words("modifier").get(child.lower_)
            if child.dep_ in ("amod", "det") and status is not None:
                return status
    if modal is not None:
        return modal
    if not already_there(trigger) and tense_of(verb if verb is not None else trigger) == "future":
        return "planned"
    if _after_publication(date_value, published):
        return "planned"
    return "happened"


def _relative_clauses(noun: Token) -> list[Token]:
    """The relative clauses on a noun trigger, also those the parser hung on its last word ("the trip to
    Warsaw, which was cancelled": only an event is cancelled, planned or refused)."""
    heads = [noun, *(o for c in noun.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj")]
    return [c for head in heads for c in head.children if c.dep_ == "relcl"]


def _after_publication(value: str | None, published: str | None) -> bool:
    """ "2025-01" after "2024-12-18"; week values ("2024-W52") do not compare as text."""
    if not value or not published or "W" in value:
        return False
    return value > published[: len(value)]


def _confidence(args: Arguments, verb: bool) -> float:
    score = 0.5 + (0.15 if args.has("actor") else 0.0)
    score += 0.15 if args.has("recipient") or len({e for e, _, _ in args.roles}) > 1 else 0.0
    score += (0.1 if args.date is not None else 0.0) + (0.05 if args.place is not None else 0.0)
    return round(min(0.95, score + (0.05 if verb else 0.0)), 2)


def _merge(event: Event, args: Arguments, text: str) -> None:
    """What a further mention adds: its participants, place and date; the doer it names is the event's when
    the event has none and is not a meeting (where those named attend: "France attended the talks")."""
    known = {p.entity for p in event.participants}
    doer_wanted = event.type not in _SYMMETRIC and not event.with_role("actor") and not event.described("actor")
    for entity, role, token in args.roles:
        if entity not in known:
            kept = "actor" if role == "actor" and doer_wanted else ("participant" if role == "actor" else role)
            event.participants.append(EventParticipant(entity, kept, span_of(token, text)))
            known.add(entity)
    described = {(g.description, g.role) for g in event.groups}
    named = {p.role for p in event.participants}
    event.groups.extend(group for group in _groups(args, text)
                        if (group.description, group.role) not in described and group.role not in named)
    if event.place is None and args.place is not None:
        event.place = args.place[0]
    if event.date is None and args.date is not None and args.date.value is not None:
        event.date, event.date_precision = args.date.value, args.date.precision


def _arguments(token: Token, entry: Trigger, index: EntityIndex, dates: list[DateMention]) -> Arguments:
    args = Arguments()
    if token.pos_ == "VERB":
        verb_arguments(token, entry.frame, index, args)
        if entry.type == "ACCUSE":
            accused_in_clause(token, index, args)
    else:
        noun_arguments(token, entry.frame, index, args, of_target=entry.type in TARGET_OF)
        add_attributed_doer(token, index, args)  # "the attack, reportedly conducted by the Taliban"
    aim_withdrawal(token, entry.mode, index, args)  # "withdrew the US from a treaty with Iran": Iran
    add_targets(token, entry.type, index, args)
    add_nationality_target(token, entry.type, index, args)
    add_nationality_parties(token, entry.type, index, args)  # "the Turkish-Libyan agreement"
    add_author_target(token, entry.type, index, args)
    aim_request_at_doer(token, entry.type, index, args)  # "at the government's request, the troops returned"
    accused_by_report(token, entry.type, index, args)
    doer_before(token, entry.frame, args)
    place_and_date(token, index, dates, args)
    protesting_people(token, entry.type, index, args)
    add_government_target(token, entry.type, index, args)
    add_protesters(token, entry.type, args)
    if entry.objects is not None:
        # the object a row needs is the thing sent or the audience, not a participant ("sent more troops",
        # "addressed reporters")
        args.groups = [g for g in args.groups if g[2].lemma_.lower() not in entry.objects]
    return args


def _groups(args: Arguments, text: str) -> list[EventGroup]:
    """The described participants, in the roles that name no entity: a description stands in for a name."""
    named = {role for _, role, _ in args.roles}
    return [EventGroup(description, role, span_of(token, text)) for description, role, token in args.groups
            if role not in named]


def _new_event(token: Token, entry: Trigger, args: Arguments, status: EventStatus, text: str) -> Event:
    mode = entry.mode
    sentence = sentence_of(token)
    event = Event(
        id="", type=entry.type, mode=mode, trigger=span_of(token, text),
        sentence=TextSpan.of(text, sentence.start_char, sentence.end_char),
        participants=[EventParticipant(e, r, span_of(t, text)) for e, r, t in args.roles],
        place=args.place[0] if args.place else None,
        date=args.date.value if args.date else None,
        date_precision=args.date.precision if args.date and args.date.value else None,
        status=status, confidence=_confidence(args, token.pos_ == "VERB"), groups=_groups(args, text),
    )
    return event


def _attend(token: Token, index: EntityIndex, by_token: dict[int, Event], text: str) -> Event | None:
    """ "leaders from ... were attending the meeting": the subject joins the object's event, which is
    returned."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    objects += [o for c in token.children if c.dep_ == "prep" and c.lower_ == "in" for o in c.children
                if o.dep_ == "pobj"]
    # the event the object names, or that a participle on it names ("joined the calls ... asking the US to")
    # (also when the parser hangs the participle on the makers: "joined the calls by officials asking")
    makers = [o for h in (token, *objects) for c in h.children if c.dep_ == "prep" and c.lower_ == "by"
              for o in c.children]
    phrases = [*objects, *makers]
    named = [o.i for o in objects] + [c.i for o in phrases for c in o.children if c.dep_ == "acl"]
    event = next((by_token[i] for i in named if i in by_token), None)
    if event is None or _negated(token):
        return None
    if joined_act(token, event, index, text) is not None:
        return event  # the joiner's own act, not a participant of another's
    args = Arguments()
    verb_arguments(token, "attend", index, args)
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    for subject in subjects:
        args.add(entities_of(subject, index), "participant")
    args.roles = [(e, "participant", t) for e, r, t in args.roles if r != "recipient"]
    _merge(event, args, text)
    return event


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Set `record.events` and each quotation's `event`."""
    text = record.text
    marks = quote_marks(doc)
    index = EntityIndex(doc, record)
    dates = narrative_dates(record.dates, text, marks.inside)  # "an attack that day": the day just told
    events: list[Event] = []
    by_token: dict[int, Event] = {}
    attending: list[Token] = []
    triggers: dict[int, Token] = {}  # event -> its trigger, for definite nouns to refer back
    anchored: set[int] = set()  # events kept although no participant is named
    for token in doc:
        entry = trigger_of(token)
        if entry is None or record.in_boilerplate(token.idx, token.idx + 1):
            continue
        performer = None
        if marks.inside(token.idx, token.idx + len(token.text)):
            performer = event_filters.performative_speaker(token, entry, record.quotes)
            if performer is None:
                continue
        if entry.frame == "attend":
            attending.append(token)
            continue
        args = _arguments(token, entry, index, dates)
        if performer is not None:
            args.add([performer], "actor")  # "we urge": the speaker, not whatever "we" resolves to
        earlier = anaphor_of(token, entry, args, events, triggers)
        if earlier is not None:
            earlier.mentions.append(span_of(token, text))
            _merge(earlier, args, text)
            by_token[token.i] = earlier
            continue
        described = event_filters.described(token, entry, args)
        if entry.frame == "directed" and not described and not event_filters.directed_enough(token, entry, args):
            continue
        if entry.frame == "meet" and token.pos_ == "VERB" and not args.has("recipient") and any(
            c.dep_ == "dobj" for c in token.children
        ):
            continue  # "does not meet their requirements", "met the target"
        if entry.frame == "call" and token.pos_ == "VERB" and not args.has("recipient") and not any(
                role == "recipient" for _, role, _ in args.groups):
            continue  # "CNN has called the race": a phone call needs someone called
        status = _status(token, record.published, args.date.value if args.date else None)
        if status is None:
            continue
        if performer is not None and status == "planned":
            status = "happened"  # "Today, I am asking": done in the saying
        later = split_sequence(token, entry.frame, index, args)  # "met with the IMF, then with President Trump"
        event = _new_event(token, entry, args, status, text)
        events.append(event)
        triggers[id(event)] = token
        by_token[token.i] = event
        for opening, their_args in later:
            events.append(_new_event(opening, entry, their_args, status, text))
            triggers[id(events[-1])] = opening
        if described or entry.frame == "directed":
            # a directed event that passed its filter is specific although no one is named ("71 people were
            # arrested"); so is one whose participants are described ("the protesters clashed with police")
            anchored.add(id(event))
    for token in attending:
        joined = _attend(token, index, by_token, text)
        act = joined_act(token, joined, index, text) if joined is not None else None
        if act is not None:  # "Johnson joined the calls by UK officials": Johnson's own request
            events.insert(events.index(joined), act)
            triggers[id(act)] = token
    events = answer_requests(events, triggers, by_token)  # "The embassy declined the request": whose request
    answer_refused_requests(events, triggers)  # "subpoenas for records ... refused to hand over the records"
    aim_repeated_requests(events, triggers)  # "... asking to waive her immunity. X urged the immunity be waived"
    aim_demands(events, triggers, index.names)  # "Their demands include new elections": aimed as their protest
    aim_at_doers(events, triggers, by_token)  # "he denounced the border agreement": its parties
    headline = record.layout.headline
    events = event_coref.merge_mentions(events, triggers, headline.end if headline is not None else 0,
                                        record.published)
    for number, event in enumerate(events, 1):
        event.id = f"V{number}"
    event_links.link(doc, record, events)
    # An event with no named participant is kept when the text anchors it in place or time ("the protests
    # began in June") or describes who did it; with none of these it is too vague to count.
    kept = [e for e in events if e.participants or e.groups or e.place is not None or e.date is not None
            or id(e) in anchored]
    renamed = {e.id: f"V{number}" for number, e in enumerate(kept, 1)}
    for event in kept:
        event.id = renamed[event.id]
        if event.type == "CONSULT" and event.mode is None and len(event.entity_ids()) >= _MULTILATERAL:
            event.mode = "multilateral"
    for quote in record.quotes + record.attributions:
        quote.event = renamed.get(quote.event) if quote.event is not None else None
    carry_scene(kept, record)
    record.events = kept
