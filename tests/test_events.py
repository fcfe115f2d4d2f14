"""Events: the example article's meetings, interviews, call and statement with their quotations,
hand-written sentences for each event type and status, and the Wikinews corpus end to end."""

from __future__ import annotations

import json

import pytest

from newsgraph.network import entity_graph, graph_text
from newsgraph.pipeline import Engine
from newsgraph.plover import plover_events
from newsgraph.record import ArticleDraft, ArticleRecord, Event, record_from_dict

from .conftest import WIKINEWS
from .test_example import quote_containing


def names(record: ArticleRecord, ids: list[str]) -> set[str]:
    return {e.name for e in map(record.entity, ids) if e is not None}


def only_event(record: ArticleRecord) -> Event:
    assert len(record.events) == 1, [(e.type, e.trigger.text) for e in record.events]
    return record.events[0]


def event_at(record: ArticleRecord, trigger: str, kind: str) -> Event:
    matches = [e for e in record.events if e.trigger.text == trigger and e.type == kind]
    assert len(matches) == 1, [(e.type, e.trigger.text) for e in record.events]
    return matches[0]


# The example article (published 2024-12-18).

def test_brussels_meeting_is_planned_multilateral_with_the_named_countries(example: ArticleRecord) -> None:
    meeting = event_at(example, "meeting", "CONSULT")
    assert meeting.mode == "multilateral"
    assert meeting.status == "planned"
    assert (meeting.date, meeting.date_precision) == ("2024-12-19", "day")
    assert example.entity(meeting.place).name == "Brussels"
    countries = {"United Kingdom", "Czech Republic", "France", "Germany", "Italy", "Denmark", "Netherlands", "Poland"}
    assert names(example, meeting.entity_ids()) >= {"Nato", "Volodymyr Zelenskyy", "David Lammy", *countries}
    assert names(example, meeting.with_role("actor")) == {"Nato"}
    # "the Nato meeting", "attending the meeting", "the meeting would provide" refer back to it.
    assert len(meeting.mentions) >= 3
    assert example.text[meeting.trigger.start:meeting.trigger.end] == meeting.trigger.text


def test_le_parisien_interview_and_its_quotations(example: ArticleRecord) -> None:
    interview = next(e for e in example.events if e.type == "INTERVIEW" and "Le Parisien" in names(
        example, e.entity_ids()))
    assert interview.date == "2024-12-17" and interview.status == "happened"
    assert names(example, interview.with_role("actor")) == {"Volodymyr Zelenskyy"}
    assert names(example, interview.with_role("recipient")) == {"Le Parisien"}
    for words in ("We can only count on diplomatic pressure", "I am surprised", "We need a strong America"):
        assert quote_containing(example, words).event == interview.id, words
    # Said of the meeting, not at it: no event.
    assert quote_containing(example, "a very good opportunity").event is None


def test_lammy_quotations_are_linked_to_the_meeting_he_attends(example: ArticleRecord) -> None:
    meeting = event_at(example, "meeting", "CONSULT")
    assert quote_containing(example, "It's hugely important").event == meeting.id
    assert quote_containing(example, "Putin is not a man").event == meeting.id


def test_starmer_trump_phone_call(example: ArticleRecord) -> None:
    call = event_at(example, "call", "CONSULT")
    assert call.mode == "phone" and call.status == "happened"
    assert call.date == "2024-12-18"
    assert names(example, call.with_role("actor")) == {"Keir Starmer"}
    assert names(example, call.with_role("recipient")) == {"Donald Trump"}


def test_time_interview(example: ArticleRecord) -> None:
    interview = next(e for e in example.events if e.type == "INTERVIEW" and "Time magazine" in names(
        example, e.entity_ids()))
    assert names(example, interview.with_role("actor")) == {"Donald Trump"}
    assert interview.date is None  # "a recent interview" names no date
    assert quote_containing(example, "he disagreed").event == interview.id


def test_number_10_statement_and_its_quotations(example: ArticleRecord) -> None:
    statement = event_at(example, "statement", "STATEMENT")
    assert statement.date == "2024-12-18" and statement.status == "happened"
    assert names(example, statement.with_role("actor")) == {"Downing Street"}
    for words in ("agreed on their joint ambition", "Turning to global conflicts", "On the Middle East"):
        assert quote_containing(example, words).event == statement.id, words


def test_would_not_abandon_is_no_event(example: ArticleRecord) -> None:
    abandon = example.text.index("abandon")
    assert not any(e.trigger.start <= abandon < e.trigger.end for e in example.events)


def test_event_ids_and_quote_links_are_consistent(example: ArticleRecord) -> None:
    ids = [e.id for e in example.events]
    assert ids == [f"V{n}" for n in range(1, len(ids) + 1)]
    entity_ids = {e.id for e in example.entities}
    assert all(p.entity in entity_ids for e in example.events for p in e.participants)
    assert all(q.event in ids for q in example.quotes if q.event is not None)
    again = record_from_dict(json.loads(example.to_json()))
    assert again.events == example.events
    assert [q.event for q in again.quotes] == [q.event for q in example.quotes]


