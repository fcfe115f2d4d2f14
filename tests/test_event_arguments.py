"""Event arguments on short hand-written sentences (issue 26, round 2): the accused of an allegation,
the unsaid subject of a participle or gerund, the victim of an act of force named with "of", a
passive infinitive's subject as the one acted on, a city before an event noun as its place, and
the status a relative clause gives its event ("which was cancelled")."""

from __future__ import annotations

import pytest

from .event_lookup import analyse_events, event_of
from .test_events import names


@pytest.mark.parametrize(("sentence", "kind", "trigger", "actor", "recipients"), [
    # an allegation's clause: its subject is the accused
    ("Canada alleged Huawei had stolen secrets from Nortel.", "ACCUSE", "alleged", {"Canada"}, {"Huawei"}),
    # or the agent of a passive in it: the doer of what is alleged
    ("Chile alleged that the ballots were forged by Peru.", "ACCUSE", "alleged", {"Chile"}, {"Peru"}),
    # or the doer of what the clause's subject is said to be
    ("Chile has claimed the blockade is a ploy by Peru to raise prices.", "ACCUSE", "claimed", {"Chile"}, {"Peru"}),
    # a participle on a document: the document's sender asks
    ("Mike Pompeo sent a letter requesting new rules.", "REQUEST", "requesting", {"Mike Pompeo"}, set()),
    # a gerund after an adjective's preposition: the clause's subject
    ("Australia was quick in blaming China.", "ACCUSE", "blaming", {"Australia"}, {"China"}),
    # a passive with no agent of its own: the issuer of the document it is done in
    ("The plan was condemned in a joint statement by Chile and Peru on Monday.", "ACCUSE", "condemned",
     {"Chile", "Peru"}, set()),
    # a passive infinitive: its subject is acted on, not acting
    ("Michael Avenatti is to be sentenced in June.", "COERCE", "sentenced", set(), {"Michael Avenatti"}),
    # the victim of an act of force named with "of"
    ("The United States condemned Russia's killing of Alexei Navalny.", "ASSAULT", "killing", {"Russia"},
     {"Alexei Navalny"}),
])
def test_arguments(analyse, sentence: str, kind: str, trigger: str, actor: set[str],  # type: ignore[no-untyped-def]
                   recipients: set[str]) -> None:
    record = analyse_events(analyse, sentence)
    event = event_of(record, kind, trigger)
    assert names(record, event.with_role("actor")) == actor
    assert names(record, event.with_role("recipient")) == recipients


@pytest.mark.parametrize(("sentence", "trigger", "participants"), [
    ("Kurt Volker worked to arrange a meeting between Volodymyr Zelensky and Donald Trump.", "meeting",
     {"Volodymyr Zelensky", "Donald Trump"}),
    ("Annalena Baerbock met her counterpart Sergey Lavrov in Rome.", "met", {"Annalena Baerbock", "Sergey Lavrov"}),
    ("Annalena Baerbock and her Russian counterpart Sergey Lavrov held talks in Rome.", "talks",
     {"Annalena Baerbock", "Sergey Lavrov"}),
])
def test_counterparts_meet_and_those_who_arrange_do_not(analyse, sentence: str, trigger: str,  # type: ignore[no-untyped-def]
                                                        participants: set[str]) -> None:
    record = analyse_events(analyse, sentence)
    assert names(record, event_of(record, "CONSULT", trigger).entity_ids()) == participants


def test_a_passive_subject_does_not_do_what_its_agent_does(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Carrie Lam was interrupted by protesting legislators on Wednesday.")
    assert all("Carrie Lam" not in names(record, e.with_role("actor")) for e in record.events)


def test_a_city_before_an_event_noun_is_where_not_who(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The Kabul car bombing killed five people.")
    assert all("Kabul" not in names(record, e.entity_ids()) for e in record.events)
    assert any(e.place is not None and record.entity(e.place).name == "Kabul" for e in record.events)


def test_a_relative_clause_cancelling_the_event_denies_it(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "Joe Biden's planned trip to Warsaw, which was cancelled, angered Poland.")
    assert event_of(record, "CONSULT", "trip").status == "denied"


def test_a_gerund_after_for_on_a_passive_is_done_by_its_subject(analyse) -> None:  # type: ignore[no-untyped-def]
    """ "was held in contempt for refusing": who was held refused; but "interrupted by protesting
    legislators" (by: the agent's words) is no act of the passive's subject."""
    record = analyse_events(analyse, "Jane Roe was held in contempt in 2015 for refusing to pay the fine.")
    assert names(record, event_of(record, "REJECT", "refusing").with_role("actor")) == {"Jane Roe"}


def test_an_event_noun_after_an_infinitive_is_its_unsaid_subjects_act(analyse) -> None:  # type: ignore[no-untyped-def]
    """ "The minister is expected to give a speech": the minister speaks (the infinitive's unsaid subject)."""
    record = analyse_events(analyse, "Minister Lena Holm is expected to give a speech on Monday.")
    assert names(record, event_of(record, "SPEECH", "speech").with_role("actor")) == {"Lena Holm"}


def test_someones_talk_is_a_speech_and_talks_are_negotiations(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "In his Monday talk at the Brookings Institution, Olaf Berg said the pipeline "
                                     "would be built. Chile and Peru held talks in Lima.")
    assert names(record, event_of(record, "SPEECH", "talk").with_role("actor")) == {"Olaf Berg"}
    assert names(record, event_of(record, "CONSULT", "talks").entity_ids()) == {"Chile", "Peru"}
