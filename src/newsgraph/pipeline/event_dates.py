"""Dates an event takes from the story told around it.

The dates stage leaves a narrative anchor ("that day", "the same day", "earlier in the month", "three years
later") null: it counts from another moment than publication. An event dated by one is dated from the moment the
text gave last, in the anchor's paragraph or the one before ("On Friday, the task force said an attack that day
...": that Friday; "troops left in 2011, then returned three years later": 2014). Nothing is guessed where the
text gave no date before, or gave it too coarsely ("that day" after "in 2011").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from string import Template

from ..lexicons import table
from ..record import DateMention
from . import dates as dates_stage

# The precisions an anchor may have for each unit counted from it: "that day" needs a day, "that year" any date.
_FINE_ENOUGH = {
    "day": frozenset({"day"}),
    "week": frozenset({"day", "week"}),
    "month": frozenset({"day", "month"}),
    "year": frozenset({"day", "week", "month", "year"}),
}
# An anchor further back than the paragraph before belongs to another part of the story.
_MAX_PARAGRAPH_BREAKS = 1
_PARAGRAPH_BREAK = re.compile(r"\n+")


@cache
def _rules() -> tuple[tuple[re.Pattern[str], Template, str], ...]:
    return tuple((re.compile(pattern, re.IGNORECASE), Template(deictic), unit)
                 for pattern, deictic, unit in table("event_narrative_dates.tsv"))


def narrative_dates(mentions: Sequence[DateMention], text: str, quoted: Callable[[int, int], bool]
                    ) -> list[DateMention]:
    """The dates stage's mentions with each narrative anchor outside quotation marks counted from the date given
    last before it; a speaker's "that day" counts from a moment of their own story, and stays null."""
    resolved: list[DateMention] = []
    for mention in mentions:
        if mention.value is None and mention.relative and not quoted(mention.start, mention.end):
            mention = _counted_from_anchor(mention, resolved, text) or mention
        resolved.append(mention)
    return resolved


def _counted_from_anchor(mention: DateMention, before: Sequence[DateMention], text: str) -> DateMention | None:
    rule = next(((deictic, unit, match) for pattern, deictic, unit in _rules()
                 if (match := pattern.fullmatch(" ".join(mention.text.split())))), None)
    if rule is None:
        return None
    deictic, unit, match = rule
    anchor = _anchor(mention, before, text, _FINE_ENOUGH[unit])
    if anchor is None:
        return None
    value, precision = dates_stage.resolve(deictic.substitute(num=match.groupdict().get("num") or ""), anchor,
                                           "unknown")
    if value is None:
        return None  # "a few days later": no count, no date
    return replace(mention, value=value, precision=precision)  # type: ignore[arg-type]


def _anchor(mention: DateMention, before: Sequence[DateMention], text: str, precisions: frozenset[str]
            ) -> date | None:
    """The first day of the last date given before `mention`, in its paragraph or the one before, precise
    enough for the unit counted from it."""
    for earlier in reversed(before):
        if len(_PARAGRAPH_BREAK.findall(text, earlier.end, mention.start)) > _MAX_PARAGRAPH_BREAKS:
            return None
        if earlier.value is not None and earlier.precision in precisions:
            return _first_day(earlier.value, earlier.precision)
    return None


def _first_day(value: str, precision: str) -> date | None:
    try:
        if precision == "week":
            year, week = value.split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        if precision == "month":
            return date.fromisoformat(f"{value}-01")
        if precision == "year":
            return date(int(value), 1, 1)
        return date.fromisoformat(value)
    except ValueError:
        return None
