"""Quotation attribution, one behaviour per test, on small hand-written articles."""

from __future__ import annotations

import pytest

from newsgraph.pipeline.cues import cue_entry
from newsgraph.record import ArticleRecord, Quote

from .quote_lookup import speaker

HEADLINE = "Council row over bridge\n\n"


def only_quote(record: ArticleRecord) -> Quote:
    assert len(record.quotes) == 1, [q.content for q in record.quotes]
    return record.quotes[0]


def test_direct_quote_after_cue_with_colon(analyse) -> None:
    record = analyse(HEADLINE + 'Mayor Anne Hidalgo said: "The bridge will open in May."')
    quote = only_quote(record)
    assert quote.kind == "direct"
    assert quote.content[0].text == '"The bridge will open in May."'
    assert quote.cue.text == "said:"
    assert quote.source.text == "Mayor Anne Hidalgo"
    assert speaker(record, quote) == "Anne Hidalgo"


def test_direct_quote_before_cue_inverted_speaker(analyse) -> None:
    record = analyse(HEADLINE + '"We are not giving up on this project," said Tom Baker, the council leader.')
    quote = only_quote(record)
    assert quote.content[0].text == '"We are not giving up on this project,"'
    assert quote.cue.text == "said"
    assert speaker(record, quote) == "Tom Baker"


def test_description_source_resolves_to_the_name_in_apposition(analyse) -> None:
    # The parse makes "minister" the source's head and the name its appositive.
    record = analyse('Bridge row\n\n"We will keep talking until we have a deal," the French foreign minister, '
                     'Anne Martin, told reporters after the meeting.')
    quote = only_quote(record)
    assert quote.source.text.startswith("the French foreign minister")
    assert speaker(record, quote) == "Anne Martin"


def test_source_between_quotation_and_cue_read_when_the_parse_misses_it(analyse) -> None:
    # The parser hangs "chief" from the quotation's verb and leaves "told" without a subject.
    record = analyse('Bridge row\n\n"We will keep talking until we have a deal," the city\'s transport chief, '
                     'Maria Lopez, told reporters.')
    quote = only_quote(record)
    assert quote.source.text == "the city's transport chief, Maria Lopez,"
    assert quote.cue.text == "told"
    assert speaker(record, quote) == "Maria Lopez"


def test_a_closed_quotation_is_not_the_content_of_the_next_sentences_own_object(analyse) -> None:
    # From a Wikinews article, other names: "described" has its own object, so the quotation that
    # ends the sentence before it is not its content.
    record = analyse('Bridge row\n\nDuring the speech Smith claimed, "Jones\'s plan is not a solution to the virus, '
                     'but rather it is a surrender to the virus."  Political commentators such as Anne Martin and '
                     'Maria Lopez described the speech as "flat" and lacking energy.')
    claim = next(q for q in record.quotes if q.content[0].text.startswith('"Jones'))
    assert len(claim.content) == 1 and claim.cue.text == "claimed"
    assert all(not q.content[0].text.startswith('"Jones') for q in record.quotes if q is not claim)


def test_a_closed_quotation_still_goes_to_the_teller_after_it(analyse) -> None:
    record = analyse(HEADLINE + '"We will win the vote in the spring." Tom Baker told reporters on Monday.')
    assert speaker(record, only_quote(record)) == "Tom Baker"


def test_a_closed_quotation_is_not_given_to_the_next_sentences_teller_of_his_own(analyse) -> None:
    # Each lawyer's quotation stands right after the verb that introduces it; the first is not the
    # content of the second speaker's cue, which reports the quotation after it.
    record = analyse(HEADLINE + 'Tom Baker, a lawyer for the family, told the Herald after the hearing "My client '
                     'is relieved. She is glad it is over." Anne Martin, another lawyer, told reporters "The court '
                     'has found that she did not lie. She is not a liar."')
    relieved = next(q for q in record.quotes if "relieved" in q.content[0].text)
    court = next(q for q in record.quotes if "The court" in q.content[0].text)
    assert relieved is not court
    assert speaker(record, relieved) == "Tom Baker" and speaker(record, court) == "Anne Martin"
    assert [span.text for span in relieved.content] == ['"My client is relieved. She is glad it is over."']


