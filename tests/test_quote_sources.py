"""Cues and sources as written (issue 24): the reporting verbs of news, the speaker's noun phrase
and nothing else, and attributions that are not what they seem. Hand-written articles."""

from __future__ import annotations

import pytest

from newsgraph.record import ArticleRecord, Quote

HEADLINE = "Council row over bridge\n\n"


def speaker(record: ArticleRecord, quote: Quote) -> str | None:
    entity = record.entity(quote.speaker)
    return entity.name if entity else None


def quote_with(record: ArticleRecord, words: str) -> Quote:
    """The quotation whose content holds `words`."""
    found = [q for q in record.quotes if any(words in span.text for span in q.content)]
    assert len(found) == 1, [[s.text for s in q.content] for q in record.quotes]
    return found[0]


@pytest.mark.parametrize("verb", ["observed", "elaborated", "commented"])
def test_verbs_that_report_a_statement(analyse, verb: str) -> None:
    record = analyse(HEADLINE + f'Engineer Tom Baker {verb}, "The bridge has never been inspected properly."')
    quote = quote_with(record, "The bridge has never been inspected")
    assert quote.cue.text.startswith(verb) and speaker(record, quote) == "Tom Baker"


def test_thanking_in_quoted_words_is_a_quotation(analyse) -> None:
    record = analyse(HEADLINE + 'The council leader, Jane Porter, thanked "the crews for their quick and brave work '
                     'on the bridge".')
    assert speaker(record, quote_with(record, "the crews for their quick")) == "Jane Porter"


def test_a_document_reads_what_it_says(analyse) -> None:
    record = analyse(HEADLINE + 'The order signed by the mayor read "No vehicle over ten tonnes may cross the bridge '
                     'until further notice."')
    quote = quote_with(record, "No vehicle over ten tonnes")
    assert quote.cue.text == "read" and quote.source.text.startswith("The order")


def test_a_person_reading_reports_nothing(analyse) -> None:
    record = analyse(HEADLINE + 'Tom Baker read the engineers\' report to the council. Jane Porter read "The Raven" '
                     'at the opening of the bridge.')
    assert not [q for q in record.quotes if q.cue and q.cue.text.startswith("read")]
