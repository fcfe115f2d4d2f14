"""An event's date from its own clause (issue 26, round 4): the date phrase of the clause a trigger's
clause hangs on when its own has none, but not through a reported clause or from a past perfect."""

from __future__ import annotations

import pytest

from newsgraph.record import ArticleRecord, Event


def _events(analyse, text: str) -> ArticleRecord:  # type: ignore[no-untyped-def]
    return analyse("Headline\n" + text, "2024-12-18")


def _event(record: ArticleRecord, kind: str, trigger: str) -> Event:
    found = [e for e in record.events if e.type == kind and e.trigger.text == trigger]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in record.events]
    return found[0]


@pytest.mark.parametrize(("text", "kind", "trigger"), [
    # a participle clause on the verb that has the date
    ("On Thursday, Hatice Cengiz addressed reporters in New York, calling for the killers to be punished.",
     "REQUEST", "calling"),
    # a gerund after a preposition of the dated verb
    ("Nabil al-Quaety died in Aden on Tuesday after being shot by gunmen.", "ASSAULT", "shot"),
    # a relative clause of place on the dated verb's object
    ("Later on Tuesday Kyriakos Mitsotakis met Donald Trump, where he denounced Turkey.", "ACCUSE", "denounced"),
])
def test_a_trigger_takes_the_date_of_the_clause_it_hangs_on(analyse, text: str, kind: str,  # type: ignore[no-untyped-def]
                                                            trigger: str) -> None:
    record = _events(analyse, text)
    assert len(record.dates) == 1 and record.dates[0].value is not None
    assert _event(record, kind, trigger).date == record.dates[0].value


@pytest.mark.parametrize(("text", "kind", "trigger"), [
    # the day of the saying is not the day of what is said
    ("On Wednesday, the German government said Alexei Navalny was poisoned by Russia.", "ASSAULT", "poisoned"),
    # a past perfect is earlier than the clause it hangs on
    ("On Monday, Donald Trump left the deal that Barack Obama had signed with Iran.", "AGREE", "signed"),
])
def test_no_date_from_a_reported_clause_or_a_past_perfect(analyse, text: str, kind: str,  # type: ignore[no-untyped-def]
                                                         trigger: str) -> None:
    assert _event(_events(analyse, text), kind, trigger).date is None