def test_indirect_speech_includes_that(analyse) -> None:
    record = analyse(HEADLINE + "Tom Baker said that the council would appeal against the ruling.")
    quote = only_quote(record)
    assert quote.kind == "indirect"
    assert quote.content[0].text == "that the council would appeal against the ruling"
    assert quote.cue.text == "said"


def test_mixed_quote_content_is_the_whole_clause(analyse) -> None:
    record = analyse(HEADLINE + 'Tom Baker said the decision was "a disgrace to local democracy".')
    quote = only_quote(record)
    assert quote.kind == "mixed"
    assert quote.content[0].text == 'the decision was "a disgrace to local democracy"'


def test_according_to(analyse) -> None:
    record = analyse(HEADLINE + "The bridge will cost £40m, according to Tom Baker.")
    quote = only_quote(record)
    assert quote.cue.text == "according to"
    assert quote.source.text == "Tom Baker"
    assert quote.content[0].text == "The bridge will cost £40m"


def test_interrupting_cue_gives_two_content_spans(analyse) -> None:
    record = analyse(HEADLINE + "The bridge, Tom Baker said, will be finished next year.")
    quote = only_quote(record)
    assert [s.text for s in quote.content] == ["The bridge", "will be finished next year"]


@pytest.mark.parametrize("sentence, content", [
    ("The council has come up with a plan, Tom Baker said, for how the bridge can stay open.",
     "The council has come up with a plan"),
    ("The firm was a giant, Jane Porter said, until it went bankrupt in 1999.", "The firm was a giant"),
])
def test_a_cue_set_off_by_its_own_comma_reports_what_precedes_it(analyse_rules, sentence: str, content: str) -> None:
    # The parser gives the cue the comma before it: that comma sets it off all the same.
    record = analyse_rules(HEADLINE + sentence)
    quote = only_quote(record)
    assert quote.content[0].text == content and quote.cue.text == "said"


def test_quote_split_around_its_cue(analyse) -> None:
    record = analyse(HEADLINE + '"It is a scandal," said Tom Baker. "Nobody asked the residents."')
    quote = only_quote(record)
    assert [s.text for s in quote.content] == ['"It is a scandal,"', '"Nobody asked the residents."']


def test_multi_paragraph_quotation_and_follow_on_inherits_speaker(analyse) -> None:
    text = HEADLINE + (
        'Jane Porter, who chairs the residents\' group, said: "We were never consulted.\n'
        '"Nobody from the council came to a single meeting, not one."\n'
        "The council declined to comment."
    )
    record = analyse(text)
    assert len(record.quotes) == 2
    first, second = record.quotes
    assert first.content[0].text == '"We were never consulted.'
    assert second.inherited_from == first.id
    assert second.source is None and second.cue is None
    assert speaker(record, first) == speaker(record, second) == "Jane Porter"


def test_pronoun_speaker_resolved_by_gender_and_salience(analyse) -> None:
    text = HEADLINE + (
        "Jane Porter met Tom Baker on Monday. Porter said the meeting had gone well.\n"
        'She added: "We will meet again next week."'
    )
    record = analyse(text)
    added = next(q for q in record.quotes if q.cue and q.cue.text == "added:")
    assert added.source.text == "She"
    assert speaker(record, added) == "Jane Porter"


def test_pronoun_with_no_compatible_antecedent_stays_unresolved(analyse) -> None:
    record = analyse(HEADLINE + 'The council met on Monday.\nShe said: "It went well."')
    quote = only_quote(record)
    assert quote.source.text == "She"
    assert quote.speaker is None


def test_statement_resolves_to_its_issuer(analyse) -> None:
    text = HEADLINE + (
        'A statement released by the Home Office said the policy "remains under review".\n'
        '"We will set out next steps in due course," the statement added.'
    )
    record = analyse(text)
    assert [speaker(record, q) for q in record.quotes] == ["Home Office", "Home Office"]
    assert record.quotes[1].source.text == "the statement"


def test_description_resolves_to_office_holder(analyse) -> None:
    text = HEADLINE + (
        "Prime Minister Keir Starmer visited the site on Monday.\n"
        "The Prime Minister said the bridge was a national priority."
    )
    record = analyse(text)
    quote = only_quote(record)
    assert speaker(record, quote) == "Keir Starmer"


