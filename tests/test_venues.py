"""Venue, medium and date of a quotation, on small hand-written articles."""

from __future__ import annotations

from newsgraph.record import ArticleRecord, Quote

HEADLINE = "Minister speaks on budget\n\n"


def quote_containing(record: ArticleRecord, text: str) -> Quote:
    return next(q for q in record.quotes if any(text in c.text for c in q.content))


def test_date_of_the_occasion_inside_the_content(analyse) -> None:
    record = analyse(HEADLINE + 'The minister "promised more money for schools" in a phone call with the mayor '
                     "on Monday, her office said.", "2024-03-08")
    quote = quote_containing(record, "promised more money")
    assert quote.medium == "phone call"
    assert quote.date == "2024-03-04"


def test_added_continues_the_same_occasion(analyse) -> None:
    record = analyse(HEADLINE + 'In an interview with the BBC on Tuesday, Rachel Reeves said: "We will not raise '
                     'taxes on working people."\n\nShe added: "The figures are clear and they are final."',
                     "2024-03-08")
    added = quote_containing(record, "The figures are clear")
    assert added.medium == "interview" and added.date == "2024-03-05"


def test_added_by_another_speaker_does_not_share_the_occasion(analyse) -> None:
    record = analyse(HEADLINE + 'In an interview with the BBC on Tuesday, Rachel Reeves said: "We will not raise '
                     'taxes on working people."\n\nHer opponent Mel Stride added: "Nobody believes a word of it."',
                     "2024-03-08")
    other = quote_containing(record, "Nobody believes")
    assert other.medium is None and other.date is None


def test_the_statement_is_the_one_named_before(analyse) -> None:
    record = analyse(HEADLINE + 'A statement released by the Treasury on Wednesday said the plan "will cut waste '
                     'across every department".\n\n"It is the biggest reform in a generation," the statement added.',
                     "2024-03-08")
    added = quote_containing(record, "the biggest reform")
    assert added.medium == "statement" and added.date == "2024-03-06"


def test_a_question_is_not_the_cue(analyse) -> None:
    record = analyse(HEADLINE + 'When asked about the deficit, Reeves said "the numbers will speak for themselves."')
    quote = quote_containing(record, "the numbers will speak")
    assert quote.cue.text == "said" and quote.source.text == "Reeves"
    assert quote.kind == "direct"
