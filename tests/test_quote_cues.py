"""Direct quotations whose cue the lexicon or the tagger missed (who said what outside the gold, round 5):
short hand-written articles, names invented where the parse reproduces with them."""

from __future__ import annotations

import pytest

from .quote_lookup import quote_with, speaker

HEADLINE = "Storm nears coast\n\n"


@pytest.mark.parametrize(("text", "words", "who"), [
    # the tagger reads the title "coach" as a verb between the quotation and its cue (the corpus's
    # sentence: invented names parse otherwise)
    ('On Saturday, Riverside defeated Hillcrest.\n\n"I am pretty happy with that", Caloundra coach Geoff Ingram '
     'said.', "pretty happy", "Geoff Ingram"),
    # speech verbs of news in general the lexicon lacked
    ('Co-developer Jing Wang recounted, "When we put that coating on a toilet, it just slides down."',
     "it just slides down", "Jing Wang"),
    ('Actor Brendan Fraser came straight from filming. He quipped "I still have dust in my shoes."',
     "dust in my shoes", "Brendan Fraser"),
    # "am" after a time is no verb between a cue and its quotation
    ('Mayor Tom Baker took to social media, posting at 12:54 am on Twitter, "Tonight, my wife and I tested '
     'positive."', "tested positive", "Tom Baker"),
    # a quotation after a sentence whose report is in a clause on its main verb is that reporter's
    ("Actor Tom Baker broke news when he revealed that a reboot is being considered.  \"Jerry and I are "
     "talking to NBC at the moment.\"", "talking to NBC", "Tom Baker"),
    # a cue and a colon ending the paragraph before the quotation's
    ('In comments at Ballot Access News, party chairman Tom Baker writes:\n"It is a long shot, but our ticket may '
     'draw enough votes."\nThink about it.', "a long shot", "Tom Baker"),
    ('The mayor, Tom Baker, said:\n\n"We will rebuild the bridge."\n\nThe work starts in May.', "rebuild the bridge",
     "Tom Baker"),
])
def test_a_quotation_beside_a_cue_the_rules_missed_is_its_speakers(analyse, text: str, words: str, who: str) -> None:
    record = analyse(HEADLINE + text)
    assert speaker(record, quote_with(record, words)) == who


@pytest.mark.parametrize(("text", "words", "source"), [
    ('The event description read, "We will all meet up at the visitor centre."', "meet up", "The event description"),
    ('"Storm Lorenzo will produce significant swell", read the warning. The warnings called for gale force winds.',
     "significant swell", "the warning"),
])
def test_a_document_reads_out_its_quotation(analyse, text: str, words: str, source: str) -> None:
    record = analyse(HEADLINE + text)
    quote = quote_with(record, words)
    assert quote.source is not None and quote.source.text == source and quote.cue.text == "read"


def test_it_reading_out_a_quotation_is_the_document_met_last(analyse) -> None:
    # (an invented federation's name is no entity to the tagger)
    record = analyse(HEADLINE + 'The Georgian Tennis Federation released a statement. It read, "First of all, we '
                     'condemn any form of violence."')
    assert speaker(record, quote_with(record, "condemn any form")) == "Georgian Tennis Federation"


def test_pleading_guilty_reports_nothing(analyse) -> None:
    record = analyse("Toronto man Tom Baker pleads guilty to eight charges\n\nTom Baker pleaded guilty on Tuesday.")
    assert not record.quotes