def test_scare_quote_is_not_a_quotation(analyse) -> None:
    record = analyse(HEADLINE + 'The council wants the bridge in the "best possible condition" by May.')
    assert record.quotes == []


def test_long_unattributed_quote_is_kept_with_no_speaker_and_flagged(analyse) -> None:
    record = analyse(HEADLINE + 'Residents are angry.\n"We have waited ten years for a bridge that never comes."')
    quote = only_quote(record)
    assert quote.speaker is None and quote.source is None
    assert any(f.type == "unattributed_quote" for f in record.flags)


@pytest.mark.parametrize(
    ("opening", "closing"),
    [('"', '"'), ("“", "”"), ("“", '"'), ('"', "”"), ("''", "''"), ("“", "’’"), ("‘‘", "’’")],
)
def test_straight_curly_and_mismatched_marks(analyse, opening: str, closing: str) -> None:
    record = analyse(HEADLINE + f"{opening}The bridge is safe,{closing} Tom Baker said.")
    quote = only_quote(record)
    assert quote.content[0].text == f"{opening}The bridge is safe,{closing}"
    assert speaker(record, quote) == "Tom Baker"


def test_headline_attribution(analyse) -> None:
    record = analyse("Baker says bridge will open in May\n\nTom Baker, the council leader, spoke on Monday.")
    headline_quotes = [q for q in record.quotes if q.in_headline]
    assert len(headline_quotes) == 1
    assert headline_quotes[0].content[0].text == "bridge will open in May"
    assert speaker(record, headline_quotes[0]) == "Tom Baker"


def test_nested_attribution_belongs_to_the_outer_speaker(analyse) -> None:
    record = analyse(HEADLINE + "Tom Baker said that the engineers believed the bridge was safe.")
    quote = only_quote(record)
    assert speaker(record, quote) == "Tom Baker"
    assert record.attributions == []


def test_beliefs_and_stances_are_attributions_not_quotations(analyse) -> None:
    record = analyse(HEADLINE + "Tom Baker criticised the decision. Jane Porter believes the bridge is unsafe.")
    assert record.quotes == []
    assert {a.cue.text for a in record.attributions} == {"criticised", "believes"}


def test_every_span_matches_the_text(analyse) -> None:
    record = analyse(HEADLINE + '"It is a scandal," said Tom Baker. He added that "nobody" was consulted.')
    for quote in record.quotes + record.attributions:
        for span in [*quote.content, quote.cue, quote.source]:
            if span is not None:
                assert record.text[span.start : span.end] == span.text


def test_transcript_turns_are_attributed_to_their_speaker_labels(analyse) -> None:
    # Each turn opens with a quotation mark that never closes (one quoted block), and a turn can
    # hold an attribution of its own ("as the paper wrote").
    record = analyse('Governor on the debate\n\nThe governor spoke on Sunday. Partial transcript as follows:\n\n'
                     '"HOST: Let us start with the debate story. After the mayor announced that she was inviting '
                     'a critic, the governor invited a rival. Will she be there?\n\n'
                     '"MORGAN: Well, look, this is serious business, as the paper wrote last week. And the people '
                     'have an important choice to make —.\n\n'
                     '"HOST: If I may, sir, we have limited time. Will she be at the debate?')
    turns = [q for q in record.quotes + record.attributions if q.rule == "format:line"]
    assert [(q.source.text, q.cue.text) for q in turns] == [("HOST", ":"), ("MORGAN", ":"), ("HOST", ":")]
    assert turns[0].content[0].text.endswith("Will she be there?")
    assert turns[1].content[0].text.startswith("Well, look") and turns[1].content[0].text.endswith("—.")


INTERVIEW = ("Biologist studies river otters\n\nProfessor Maria Lopez of Example University led the study. "
             "Our reporter interviewed Lopez about it.\n\n"
             "((WN)) How did the study start?\n\n"
             "ML It started in 2010, when the river was cleaned up and the otters came back.\n\n"
             "((WN)) What surprised you?\n\n"
             "ML: How quickly the young otters learned to fish in the new weirs.")


