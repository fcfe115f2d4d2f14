"""The example article (ITV News, published 2024-12-18) end to end: every quotation, speaker,
cluster, date and flag the issue lists."""

from __future__ import annotations

from collections import Counter

from newsgraph.record import ArticleRecord, Entity, Quote


def entity_named(record: ArticleRecord, name: str) -> Entity:
    matches = [e for e in record.entities if e.name == name or name in e.aliases]
    assert len(matches) == 1, (name, [e.name for e in record.entities])
    return matches[0]


def quote_containing(record: ArticleRecord, words: str) -> Quote:
    matches = [q for q in record.quotes if any(words in span.text for span in q.content)]
    assert len(matches) == 1, words
    return matches[0]


def speaker_name(record: ArticleRecord, quote: Quote) -> str | None:
    entity = record.entity(quote.speaker)
    return entity.name if entity else None


def test_all_seventeen_quotations_with_their_speakers(example: ArticleRecord) -> None:
    assert len(example.quotes) == 17
    speakers = Counter(speaker_name(example, q) for q in example.quotes)
    assert speakers == {
        "Volodymyr Zelenskyy": 6, "Mark Rutte": 2, "David Lammy": 2, "Donald Trump": 3, "Downing Street": 4,
    }


def test_zelenskyy_quotations(example: ArticleRecord) -> None:
    headline = next(q for q in example.quotes if q.in_headline)
    assert speaker_name(example, headline) == "Volodymyr Zelenskyy"
    assert headline.source.text == "Zelesnkyy"
    strength = quote_containing(example, "not have the strength to regain")
    assert strength.kind == "mixed"
    interview = quote_containing(example, "We can only count on diplomatic pressure")
    assert interview.kind == "direct"
    assert interview.date == "2024-12-17"
    assert interview.medium == "interview"
    assert example.entity(interview.venue).name == "Le Parisien"
    surprised = quote_containing(example, "I am surprised")
    assert surprised.inherited_from == interview.id
    assert speaker_name(example, surprised) == "Volodymyr Zelenskyy"
    added = quote_containing(example, "We need a strong America")
    assert added.source.text == "He" and added.cue.text == "added:"
    assert speaker_name(example, added) == "Volodymyr Zelenskyy"
    assert speaker_name(example, quote_containing(example, "a very good opportunity")) == "Volodymyr Zelenskyy"


def test_trump_and_downing_street_through_descriptions_and_documents(example: ArticleRecord) -> None:
    incoming = quote_containing(example, "he wanted to end the conflict")
    assert incoming.source.text == "The incoming president"
    assert speaker_name(example, incoming) == "Donald Trump"
    time_interview = quote_containing(example, "he disagreed")
    assert example.entity(time_interview.venue).name == "Time magazine"
    insisted = quote_containing(example, "he would not abandon Kyiv")
    assert insisted.cue.text == "insisted"
    assert speaker_name(example, insisted) == "Donald Trump"
    statement = quote_containing(example, "agreed on their joint ambition")
    assert statement.medium == "statement"
    assert statement.date == "2024-12-18"
    added = quote_containing(example, "Turning to global conflicts")
    assert added.source.text == "the statement"
    assert speaker_name(example, added) == "Downing Street"
    middle_east = quote_containing(example, "On the Middle East")
    assert middle_east.inherited_from == added.id
    assert speaker_name(example, middle_east) == "Downing Street"
    call = quote_containing(example, "reiterated the need for allies to stand together with Ukraine\"")
    assert call.medium == "phone call"
    assert call.date == "2024-12-18"  # the call "on Wednesday"
    assert added.date == "2024-12-18" and middle_east.date == "2024-12-18"  # the statement of Wednesday


def test_lammy_answers_a_question(example: ArticleRecord) -> None:
    # "when asked about ..., Lammy said "...": the question is a circumstance, not the cue.
    answer = quote_containing(example, "Putin is not a man")
    assert answer.kind == "direct"
    assert answer.cue.text == "said" and answer.source.text == "Lammy"
    assert answer.content[0].text.startswith('"Putin')
    assert speaker_name(example, answer) == "David Lammy"


def test_he_added_continues_the_interview(example: ArticleRecord) -> None:
    added = quote_containing(example, "We need a strong America")
    assert added.medium == "interview" and added.date == "2024-12-17"
    assert example.entity(added.venue).name == "Le Parisien"


def test_scare_quote_is_nobody_s(example: ArticleRecord) -> None:
    assert not any(q.content[0].text == '"strongest possible position"' for q in example.quotes)


def test_entity_clusters_and_roles(example: ArticleRecord) -> None:
    zelenskyy = entity_named(example, "Volodymyr Zelenskyy")
    assert zelenskyy.type == "person"
    assert {"Zelesnkyy", "Zelenskyy"} <= set(zelenskyy.aliases)
    downing = entity_named(example, "Downing Street")
    assert "Number 10" in downing.aliases and downing.type == "organisation"
    trump = entity_named(example, "Donald Trump")
    assert "The incoming president" in {m.span.text for m in trump.mentions}
    assert trump.role == "President-elect"
    rutte = entity_named(example, "Mark Rutte")
    assert rutte.role == "Nato secretary general"
    starmer = entity_named(example, "Keir Starmer")
    assert "the Prime Minister" in {m.span.text for m in starmer.mentions}
    assert entity_named(example, "David Lammy").role == "Foreign Secretary"
    assert entity_named(example, "Kyiv").type == "place"
    assert entity_named(example, "Le Parisien").type == "outlet"


def test_promotion_is_boilerplate_and_yields_nothing(example: ArticleRecord) -> None:
    assert any(b.text.startswith("Have you heard The Trapped?") for b in example.boilerplate)
    names = {e.name for e in example.entities} | {a for e in example.entities for a in e.aliases}
    assert "Daniel Hewitt" not in names


def test_dates_resolved_against_publication(example: ArticleRecord) -> None:
    values = {(d.text, d.value) for d in example.dates}
    assert {("Tuesday", "2024-12-17"), ("Wednesday", "2024-12-18"), ("Thursday", "2024-12-19"),
            ("January", "2025-01")} <= values


def test_misspelt_name_is_flagged(example: ArticleRecord) -> None:
    spelling = [f for f in example.flags if f.type == "name_spelling"]
    assert len(spelling) == 1
    assert spelling[0].spans[0].text == "Zelesnkyy"


def test_byline_and_headline(example: ArticleRecord) -> None:
    assert example.headline.startswith("Zelesnkyy says Ukraine lacks")
    assert "Martha Fairlie" in (example.byline or "")


def test_offsets_are_sacred(example: ArticleRecord) -> None:
    text = example.text
    spans = [m.span for e in example.entities for m in e.mentions]
    for q in example.quotes + example.attributions:
        spans += [*q.content, *(s for s in (q.cue, q.source, q.venue_span) if s is not None)]
    spans += [*example.boilerplate, *(s for f in example.flags for s in f.spans)]
    for span in spans:
        assert text[span.start : span.end] == span.text
    for date in example.dates:
        assert text[date.start : date.end] == date.text


def test_json_round_trip(example: ArticleRecord) -> None:
    import json

    from newsgraph.record import record_from_dict

    data = json.loads(example.to_json())
    assert {"id", "text", "headline", "byline", "published", "boilerplate", "entities", "quotes", "dates",
            "flags"} <= set(data)
    assert record_from_dict(data).to_dict() == example.to_dict()
