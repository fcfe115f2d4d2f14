"""Temporal expressions' values: the parts a pattern of `dates` matched ("month", "day", "wd", "mod",
"unit", "num" ...) turned into an ISO value and a precision, by calendar arithmetic from the
publication date (or a narrative's anchor) in the direction the clause's tense points (docs/dates.md).

Kept apart from the finding of expressions (`dates`): this part needs no parse, only the groups of
a match, a day and a tense.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter

from ..lexicons import mapping, table
from ..record import Precision

# A day and month are checked against a leap year so that "February 29" is a date; the year is
# then chosen from the publication date and the tense.
_LEAP_YEAR = 2000
# A day-month without a year is looked for this many years either side of publication
# (February 29 can be eight years away).
_YEAR_SEARCH = 8
# News style (AP, Reuters) leaves out the year of a date in the current year, or near it across
# New Year. So the tense first picks a day-month among those of the publication year and those
# within _NEAR_DAYS; failing that, among those within _MAX_DIRECTED_DAYS (some newsrooms leave
# the year out for the last eleven months); failing that, the nearest of the first lot is taken
# ("the debate was slated for October 15", published October 12, is not last year's).
_NEAR_DAYS = 91
_MAX_DIRECTED_DAYS = 335
_PRECISION: dict[str, Precision] = {
    "day": "day", "morning": "day", "afternoon": "day", "evening": "day", "night": "day",
    "week": "week", "weekend": "week", "month": "month", "year": "year", "decade": "decade",
}
_MODS = {"last": -1, "this past": -1, "next": 1, "this coming": 1, "this": 0}


@dataclass(frozen=True, slots=True)
class Resolution:
    """ISO value (None when unknown), precision, and whether it is counted from an anchor."""

    value: str | None
    precision: Precision
    relative: bool


def resolve_kind(kind: str, g: dict[str, str], pub: date | None, tense: str) -> Resolution:
    """The value of an expression of `kind` (a row of data/dates_patterns.tsv) from its match's named
    groups `g`, counted from the day `pub` (None: unknown) in the direction of the clause's `tense`."""
    unit = g.get("unit", "").lower().rstrip("s")
    if kind in ("iso", "calendar"):
        return _calendar(kind, g, pub, tense)
    if kind == "month_year":
        month = _month_number(g["month"])
        if "year" in g:
            return Resolution(f"{int(g['year']):04d}-{month:02d}", "month", False)
        year = pub.year + _MODS[g["yrel"].lower()] if pub else None
        return Resolution(f"{year:04d}-{month:02d}" if year else None, "month", True)
    if kind == "year":
        return Resolution(f"{int(g['year']):04d}", "year", False)
    if kind == "decade":
        value = _decade(g)
        return Resolution(value, "decade" if value else "unknown", False)
    if kind == "century":
        return Resolution(None, "unknown", False)  # the schema has no century precision
    if kind == "season":
        # Seasons differ by hemisphere; only the year is certain, and only when written.
        return Resolution(g["year"], "year", False) if "year" in g else Resolution(None, "unknown", True)
    if kind == "anaphoric":
        return Resolution(None, _PRECISION.get(unit, "unknown"), True)
    if kind == "holiday" and "year" in g:
        return _holiday(g, date(int(g["year"]), 1, 1), tense)
    if pub is None:
        return Resolution(None, "month" if kind == "month" else _PRECISION.get(unit, "day"), True)
    if kind == "holiday":
        return _holiday(g, pub, tense)
    if kind == "month":
        return _month(g, pub, tense)
    if kind == "weekday":
        return Resolution(_weekday(g, pub, tense).isoformat(), "day", True)
    if kind == "weekend":
        return Resolution(_weekend(pub, tense), "week", True)
    if kind == "deictic":
        return Resolution(_deictic(g, pub).isoformat(), "day", True)
    if kind == "period":
        mod = " ".join(g["mod"].lower().split())
        if mod == "this past" and unit not in ("week", "weekend"):
            return Resolution(None, _PRECISION[unit], True)  # "this past year": the last twelve months
        return Resolution(_shifted(pub, unit, _MODS[mod]), _PRECISION[unit], True)
    count = _number(g["num"])  # "ago" and "ahead": exact counts only ("a few days ago" stays None)
    step = None if count is None else count if kind == "ahead" else -count
    return Resolution(None if step is None else _shifted(pub, unit, step), _PRECISION[unit], True)