def test_interview_turns_labelled_with_initials_are_their_speakers_quotations(analyse) -> None:
    record = analyse(INTERVIEW)
    turns = [q for q in record.quotes + record.attributions if q.rule == "format:interview"]
    assert [(q.source.text, q.cue.text if q.cue else None) for q in turns] == [("ML", None), ("ML", ":")]
    assert turns[0].content[0].text.startswith("It started in 2010") and turns[1].content[0].text.endswith("weirs.")
    lopez = record.entity(turns[0].speaker)
    assert lopez is not None and lopez.name == "Maria Lopez" and turns[1].speaker == lopez.id


def test_interview_turns_headed_by_a_bracketed_name_are_that_persons(analyse) -> None:
    record = analyse(INTERVIEW.replace("ML It", "((Maria Lopez))  It").replace("ML: How", "((Maria Lopez))  How"))
    turns = [q for q in record.quotes + record.attributions if q.rule == "format:interview"]
    assert [q.source.text for q in turns] == ["Maria Lopez", "Maria Lopez"]  # the ((WN)) questions are not turns
    assert {record.entity(q.speaker).name for q in turns} == {"Maria Lopez"}
    assert turns[0].content[0].text.startswith("It started in 2010")


@pytest.mark.parametrize("label", ["((Maria Lopez))", "ML"])
def test_what_an_interviewee_reports_inside_a_turn_is_the_turns_own(analyse, label: str) -> None:
    # A turn is the interviewee's words, however they go on: "I would say ...", "you say ...", "the
    # council said ..." inside it are not quotations of their own (an "I" or "they" there would
    # otherwise be resolved against the article as if the reporter had written it).
    text = INTERVIEW.replace("ML It started in 2010", f"{label}  It started in 2010. I would say the river was "
                             "the key, and the council said the weirs were safe. When you ask me why, I say patience")
    record = analyse(text)
    assert not [q for q in record.quotes if q.source is not None and q.source.text in ("I", "the council", "you")]
    [turn, _] = [q for q in record.quotes if q.rule == "format:interview"]
    assert turn.content[0].text.startswith("It started in 2010")
    assert turn.content[0].text.endswith("the otters came back.")


@pytest.mark.parametrize("label", ["((Maria Lopez))", "MARIA LOPEZ:"])
def test_a_turn_opening_with_a_report_of_its_own_is_still_the_turn(analyse, label: str) -> None:
    # The parser's sentence starts at the label, so "as I said" took "((Maria Lopez))  Well," as
    # the first part of its content and the turn was lost, its "I" left without a speaker.
    text = INTERVIEW.replace("ML It started in 2010", f"{label}  Well, as I said before, it started in 2010")
    if label.endswith(":"):
        text = text.replace("ML: How", "MARIA LOPEZ: How")
    record = analyse(text)
    turns = [q for q in record.quotes if q.rule.startswith("format:")]
    assert len(turns) == 2 and turns[0].content[0].text.startswith("Well, as I said before, it started")
    assert {speaker(record, q) for q in turns} == {"Maria Lopez"}
    assert not [q for q in record.quotes if q.source is not None and q.source.text == "I"]


@pytest.mark.parametrize(("question", "answer"), [("((WN))", "((Maria Lopez))  "), ("Q:", "MARIA LOPEZ: ")])
def test_what_the_interviewer_asks_is_nobodys_quotation(analyse, question: str, answer: str) -> None:
    # "So you are saying ..." reports the interviewee only as the interviewer puts it; the answer
    # turns are theirs.
    text = (INTERVIEW.replace("((WN)) What surprised you?", "((WN)) So you are saying the otters learned to fish "
                              "in the weirs? And you told the council they were safe?")
            .replace("((WN))", question).replace("ML It", answer + "It").replace("ML: How", answer + "How"))
    record = analyse(text)
    assert [speaker(record, q) for q in record.quotes] == ["Maria Lopez", "Maria Lopez"]
    assert not [a for a in record.attributions if a.source is not None and a.source.text.lower() == "you"]


def test_the_interviewers_questions_are_no_quotations_without_turns_either(analyse) -> None:
    # The answers follow as plain paragraphs: no turn is found, the questions are still the interviewer's.
    record = analyse("Candidate answers questions\n\nOur reporter sent questions to Maria Lopez.\n\n((WN)) On your "
                     "website you state that the troops will come home. Can you clarify what you mean by an orderly "
                     "withdrawal?\n\nThe troops would come home within a year.\n\n((WN)) What led you to run?\n\n"
                     "The voters did.")
    assert not [q for q in record.quotes + record.attributions if q.source is not None and q.source.text == "you"]


