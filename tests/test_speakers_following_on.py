"""Who said what when the article goes on about someone without naming them again: a writer's
variation on a name ("the Vermont senator"), pronouns that follow pronouns, a surname two people
share. Hand-written articles with invented names; each case was seen in US political news."""

from __future__ import annotations

import pytest

from .quote_lookup import speaker_of

HEADLINE = "Race tightens in the state\n\n"


@pytest.mark.parametrize("description", ["The Nebraska senator", "The billionaire businessman",
                                         "The former secretary of state", "The Democratic nominee"])
def test_a_description_no_one_fits_is_the_person_the_sentence_follows_on_from(analyse, description: str) -> None:
    record = analyse(HEADLINE + "Mark Delgado spoke to voters in Omaha on Monday. " + description
                     + " said the campaign had raised more money than expected.")
    assert speaker_of(record, "the campaign had raised more money") == "Mark Delgado"


def test_a_description_of_the_other_gender_does_not_follow_on(analyse) -> None:
    record = analyse(HEADLINE + "Maria Delgado spoke to voters in Omaha on Monday. The businessman said the "
                     "campaign had raised more money than expected.")
    assert speaker_of(record, "the campaign had raised more money") is None


def test_a_pronoun_after_the_description_follows_it_too(analyse) -> None:
    record = analyse(HEADLINE + "Walter Brennan says he has big plans for the final month. The Republican "
                     "nominee noted on Friday that his campaign had not spent much on advertising. He said, "
                     '"We have some big plans."')
    assert speaker_of(record, "his campaign had not spent much") == "Walter Brennan"
    assert speaker_of(record, "We have some big plans") == "Walter Brennan"


def test_a_description_after_a_sentence_whose_subject_is_someone_unnamed_is_no_one(analyse) -> None:
    record = analyse(HEADLINE + "The vice presidential nominee was speaking in Fort Wayne, hours after Walter "
                     "Brennan posted a flurry of messages. The Indiana governor said the media were to blame.")
    assert speaker_of(record, "the media were to blame") is None


def test_a_description_in_the_same_sentence_as_a_name_is_someone_else(analyse) -> None:
    record = analyse(HEADLINE + "In June, Senator Paul Whitaker called on Republicans to abandon Walter Brennan "
                     "after the billionaire businessman claimed that the judge was biased.")
    assert speaker_of(record, "the judge was biased") != "Paul Whitaker"


def test_a_description_someone_else_fits_or_contradicts_is_not_the_topic(analyse) -> None:
    record = analyse(HEADLINE + "Civil Aviation Minister Ravi Malhotra said 18 people died. Malhotra also stated "
                     'that both flight recorders had been found. The local health minister said, "The injured '
                     'are stable."')
    assert speaker_of(record, "The injured are stable") is None


@pytest.mark.parametrize("description", ["The judge", "The vice president"])
def test_offices_mostly_held_by_someone_else_do_not_follow_on(analyse, description: str) -> None:
    record = analyse(HEADLINE + "A county judge rejected the request on Monday. Walter Brennan argued that "
                     "the files were private. " + description + " said there was no reason to intrude.")
    assert speaker_of(record, "there was no reason to intrude") is None


def test_she_is_the_she_before_her_however_many_sentences_back(analyse) -> None:
    record = analyse(HEADLINE + "Four years ago, Taavi Sutton lost the race.\n\nOn Monday night, Helen Marsh went "
                     "on the attack, painting Walter Brennan as a Sutton "
                     "caricature. She started off with economic fairness. She then peppered him "
                     'with attacks on his record. "Why won\'t he release his tax returns?" she said.')
    assert speaker_of(record, "Why won't he release") == "Helen Marsh"


def test_a_surname_two_people_share_is_the_one_just_named(analyse) -> None:
    other_news = "".join(f"Stall {n} at the county fair sold apples, pears and plums all afternoon.\n\n"
                         for n in range(1, 40))
    record = analyse(HEADLINE + "Libertarian candidate Gary Holloway spoke in Ohio on Monday. Gary Holloway "
                     "said he was happy with the polls.\n\n" + other_news
                     + "Homeland Security Secretary Jed Holloway says hackers are targeting state officials. "
                     "Holloway told reporters that the case was under investigation.")
    assert speaker_of(record, "the case was under investigation") == "Jed Holloway"


@pytest.mark.parametrize(("sentence", "name", "role"), [
    ("Libertarian presidential candidate Gary Holloway spoke on Monday.", "Gary Holloway",
     "Libertarian presidential candidate"),
    ("Democratic vice presidential nominee Tim Kowalski said he was glad.", "Tim Kowalski",
     "Democratic vice presidential nominee"),
])
def test_a_party_and_vice_stay_in_the_role(analyse, sentence: str, name: str, role: str) -> None:
    record = analyse(HEADLINE + sentence)
    assert role in next(entity.roles for entity in record.entities if entity.name == name)