def _direction(tense: str) -> str:
    return tense if tense in ("past", "future") else "nearest"


def _choose(candidates: list[date], pub: date, direction: str) -> date | None:
    """The candidate the direction picks: latest not after `pub`, earliest not before it, or nearest."""
    if direction == "past":
        return max((c for c in candidates if c <= pub), default=None)
    if direction == "future":
        return min((c for c in candidates if c >= pub), default=None)
    # Nearest in months first (June is as far from December either way), then in days; ties go
    # to the past: news reports more than it announces.
    return min(candidates, key=lambda c: (abs(12 * (c.year - pub.year) + c.month - pub.month),
                                          c > pub, abs((c - pub).days)), default=None)


def _calendar(kind: str, g: dict[str, str], pub: date | None, tense: str) -> Resolution:
    if kind == "iso":
        month, day = int(g["month"]), int(g["day"])
    else:
        month, day = _month_number(g["month"]), int(g["day"].rstrip("stndrh"))  # "17th", "Dec."
        if _safe_date(_LEAP_YEAR, month, day) is None:  # "31 June"
            return Resolution(None, "day", "year" not in g)
    if "year" in g:
        written = _safe_date(int(g["year"]), month, day)  # None for "31 February 2024"
        return Resolution(written.isoformat() if written else None, "day", False)
    if pub is None:
        return Resolution(None, "day", True)
    if "yrel" in g:
        shifted = _safe_date(pub.year + _MODS[g["yrel"].lower()], month, day)
        return Resolution(shifted.isoformat() if shifted else None, "day", True)
    years = range(pub.year - _YEAR_SEARCH, pub.year + _YEAR_SEARCH + 1)
    candidates = [d for y in years if (d := _safe_date(y, month, day))]
    if "wd" in g:
        # "Saturday, April 27": the weekday tells which year is meant when it is not written.
        weekday = int(mapping("dates_weekdays.tsv", lower=False)[g["wd"]])
        matching = [d for d in candidates if d.weekday() == weekday and abs(d.year - pub.year) <= 1]
        candidates = matching or candidates
    near = [d for d in candidates if d.year == pub.year or abs((d - pub).days) <= _NEAR_DAYS] or candidates
    within = [d for d in candidates if abs((d - pub).days) <= _MAX_DIRECTED_DAYS]
    direction = _direction(tense)
    chosen = _choose(near, pub, direction) or _choose(within, pub, direction) or _choose(near, pub, "nearest")
    return Resolution(chosen.isoformat() if chosen else None, "day", True)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return int(mapping("dates_months.tsv", lower=False)[name.rstrip(".")])


def _month(g: dict[str, str], pub: date, tense: str) -> Resolution:
    month = _month_number(g["month"])
    firsts = [date(pub.year + k, month, 1) for k in (-1, 0, 1)]
    chosen = _pick(firsts, pub.replace(day=1), g.get("mod", ""), tense)  # "last October": before this month
    return Resolution(f"{chosen.year:04d}-{month:02d}", "month", True)


def _pick(candidates: list[date], pivot: date, mod: str, tense: str) -> date:
    """Of last year's, this year's and next year's occurrence, the one `mod` or the tense points to."""
    step = _MODS.get(" ".join(mod.lower().split()))
    if step == -1:
        return max(c for c in candidates if c < pivot)
    if step == 1:
        return min(c for c in candidates if c > pivot)
    if step == 0:
        return candidates[1]
    return _choose(candidates, pivot, _direction(tense)) or candidates[1]


