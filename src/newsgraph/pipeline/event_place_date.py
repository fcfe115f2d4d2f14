"""Where and when an event happened, read off the parse: a place entity after "in", "at" or "near" (also as
the name of a kind of place: "in the port city of Aden"), a date mention
of the dates stage in the trigger's phrase, else in the phrases of the verb a noun hangs on, else in a clause
a few hours before or after, else in the clause the trigger's clause hangs on (an announcement's too), else on
the day of an occasion told just before that the event is aimed at ("The vote was boycotted")."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import takewhile

from spacy.tokens import Token

from ..lexicons import word_list
from ..nlp import doc_text
from ..record import DateMention
from .event_args import Arguments, already_there, is_definite, local_tokens
from .event_index import EntityIndex
from .event_subjects import MAX_CLIMB, governing_verb
from .event_triggers import trigger_of

_PLACE_PREPOSITIONS = frozenset({"in", "at", "near"})
_BEFORE_AFTER = frozenset({"before", "after", "following"})
_PARAGRAPH_BREAKS = re.compile(r"\n+")
# The links a trigger's date may be sought up through: clauses and phrases hanging on a verb, not a reported
# clause (ccomp) or a clause set beside it (parataxis).
_DATE_CLIMB = frozenset({"acl", "relcl", "advcl", "xcomp", "conj", "pcomp", "pobj", "prep", "dobj", "nsubj",
                         "nsubjpass", "attr", "advmod"})

# How a date hangs on the noun it qualifies ("the December 20 signing"); not a possessive, which says
# when what the clause follows from happened ("twenty were arrested as a result of Saturday's unrest").
_NOUN_MODIFIERS = frozenset({"compound", "nmod", "amod", "nummod"})


def _start(date: DateMention) -> int:
    return date.start


def place_and_date(trigger: Token, index: EntityIndex, dates: list[DateMention], args: Arguments) -> None:
    """"in Brussels", "on Thursday" in the trigger's phrase, else among the preps of its verb; a date, else,
    from the clause the trigger's own clause hangs on, else from the occasion it is aimed at."""
    taken = {t.i for _, _, t in args.roles}  # "fired missiles at Japan": a target, not the place
    for tokens in _scopes(trigger) if args.place is None else []:
        for token in tokens:
            entity = index.at(token)
            if (entity is not None and token.i not in taken and index.types.get(entity) == "place"
                    and _where(token)):
                args.place = (entity, token)
                break
        if args.place is not None:
            break
    if args.date is None:
        args.date = date_of(trigger, dates) or _occasion_date(trigger, dates)


def _where(token: Token) -> bool:
    """Whether the place name at `token` says where: the object of "in" or "at", or the name of the
    kind of place that is ("in the Serbian capital Belgrade", "in the port city of Aden")."""
    kind = token.head
    if token.dep_ == "pobj" and kind.lower_ == "of":
        kind = kind.head
    elif token.dep_ not in ("appos", "compound") or token.i < kind.i:
        return token.dep_ == "pobj" and kind.lower_ in _PLACE_PREPOSITIONS
    return (kind.pos_ == "NOUN" and kind.lower_ in word_list("place_nouns.txt") and kind.dep_ == "pobj"
            and kind.head.lower_ in _PLACE_PREPOSITIONS)


def _scopes(trigger: Token) -> list[list[Token]]:
    """Where a trigger's place and date are sought: its phrase, then the phrases of the verb a noun hangs on."""
    scopes = [local_tokens(trigger)]
    verb = governing_verb(trigger) if trigger.pos_ == "NOUN" else None
    if verb is not None:
        scopes.append(_dated_phrases(verb))
        if trigger.dep_ in ("nsubj", "nsubjpass"):
            # "the meeting is set to open tomorrow": the infinitive says what happens to the subject, and when
            scopes.append([t for c in verb.children if c.dep_ == "xcomp" for t in _dated_phrases(c)])
    return scopes


def date_of(trigger: Token, dates: list[DateMention]) -> DateMention | None:
    """The date of a trigger's phrase, of the verb a noun hangs on, of a clause a short time before or after,
    else of the clause its own clause hangs on."""
    for tokens in _scopes(trigger):
        found = _date_in(tokens, dates, trigger)
        if found is not None:
            return found
    own_verb = trigger if trigger.pos_ == "VERB" else governing_verb(trigger)
    found = _date_in(_short_offset_clauses(own_verb), dates, trigger) if own_verb is not None else None
    if found is None and not already_there(trigger):
        # "announced on Monday she will comply with the request": Monday is not the request's day
        found = _clause_date(trigger, dates)
    return found


