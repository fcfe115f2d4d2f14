"""A quotation's passages: the second passage after its cue, an interrupted sentence, a quotation
introduced by a colon or by the speaker's sentence before it (issue 24). Hand-written articles."""

from __future__ import annotations

import pytest

from .quote_lookup import quote_with, speaker

HEADLINE = "Council row over bridge\n\n"


def test_a_second_passage_opening_with_an_editorial_bracket_continues_the_first(analyse) -> None:
    record = analyse(HEADLINE + '"We lost the vote in the second round," Tom Baker said. '
                     '"[We] let the bridge fund slip away from the council."')
    assert speaker(record, quote_with(record, "[We] let the bridge fund")) == "Tom Baker"


@pytest.mark.parametrize("elision", ["[...]", "[…]", "(...)"])
def test_a_second_passage_opening_with_an_editors_elision_continues_the_first(analyse, elision: str) -> None:
    record = analyse(HEADLINE + f'"We lost the vote in the second round," Tom Baker said. "{elision} Rather, the '
                     'council let the bridge fund slip away."')
    assert speaker(record, quote_with(record, "Rather, the council let")) == "Tom Baker"


def test_a_sentence_interrupted_by_its_cue_goes_on_in_lower_case(analyse) -> None:
    record = analyse(HEADLINE + '"The bridge will open in May," Tom Baker said on Monday, '
                     '"and the tolls will be dropped by the summer."')
    quote = quote_with(record, "and the tolls will be dropped")
    assert [span.text for span in quote.content] == [
        '"The bridge will open in May,"', '"and the tolls will be dropped by the summer."']
    assert speaker(record, quote) == "Tom Baker"


def test_a_sentence_interrupted_by_its_cue_without_commas(analyse) -> None:
    record = analyse(HEADLINE + '"We stand ready" said Tom Baker "to help the council finish the bridge this year."')
    quote = quote_with(record, "to help the council finish")
    assert len(quote.content) == 2 and speaker(record, quote) == "Tom Baker"


def test_a_second_passage_after_a_clause_that_ends_the_first_ones_sentence(analyse) -> None:
    record = analyse(HEADLINE + 'Tom Baker wrote of the engineers, "They were the best team I have worked with", '
                     'recalling the first survey. "They never gave up on the bridge."')
    assert speaker(record, quote_with(record, "They never gave up")) == "Tom Baker"


def test_a_second_passage_is_not_the_first_speakers_when_someone_else_speaks_between(analyse) -> None:
    record = analyse(HEADLINE + '"They were the best team," Tom Baker said, as Jane Porter told reporters she '
                     'disagreed. "They never gave up on the bridge."')
    assert speaker(record, quote_with(record, "They never gave up")) is None


def test_the_source_after_the_cue_when_the_parse_leaves_the_cue_without_subject(analyse_rules) -> None:
    # The parser reads "tweeted" as an adjective of "Mayor".
    record = analyse_rules(HEADLINE + '"We will rebuild the bridge" tweeted Mayor of Leeds Tom Baker (no relation). '
                     '"The bravery of the crews is incredible."')
    quote = quote_with(record, "We will rebuild the bridge")
    assert quote.source is not None and quote.source.text == "Mayor of Leeds Tom Baker"
    assert quote_with(record, "The bravery of the crews") is quote and quote.speaker is not None


def test_a_colon_ends_the_speakers_clause_whatever_its_verb(analyse) -> None:
    record = analyse(HEADLINE + 'Tom Baker described the plan to the local paper in 2019: "It was the best idea '
                     'the council ever had."')
    quote = quote_with(record, "It was the best idea")
    assert quote.cue.text == "described" and speaker(record, quote) == "Tom Baker"
    record = analyse(HEADLINE + 'In her letter, Jane Porter remembered the volunteers: "Without you the bridge '
                     'would never have been built."')
    assert speaker(record, quote_with(record, "Without you the bridge")) == "Jane Porter"


def test_a_colon_after_a_relative_clause_gives_the_noun_it_describes(analyse) -> None:
    record = analyse(HEADLINE + 'Another was engineer Tom Baker, 54, who cited only his training: "I did what '
                     'anyone would do and tried to stop it."')
    assert speaker(record, quote_with(record, "I did what anyone would do")) == "Tom Baker"


def test_a_colon_after_a_clause_about_a_thing_names_no_source(analyse) -> None:
    record = analyse(HEADLINE + 'The rules are clear: "No vehicle over ten tonnes may cross the bridge."')
    assert quote_with(record, "No vehicle over ten tonnes").source is None


def test_a_quotation_after_its_speakers_sentence(analyse) -> None:
    record = analyse(HEADLINE + 'Jane Porter also criticised the decision on social media. "The council has '
                     'ignored every warning about the bridge."')
    quote = quote_with(record, "The council has ignored every warning")
    assert quote.inherited_from is not None and speaker(record, quote) == "Jane Porter"


def test_a_quotation_after_a_sentence_that_attributes_nothing_stays_unattributed(analyse) -> None:
    record = analyse(HEADLINE + 'Jane Porter criticised the decision. The council closed the bridge on Monday. '
                     '"Nobody told us anything about the closure."')
    assert speaker(record, quote_with(record, "Nobody told us anything")) is None


def test_a_colon_hands_over_to_a_quotation_whatever_its_first_word(analyse) -> None:
    record = analyse(HEADLINE + "Another was engineer Tom Baker, 54, who cited only his training: \"'one in, all in'. "
                     'I did what anyone would do and tried to stop it."')
    assert speaker(record, quote_with(record, "I did what anyone would do")) == "Tom Baker"


def test_the_cues_own_modifiers_may_stand_between_it_and_the_quotation(analyse) -> None:
    record = analyse(HEADLINE + 'Leeds University transport historian Jane Porter told the press in a separate '
                     'interview, "Drivers with a different accent have historically been accused of causing the '
                     'queues[.]"')
    assert speaker(record, quote_with(record, "Drivers with a different accent")) == "Jane Porter"


def test_a_quoted_fragment_inside_the_reporters_sentence_is_not_a_quotation(analyse) -> None:
    record = analyse(HEADLINE + 'The sentence was reduced because the pair had "accepted responsibility at an early '
                     'stage in the case" by pleading guilty.')
    assert record.quotes == []


def test_a_paragraph_opening_with_a_quoted_term_does_not_continue_a_quotation(analyse) -> None:
    record = analyse(HEADLINE + 'The mayor said: "The bridge will open in May."\n\n"Phase one" is what the council '
                     'calls the first stretch of the new bridge.')
    assert [q.content[0].text for q in record.quotes] == ['"The bridge will open in May."']


def test_one_or_two_quoted_words_do_not_make_a_stance_a_quotation(analyse) -> None:
    record = analyse(HEADLINE + 'The mayor praised the so-called "phase one" deal. Jane Porter criticised the plan as '
                     '"a disgrace to the whole city".')
    assert not [q for q in record.quotes if any("phase one" in span.text for span in q.content)]
    assert speaker(record, quote_with(record, "a disgrace to the whole city")) == "Jane Porter"


@pytest.mark.parametrize("clause", ["as the international inquiry continued", "while the inquiry went on"])
def test_a_time_clause_after_a_quoted_label_reports_nothing(analyse, clause: str) -> None:
    record = analyse(HEADLINE + "The owner was arrested in March, but the police, when announcing the arrest in "
                     f'May, identified him only as "Mr. K" {clause}. Some users pleaded guilty.')
    assert not [q for q in record.quotes if q.cue is not None and q.cue.text in ("continued", "went on")]