def _weekday(g: dict[str, str], pub: date, tense: str) -> date:
    ahead = (int(mapping("dates_weekdays.tsv", lower=False)[g["wd"]]) - pub.weekday()) % 7
    mod = " ".join(g.get("mod", "").lower().split())
    step = _MODS.get(mod, 0)
    if step > 0:
        return pub + timedelta(days=ahead or 7)
    if step < 0:
        back = (7 - ahead) or 7
        # A writer says "yesterday" for the day before: "last Thursday" written on a Friday is the week before's.
        return pub - timedelta(days=back + 7 if back == 1 and mod == "last" else back)
    if ahead == 0:
        return pub  # a bare weekday naming the publication day is that day, whatever the tense
    direction = _direction(tense)
    if direction == "past" or (direction == "nearest" and ahead > 3):
        return pub - timedelta(days=7 - ahead)
    return pub + timedelta(days=ahead)


def _weekend(pub: date, tense: str) -> str:
    """ "at the weekend": the one just past or the coming one, as its ISO week."""
    weekday = pub.weekday()
    if weekday >= 5 or _direction(tense) == "future" or (_direction(tense) == "nearest" and weekday >= 3):
        return _shifted(pub, "week", 0)  # Saturday and Sunday end the ISO week they belong to
    return _shifted(pub, "week", -1)


def _deictic(g: dict[str, str], pub: date) -> date:
    word = " ".join(g["word"].lower().split())
    shift = {"yesterday": -1, "tomorrow": 1, "before yesterday": -2, "after tomorrow": 2}.get(word, 0)
    if word == "last":
        shift = -1 if g["part"].lower() in ("night", "evening") else 0  # "last night" was yesterday's
    return pub + timedelta(days=shift)


def _shifted(pub: date, unit: str, step: int) -> str:
    """The ISO value of the `unit` (day, week, month, year, decade) `step` units from `pub`."""
    if unit == "day":
        return (pub + timedelta(days=step)).isoformat()
    if unit in ("week", "weekend"):
        year, week, _ = (pub + timedelta(weeks=step)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 + step
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    if unit == "year":
        return f"{pub.year + step:04d}"
    return f"{(pub.year + 10 * step) // 10:03d}"


def _number(words: str) -> int | None:
    numbers = mapping("dates_numbers.tsv")
    words = " ".join(words.lower().split())
    if words.isdigit() or words in numbers:
        return int(numbers.get(words, words))
    parts = re.split(r"[-\s]", words)
    if len(parts) == 2 and all(p in numbers for p in parts):
        return int(numbers[parts[0]]) + int(numbers[parts[1]])
    return None


def _holiday(g: dict[str, str], pub: date, tense: str) -> Resolution:
    rules = {name.lower().replace("’", "'"): rule for name, rule in table("dates_holidays.tsv")}
    rule = rules[" ".join(g["hol"].lower().replace("’", "'").split())]
    written = "year" in g
    if rule == "none":
        return Resolution(None, "day", not written)
    candidates = [_holiday_on(rule, pub.year + k) for k in (-1, 0, 1)]
    chosen = candidates[1] if written else _pick(candidates, pub, g.get("mod", ""), tense)
    return Resolution(chosen.isoformat(), "day", not written)


def _holiday_on(rule: str, year: int) -> date:
    if rule.startswith("easter"):
        return easter(year) + timedelta(days=int(rule[len("easter"):]))
    month, day = (int(part) for part in rule.split("-"))
    return date(year, month, day)


def _decade(g: dict[str, str]) -> str | None:
    if "decade" in g:
        # "the 1800s" is a century more often than a decade; "the 2000s" is the decade.
        return None if g["decade"].endswith("00") and int(g["decade"]) < 2000 else g["decade"][:3]
    if "short" in g:
        tens = int(g["short"].strip("'’"))
        return f"19{tens // 10}" if tens >= 30 else None  # "the 20s" could be either century
    return f"19{int(mapping('dates_numbers.tsv')[g['word'].lower()[:-3] + 'y']) // 10}"