def _occasion_date(trigger: Token, dates: list[DateMention]) -> DateMention | None:
    """ "Yesterday, parliament voted on a resolution ... The vote was boycotted by ...": an act aimed at an
    occasion (data/event_occasion_nouns.txt) that the text told just before is on the day it gave that
    occasion. Only the same word, in the paragraph or the one before."""
    if trigger.pos_ != "VERB":
        return None
    occasion = next((c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass") and is_definite(c)
                     and c.lemma_.lower() in word_list("event_occasion_nouns.txt")), None)
    if occasion is None:
        return None
    doc, lemma = trigger.doc, occasion.lemma_.lower()
    breaks = [m.start() for m in _PARAGRAPH_BREAKS.finditer(doc_text(doc), 0, occasion.idx)]
    paragraph_before = breaks[-2] if len(breaks) > 1 else 0
    for earlier in reversed(doc[: occasion.i]):
        if earlier.idx < paragraph_before:
            return None
        if earlier.lemma_.lower() == lemma and earlier.pos_ in ("VERB", "NOUN"):
            return date_of(earlier, dates)
    return None


def _dated_phrases(verb: Token) -> list[Token]:
    """The words of a verb's prepositional and adverbial phrases: "on Thursday", "yesterday", "later on Tuesday";
    not the clauses hanging in them ("comply with the request to suspend Parliament for parts of September":
    the suspension's time), nor a phrase that places another event before or after ("The speech came a week after
    an attack on oil plants in Saudi Arabia": the attack's place)."""
    return [t for c in verb.children if c.dep_ in ("prep", "npadvmod", "advmod") and not _another_event(c)
            for t in local_tokens(c)]


def _another_event(phrase: Token) -> bool:
    return phrase.lower_ in _BEFORE_AFTER and any(o.pos_ == "NOUN" and trigger_of(o) is not None
                                                  for o in phrase.children if o.dep_ == "pobj")


def _date_in(tokens: list[Token], dates: list[DateMention], trigger: Token | None = None) -> DateMention | None:
    """The first date mention starting in `tokens`; with `trigger`, not one that qualifies another noun ("expressed
    its support via the December 20 signing": the signing's day, not the support's)."""
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    by_position = {t.idx: t for t in tokens}
    # Dates are in text order: only those starting in the phrase are read.
    first, last = bisect_left(dates, start, key=_start), bisect_left(dates, end, key=_start)
    return next((d for d in dates[first:last] if d.start in by_position
                 and not _of_another_noun(by_position[d.start], d, trigger)), None)


def _of_another_noun(first: Token, date: DateMention, trigger: Token | None) -> bool:
    """A date that qualifies a noun other than the trigger: "the December 20 signing"."""
    if trigger is None:
        return False
    words = list(takewhile(lambda t: t.idx < date.end, first.doc[first.i:])) or [first]
    root = next((t for t in words if not date.start <= t.head.idx < date.end or t.head is t), first)
    return root.dep_ in _NOUN_MODIFIERS and root.head.pos_ in ("NOUN", "PROPN") and root.head.i != trigger.i


def _short_offset_clauses(verb: Token) -> list[Token]:
    """The dated phrases of a clause a short time before or after the verb's: "A few hours before the jet crashed
    on Wednesday, Iran launched missiles" (Wednesday); not "days after", which may be another day."""
    return [t for c in verb.children if c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in _BEFORE_AFTER for m in c.children)
            and any(o.dep_ in ("npadvmod", "advmod") and o.lower_ in word_list("event_short_offsets.txt")
                    for m in c.children if m.dep_ == "mark" for o in [*m.children, *c.children])
            for t in _dated_phrases(c)]


def _announced(clause: Token) -> bool:
    """A clause made known by a verb of announcing ("announced it had entered into an agreement")."""
    return clause.dep_ == "ccomp" and clause.head.lemma_.lower() in word_list("event_announcing_verbs.txt")


def _past_perfect(verb: Token) -> bool:
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def _clause_date(trigger: Token, dates: list[DateMention]) -> DateMention | None:
    """The date of the clause a trigger's clause hangs on: "On Thursday, Cengiz addressed reporters, calling
    for ...", "died on Tuesday after being shot", "met Trump, where he denounced". Not through a reported
    clause: in "On Wednesday, Germany said Navalny was poisoned" Wednesday is the day of the saying; but what is
    announced is dated by its announcement ("Late on Sunday, the SDF announced it had entered into an
    agreement")."""
    current = trigger
    for _ in range(MAX_CLIMB + 2):
        if not _announced(current) and (current.dep_ not in _DATE_CLIMB or current.head is current
                                        or _past_perfect(current)):
            # "withdrew from a treaty, which had been agreed under Obama": a time before the clause's own
            return None
        came_by = current.dep_
        current = current.head
        if came_by in ("relcl", "acl") and (named := _date_at(current, dates)) is not None:
            return named  # "October 14, the same day the Queen is to give a speech": the day the clause is on
        if current.pos_ in ("VERB", "AUX"):
            found = _date_in(_dated_phrases(current), dates, trigger)
            if found is not None:
                return found
    return None


def _date_at(token: Token, dates: list[DateMention]) -> DateMention | None:
    """The date mention `token` is a word of ("day" in "the same day"), with a value."""
    before = bisect_left(dates, token.idx + 1, key=_start)
    found = dates[before - 1] if before else None
    return found if found is not None and found.end > token.idx and found.value is not None else None