def test_plover_dicts_cite_their_evidence(example: ArticleRecord) -> None:
    coded = plover_events(example)
    meeting = next(c for c in coded if c["event"] == "CONSULT" and c["mode"] == "multilateral")
    assert meeting["date"] == "2024-12-19"
    assert meeting["actor"]["name"] == "Nato" and meeting["recipient"]["name"] == "Volodymyr Zelenskyy"
    assert meeting["location"]["name"] == "Brussels" and meeting["location"]["country"] == "BE"
    assert meeting["location"]["latitude"] == pytest.approx(50.85, abs=0.1)
    trigger = meeting["citation"]["trigger"]
    assert example.text[trigger["start"]:trigger["end"]] == trigger["text"] == "meeting"
    assert meeting["citation"]["article"] == example.id
    assert json.loads(json.dumps(coded)) == coded


def test_network_ties_shared_events_and_quotations(example: ArticleRecord) -> None:
    graph = entity_graph([example, example])
    nato, zelenskyy = "organisation:nato", "person:volodymyr zelenskyy"
    assert graph.edges[nato, zelenskyy]["events"] == 2  # the same meeting in two records counts twice
    assert graph.edges["person:david lammy", "person:putin"]["quotations"] == 2
    for fmt in ("json", "graphml", "gexf"):
        assert "Volodymyr Zelenskyy" in graph_text(graph, fmt)


# Hand-written sentences, one per event type and status.

@pytest.mark.parametrize(("sentence", "kind", "mode", "actor", "recipient"), [
    ("Emmanuel Macron met Olaf Scholz in Berlin on Monday.", "CONSULT", None, "Emmanuel Macron", "Olaf Scholz"),
    ("Johnson called Joe Biden on Tuesday.", "CONSULT", "phone", "Johnson", "Joe Biden"),
    ("Boris Johnson spoke to Joe Biden by phone.", "CONSULT", "phone", "Boris Johnson", "Joe Biden"),
    ("Antony Blinken visited Ukraine on Wednesday.", "CONSULT", "visit", "Antony Blinken", "Ukraine"),
    ("China accused the United States of interference.", "ACCUSE", None, "China", "United States"),
    ("Germany supports Ukraine.", "SUPPORT", None, "Germany", "Ukraine"),
    ("The European Union imposed sanctions on Russia.", "SANCTION", None, "European Union", "Russia"),
    ("Iran threatened Israel with retaliation.", "THREATEN", None, "Iran", "Israel"),
    ("Israel rejected the proposal from Hamas.", "REJECT", None, "Israel", "Hamas"),
    ("Ukraine requested more weapons from Germany.", "REQUEST", None, "Ukraine", "Germany"),
    ("The United States sent weapons to Ukraine.", "AID", None, "United States", "Ukraine"),
    ("Russia attacked Ukraine on Sunday.", "ASSAULT", None, "Russia", "Ukraine"),
    ("North Korea fired missiles at Japan on Friday.", "ASSAULT", None, "North Korea", "Japan"),
    ("Israel carried out air strikes on Gaza.", "ASSAULT", None, "Israel", "Gaza"),
    ("Farmers protested against Emmanuel Macron in Paris.", "PROTEST", None, None, "Emmanuel Macron"),
    ("Russia mobilised reservists on Monday.", "MOBILIZE", None, "Russia", None),
    ("Kamala Harris gave a speech in Atlanta on Saturday.", "SPEECH", None, "Kamala Harris", None),
    ("In an interview with the BBC, Keir Starmer said he was confident.", "INTERVIEW", None, "Keir Starmer", "BBC"),
])
def test_event_types(analyse, sentence: str, kind: str, mode: str | None, actor: str | None,  # type: ignore[no-untyped-def]
                     recipient: str | None) -> None:
    record = analyse("Headline\n" + sentence, "2024-12-18")
    event = next((e for e in record.events if e.type == kind), None)
    assert event is not None, [(e.type, e.trigger.text) for e in record.events]
    assert event.mode == mode
    if actor:
        assert actor in names(record, event.with_role("actor"))
    if recipient:
        assert recipient in names(record, event.with_role("recipient"))