@pytest.mark.parametrize("question", [
    '((WN)) In 2017, the biologist Tom Baker wrote, "Otters will never return to this river." Was he wrong?',
    '((WN)) Are you aware the biologist Tom Baker said otters would never return to this river?',
])
def test_what_the_interviewer_reports_of_others_stays_a_quotation(analyse, question: str) -> None:
    text = INTERVIEW.replace("((WN)) What surprised you?", question)
    record = analyse(text.replace("ML It", "((Maria Lopez))  It").replace("ML: How", "((Maria Lopez))  How"))
    assert [speaker(record, q) for q in record.quotes] == ["Maria Lopez", "Tom Baker", "Maria Lopez"]


def test_a_question_about_a_report_is_not_one(analyse) -> None:
    text = INTERVIEW.replace("((WN)) What surprised you?", "((WN)) Did the council ever warn you about the weirs?")
    record = analyse(text.replace("ML It", "((Maria Lopez))  It").replace("ML: How", "((Maria Lopez))  How"))
    assert not [a for a in record.quotes + record.attributions if a.source is not None and "council" in a.source.text]


def test_the_name_heading_interview_turns_is_a_person(analyse) -> None:
    # The tagger reads this name as a place; the turns it heads say a person speaks.
    name = "Eero Pakarinen"
    record = analyse(f"Developer talks about sandbox game\n\nRecently, Finnish open-source video game developer {name} "
                     "discussed Blockland, his longest project, with our reporter.\n\nCan you introduce yourself?\n\n"
                     f"(({name}))  Hi. I write games in my spare time.\n\n((WN)) Why games?\n\n"
                     f"(({name}))  Because they are fun to make.")
    turns = [q for q in record.quotes if q.rule == "format:interview"]
    assert len(turns) == 2 and {speaker(record, q) for q in turns} == {name}
    assert record.entity(turns[0].speaker).type == "person"


def test_questions_headed_by_the_publications_name_are_not_quotations(analyse) -> None:
    record = analyse(INTERVIEW.replace("((WN))", "((Wikinews))").replace("ML It", "((Maria Lopez))  It")
                     .replace("ML: How", "((Maria Lopez))  How"))
    turns = [q for q in record.quotes + record.attributions if q.rule == "format:interview"]
    assert [q.source.text for q in turns] == ["Maria Lopez", "Maria Lopez"]
    assert all(e.type != "person" for e in record.entities if e.name == "Wikinews")


def test_initials_that_are_nobodys_read_as_text(analyse) -> None:
    record = analyse(INTERVIEW.replace("Maria Lopez", "Maria Garcia").replace("Lopez about", "Garcia about"))
    assert not [q for q in record.quotes + record.attributions if q.rule == "format:interview"]
    record = analyse(HEADLINE + "US officials met on Monday in Geneva.\n\nUS envoys also met Tom Baker there.")
    assert not [q for q in record.quotes + record.attributions if q.rule.startswith("format:")]


@pytest.mark.parametrize("paragraph", [
    "WASHINGTON -- Senator Jane Smith said on Monday that the bill would pass.",
    "FLINT, Mich., Oct. 4 (UPI) — Senator Jane Smith said the water was safe.",
])
def test_a_dateline_is_not_part_of_the_source(analyse, paragraph: str) -> None:
    record = analyse(HEADLINE + paragraph)
    assert only_quote(record).source.text == "Senator Jane Smith"


def test_a_participle_between_commas_is_not_part_of_the_source(analyse) -> None:
    record = analyse(HEADLINE + "Tom Baker, speaking to a veterans group in Leeds, said the system was broken.")
    assert only_quote(record).source.text == "Tom Baker"


def test_a_fronted_poll_is_the_source_of_its_finding(analyse) -> None:
    record = analyse(HEADLINE + "In a Daily Example poll released Monday, 50 percent of respondents backed the bridge "
                     "while 40 percent opposed it.")
    [found] = [q for q in record.quotes + record.attributions if q.cue and q.cue.text == "In"]
    assert found.source.text == "a Daily Example poll released Monday"
    assert found.content[0].text == "50 percent of respondents backed the bridge while 40 percent opposed it"