def test_a_description_speaking_of_the_person_before_is_not_that_person(analyse) -> None:
    record = analyse(HEADLINE + "Walter Brennan tells audiences she may be prosecuted. \"It doesn't make me "
                     "nervous,\" the cautious candidate said of running against Walter Brennan.")
    assert speaker_of(record, "It doesn't make me nervous") != "Walter Brennan"


def test_a_description_the_article_used_before_as_a_subject_still_follows_on(analyse) -> None:
    record = analyse(HEADLINE + "Rivals say the freshman senator lacks experience. Mark Delgado spoke to voters "
                     "in Omaha on Monday. The Nebraska senator said the campaign had raised more money than "
                     "expected.")
    assert speaker_of(record, "the campaign had raised more money") == "Mark Delgado"


@pytest.mark.parametrize("description", ["The Nebraska Republican", "The Republican incumbent",
                                         "The GOP front-runner"])
def test_a_party_member_or_a_place_in_the_race_is_a_variation_on_a_name(analyse, description: str) -> None:
    record = analyse(HEADLINE + f"House Speaker Mark Delgado says the bill will pass. {description} says in a "
                     "statement that the vote will be close.")
    assert speaker_of(record, "the vote will be close") == "Mark Delgado"


@pytest.mark.parametrize(("text", "words", "not_them"), [
    # not someone named only after the writer first used the noun for someone else
    ("Walter Brennan and his supporters talk about the candidate's plan in new radio ads. Brennan called on "
     "Mayor Tom Okafor to restart the patrols. Okafor ended the patrols in 2014. \"There is a danger coming from "
     "the border,\" the Republican presidential candidate said on Thursday.", "There is a danger coming",
     "Tom Okafor"),
    # not the one office holder named before, once the story has moved on to someone else (were "Sen." read
    # as "the senator", it would be Whitfield's: tried in round 8, more wrong speakers than right)
    ("Sen. Dana Whitfield kept her lead in the polls on Monday. Whitfield said the race was far from over.\n\n"
     "Tom Baker faltered in the debate. Baker sought to stoke positive energy at his headquarters. Walking into "
     "the office, the senator said his campaign was closing strong.", "his campaign was closing strong",
     "Dana Whitfield"),
])
def test_a_description_is_not_someone_the_story_left(analyse, text: str, words: str, not_them: str) -> None:
    assert speaker_of(analyse(HEADLINE + text), words) != not_them


def test_an_earlier_possessive_use_of_the_noun_does_not_block_the_description(analyse) -> None:
    record = analyse("Brennan courts the tech world\n\nWalter Brennan needs backers in the tech industry. Jon "
                     "Pelt, who was revealed last week as a backer of a lawsuit, is the candidate's first, and so "
                     "far only, prominent enlistee there. Walter Brennan has no opposition in the primary on June "
                     "7.\n\n\"I have great respect for the people of the valley,\" the candidate said in an email.")
    assert speaker_of(record, "I have great respect") == "Walter Brennan"


@pytest.mark.parametrize("member", ["Republican", "Democrat"])
def test_the_party_member_is_a_person_described_not_the_party(analyse, member: str) -> None:
    record = analyse(HEADLINE + f"Presidential candidate Walter Brennan suggests cutting regulations.\n\n\"It "
                     f"drives the prices of everything up,\" the {member} said this week.")
    assert speaker_of(record, "It drives the prices") == "Walter Brennan"
    assert member not in {entity.name for entity in record.entities}


def test_an_earlier_description_saying_more_of_someone_else_does_not_block_it(analyse) -> None:
    record = analyse(HEADLINE + "Ada Quist held a rally in Burlington. The Vermont senator has struggled to win "
                     "over older voters.\n\nMark Delgado spoke over boos from the audience on Tuesday as he "
                     "ended his bid. The Nebraska senator said the campaign had raised more money than expected.")
    assert speaker_of(record, "the campaign had raised more money") == "Mark Delgado"


def test_an_earlier_bare_the_noun_done_to_is_the_same_person(analyse) -> None:
    record = analyse(HEADLINE + "Walter Brennan hired a new campaign chief on Tuesday. Donors who have become allies "
                     "of the candidate are funding a new group, and one adviser has urged the candidate to dig in."
                     "\n\nWalter Brennan spoke in Omaha on Wednesday. The candidate said he would not change "
                     "his tone.")
    assert speaker_of(record, "he would not change") == "Walter Brennan"


def test_an_earlier_noun_done_to_that_says_whose_it_is_was_someone_else(analyse) -> None:
    record = analyse(HEADLINE + "Walter Brennan criticised the governor of Nebraska on Monday. Walter Brennan spoke "
                     "in Omaha on Wednesday. The governor said the state would not change its rules.")
    assert speaker_of(record, "the state would not change") is None