def test_agreement_between_coordinated_actors(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse("Headline\nRussia and Ukraine signed an agreement in Istanbul.", "2024-12-18")
    event = event_at(record, "signed", "AGREE")  # the agreement is what they signed: one event (round 4)
    assert [m.text for m in event.mentions] == ["agreement"]
    assert names(record, event.entity_ids()) == {"Russia", "Ukraine"}
    assert record.entity(event.place).name == "Istanbul"


@pytest.mark.parametrize(("sentence", "status"), [
    ("Joe Biden will meet Xi Jinping in San Francisco next week.", "planned"),
    ("Pope Francis is due to visit Iraq in March.", "planned"),
    ("Emmanuel Macron plans to visit China in April.", "planned"),
    ("Joe Biden did not visit Ukraine last year.", "denied"),
    ("Keir Starmer refused to meet Donald Trump.", "denied"),
    ("The planned summit between Joe Biden and Xi Jinping was cancelled.", "denied"),
    ("Angela Merkel would meet Vladimir Putin if the ceasefire held.", "hypothetical"),
    ("Olaf Scholz could visit India if talks go well.", "hypothetical"),
    ("Emmanuel Macron met Olaf Scholz in Berlin on Monday.", "happened"),
])
def test_status(analyse, sentence: str, status: str) -> None:  # type: ignore[no-untyped-def]
    assert only_event(analyse("Headline\n" + sentence, "2024-12-18")).status == status


def test_planned_event_has_the_coming_date_and_its_unsaid_subject(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse("Headline\nPope Francis is due to visit Iraq in March.", "2024-12-18")
    event = only_event(record)
    assert (event.date, event.date_precision) == ("2025-03", "month")
    assert record.entity(event.place).name == "Iraq"
    assert any("Francis" in name for name in names(record, event.with_role("actor")))


def test_negated_hypothetical_is_no_event(analyse) -> None:  # type: ignore[no-untyped-def]
    assert analyse("Headline\nTrump said he would not meet Putin.", "2024-12-18").events == []


@pytest.mark.parametrize("sentence", [
    "The Coast Guard called off its search on Tuesday.",
    "Tomasz Stefaniak was met with applause by Emmanuel Macron.",
    "The software from Red Hat does not meet their requirements.",
    "Boris Johnson resigned in protest at the deal with Russia.",
    "Joe Biden issued a call for calm in Kenosha.",
    "SpaceX launched its first crewed mission from Florida on a Falcon 9 rocket.",
])
def test_trigger_words_that_name_no_event(analyse, sentence: str) -> None:  # type: ignore[no-untyped-def]
    record = analyse("Headline\n" + sentence, "2024-12-18")
    assert record.events == [], [(e.type, e.trigger.text) for e in record.events]


def test_a_noun_event_borrows_no_actor_from_an_unrelated_clause(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse("Headline\nHong Kong leader Carrie Lam delivers speech after protests in legislature.",
                     "2024-12-18")
    assert [e.type for e in record.events] == ["SPEECH"]


def test_press_conference_is_a_statement_and_an_interviewee_is_the_actor(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse("Headline\nPG&E followed its press release up with a press conference.\n"
                     "The following is the interview with Zara Kay.", "2024-12-18")
    assert [(e.type, e.mode) for e in record.events] == [
        ("STATEMENT", "press release"), ("STATEMENT", "press conference"), ("INTERVIEW", None)]
    assert names(record, record.events[2].with_role("actor")) == {"Zara Kay"}


def test_events_inside_quotation_marks_are_the_speakers_claim(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse('Headline\nBiden said: "Russia attacked Ukraine without reason."', "2024-12-18")
    assert record.events == []


def test_group_participation_reads_the_coordination(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse("Headline\nMinisters from Spain, Portugal and Greece attended the summit in Rome.", "2024-12-18")
    summit = only_event(record)
    assert names(record, summit.with_role("participant")) == {"Spain", "Portugal", "Greece"}
    assert record.entity(summit.place).name == "Rome"


def test_definite_noun_refers_back_to_the_earlier_event(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse("Headline\nJoe Biden will meet Xi Jinping in Lima on Saturday.\n"
                     "Officials from Japan are attending the meeting.", "2024-12-18")
    meeting = only_event(record)
    assert "Japan" in names(record, meeting.entity_ids())
    assert [m.text for m in meeting.mentions] == ["meeting"]


def test_wikinews_corpus_events(engine: Engine) -> None:
    if not WIKINEWS.exists():
        pytest.skip("Wikinews corpus not present")
    drafts = [ArticleDraft(id=a["id"], text=a["text"], headline=a.get("headline"), published=a.get("published"))
              for a in map(json.loads, WIKINEWS.read_text(encoding="utf-8").splitlines()) if a]
    records = [r for r in engine.analyze_many(drafts) if isinstance(r, ArticleRecord)]
    assert len(records) == len(drafts) == 293
    for record in records:
        ids = {e.id for e in record.events}
        entities = {e.id for e in record.entities}
        for event in record.events:
            for span in (event.trigger, event.sentence, *event.mentions, *(p.span for p in event.participants)):
                assert record.text[span.start:span.end] == span.text
            assert all(p.entity in entities for p in event.participants)
            assert event.place is None or event.place in entities
        assert all(q.event in ids for q in record.quotes + record.attributions if q.event is not None)
    assert sum(len(r.events) for r in records) > len(records)


def test_attacking_words_or_plans_is_criticism_not_force(analyse) -> None:  # type: ignore[no-untyped-def]
    for sentence in ("Keir Starmer attacked Rishi Sunak's plan on Tuesday.",
                     "Kemi Badenoch launched an attack on Labour's budget.",
                     "Boris Johnson attacked the BBC's coverage of the election."):
        assert [e.type for e in analyse("Row\n\n" + sentence, "2024-12-18").events] == ["ACCUSE"], sentence
    assert [e.type for e in analyse("Raid\n\nRussia attacked Ukraine on Sunday.", "2024-12-18").events
            ] == ["ASSAULT"]