def test_a_poll_mentioned_mid_sentence_is_not_a_source(analyse) -> None:
    record = analyse(HEADLINE + "The mayor has a decisive lead in the polls ahead of the vote in April.")
    assert not [q for q in record.quotes + record.attributions if q.cue and q.cue.text == "in"]


@pytest.mark.parametrize("verb, lemma, cls", [("pointed out", "point out", "speech"),
                                              ("said", "say", "speech")])
def test_a_phrasal_cue_is_read_with_its_particle(engine, verb: str, lemma: str, cls: str) -> None:
    doc = engine.nlp(f"The mayor {verb} that the bridge was closed.")
    [token] = [t for t in doc if t.text == verb.split()[0]]
    entry = cue_entry(token)
    assert entry is not None and (entry.lemma, entry.cls) == (lemma, cls)


def test_lets_say_supposes_and_reports_nothing(analyse) -> None:
    record = analyse(HEADLINE + "The professor explained the rule. \"Let's say I bought it on a DVD,\" "
                     "she said. Let's say the council closes the bridge in May.")
    assert all(q.source is None or q.source.text not in ("'s", "’s") for q in record.quotes + record.attributions)


def test_only_transcript_lines_have_speaker_labels_that_initials_resolve() -> None:
    from newsgraph.pipeline.transcripts import is_transcript_rule

    assert is_transcript_rule("format:line") and is_transcript_rule("format:interview")
    assert not is_transcript_rule("format:question")  # the interviewer's lines make no quotations
    assert not is_transcript_rule("format:headline") and not is_transcript_rule("clause:speech")


def test_a_turn_goes_on_over_its_paragraphs_until_the_next_line_of_the_transcript(analyse) -> None:
    text = INTERVIEW.replace("came back.\n\n", "came back.\n\nThe first pair raised three cubs.\n\n")
    record = analyse(text + "\n\nOur reporter thanked her for her time.")
    turns = [q for q in record.quotes + record.attributions if q.rule == "format:interview"]
    assert [span.text for span in turns[0].content] == [
        "It started in 2010, when the river was cleaned up and the otters came back.",
        "The first pair raised three cubs."]
    assert len(turns[1].content) == 1  # the last turn: what follows may be the article going on
    record = analyse('Governor on the debate\n\n"HOST: Will she be there?\n\n"MORGAN: Well, look, this is '
                     'serious business.\n\n"And the people have a choice to make —.\n\n"(CROSSTALK.)\n\n'
                     '"HOST: If I may, sir, we have limited time.\n\n"MORGAN: She will not.')
    turns = [q for q in record.quotes + record.attributions if q.rule == "format:line"]
    assert [[span.text for span in q.content] for q in turns] == [
        ["Will she be there?"], ["Well, look, this is serious business.", "And the people have a choice to make —."],
        ["If I may, sir, we have limited time."], ["She will not."]]  # without the block's opening marks


def test_the_byline_is_credited_with_the_article_not_with_a_statement(engine) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.pipeline.candidates import Candidate
    from newsgraph.pipeline.quotes import _credits_the_article
    from newsgraph.record import ArticleDraft

    text = ("Harbour bridge to shut\n\nIt looks ever more likely that the harbour bridge will shut for a year, "
            "as Coast Radio's Dana Whitfield reports\n\nThe council said on Monday that repairs would start in May.")
    record = engine.analyze_draft(ArticleDraft(id="b", text=text))
    assert record.layout.byline is not None and record.layout.byline.text == "Coast Radio's Dana Whitfield"
    at = text.index

    def candidate(source: str, cue: str, content: str) -> Candidate:
        return Candidate(content=[(at(content), at(content) + len(content))], cue=(at(cue), at(cue) + len(cue)),
                         source=(at(source), at(source) + len(source)), rule="verb", score=0.9)

    assert _credits_the_article(record, candidate("Coast Radio's Dana Whitfield", "reports", "It looks ever more"))
    assert not _credits_the_article(record, candidate("The council", "said", "repairs would start in May"))
    assert all(q.source is None or q.source.text != "Coast Radio's Dana Whitfield" for q in record.quotes)
