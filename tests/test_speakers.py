"""Who said what: the speaker sieve (pipeline/coref), one rule per test on short hand-written
articles. A wrong speaker is worse than none, so many tests check that a source stays null."""

from __future__ import annotations

import pytest

from .quote_lookup import quote_with, speaker, speaker_of

HEADLINE = "Row over the new bridge\n\n"


def test_a_person_titled_by_an_organisation_is_the_speaker_not_the_organisation(analyse) -> None:
    record = analyse(HEADLINE + "Greenfield Housing Trust chairman Samuel Okafor said the homes would be finished "
                     "in May.")
    assert speaker_of(record, "the homes would be finished") == "Samuel Okafor"


def test_a_name_in_apposition_to_a_description_is_the_speaker(analyse) -> None:
    record = analyse(HEADLINE + "The spokesman of the Red Cross in Geneva, Ewan Watson, told reporters the camps "
                     "needed clean water.")
    assert speaker_of(record, "the camps needed clean water") == "Ewan Watson"


# Documents and spokespeople.

def test_a_document_speaks_for_its_possessor(analyse) -> None:
    record = analyse(HEADLINE + "Toyota employs 2,000 people in the town. Toyota's press release claimed the "
                     "factory would stay open.")
    assert speaker_of(record, "the factory would stay open") == "Toyota"


def test_data_speak_for_the_body_they_come_from(analyse) -> None:
    record = analyse(HEADLINE + "According to data from the National Weather Service, the storm was the worst "
                     "in forty years.")
    assert speaker_of(record, "the storm was the worst") == "National Weather Service"


def test_a_spokesperson_for_a_company_speaks_for_it(analyse) -> None:
    record = analyse(HEADLINE + "A spokeswoman for Northern Rail said services would resume on Monday.")
    assert speaker_of(record, "services would resume") == "Northern Rail"


def test_a_statement_posted_to_an_account_is_not_the_platforms_nor_it_the_next_sentence(analyse) -> None:
    record = analyse(HEADLINE + "Tom Reyes has died, according to a statement posted to his Instagram account. "
                     "It also said he had been ill for a year.")
    assert speaker_of(record, "Tom Reyes has died") is None
    assert speaker_of(record, "he had been ill for a year") is None


def test_a_document_speaks_for_the_one_a_possessive_pronoun_stands_for(analyse) -> None:
    record = analyse(HEADLINE + "Toyota has sold its stake in the plant, according to its annual report.")
    assert speaker_of(record, "has sold its stake") == "Toyota"


def test_a_persons_office_speaking_is_an_unnamed_body_not_the_person(analyse) -> None:
    record = analyse(HEADLINE + "Senator Tom Hale was taken to hospital on Monday. He is recovering well, his "
                     "office said.")
    assert speaker_of(record, "He is recovering well") is None


def test_a_document_with_no_issuer_reporting_what_someone_told_is_theirs(analyse) -> None:
    record = analyse(HEADLINE + "Senator Tom Hale told reporters the bill was dead, according to a transcript.")
    reported = next(q for q in record.quotes if q.cue is not None and q.cue.text == "according to")
    assert speaker(record, reported) == "Tom Hale"


def test_the_statement_is_the_one_its_subject_delivered(analyse) -> None:
    record = analyse(HEADLINE + "Mayor Jane Fairweather, in a statement released on Monday, announced that the "
                     "bridge would close. The statement also said a ferry would run in the meantime.")
    assert speaker_of(record, "a ferry would run") == "Jane Fairweather"


def test_the_ruling_is_the_courts_that_ruled(analyse) -> None:
    record = analyse(HEADLINE + "The Supreme Court of Canada ruled on Monday that the law was void. According "
                     "to the ruling, the province must repay the fees.")
    assert speaker_of(record, "the province must repay the fees") == "Supreme Court of Canada"


@pytest.mark.parametrize(("text", "words", "issuer"), [
    # a lawsuit is whoever filed it ("the suit" is another word for it) or sued
    ("The lawsuit filed by Bradley Okonkwo alleges a long list of violations. Along with other allegations, the "
     "suit claims that the chairman damaged his reputation.", "the chairman damaged his reputation",
     "Bradley Okonkwo"),
    ("Greenpeace sued the city council on Monday. The council broke its contract, the lawsuit says.",
     "The council broke its contract", "Greenpeace"),
    # an email is its sender's, not the publisher's; a real name, with which the parser reads it as the
    # title's apposition, as in the article seen
    ("The email, released by the Civic Records Trust, was sent at 7:19 p.m. by Transport Department chief of "
     "staff Jeremy Bash, hours after the vote.\n\n\"I just tried you on the phone,\" it reads.",
     "I just tried you on the phone", "Jeremy Bash"),
    # "the campaign" after someone's unnamed campaign is that one, not an older one named before
    ("The Okafor campaign did not respond to a request for comment. A spokesman for Dana Whitfield says neither "
     "the nominee nor her campaign helped the former mayor.\n\nDana Whitfield plans to call on young people to "
     "volunteer. The campaign says the nominee will speak on Friday.", "the nominee will speak on Friday", None),
])
def test_a_document_is_its_issuers(analyse, text: str, words: str, issuer: str | None) -> None:
    assert speaker_of(analyse(HEADLINE + text), words) == issuer


def test_the_report_is_the_one_published_last_not_an_earlier_reports(analyse) -> None:
    record = analyse(HEADLINE + "Earlier, the mayor shared a report from The Riverside Courier about the cost. On "
                     "Friday the Daily Clarion published allegations about the contracts. The reports indicated the "
                     "builder was paid twice.")
    assert speaker_of(record, "the builder was paid twice") == "Daily Clarion"


def test_a_lower_case_title_is_not_a_mention_of_a_name_spelt_like_it(analyse) -> None:
    # The headline's "Bishop" is a name to the tagger; "the current bishop" is not that name.
    record = analyse("Bishop dies\n\nRoman Catholic Bishop Emeritus Daniel Okoro of the Marbel diocese, 79, died "
                     "early yesterday morning.\n\nIn a statement, the current bishop, Allan Mbeki, said, \"It is "
                     "with great sadness that I announce his death.\"")
    assert speaker_of(record, "It is with great sadness") == "Allan Mbeki"


def test_the_outlet_that_obtained_a_statement_did_not_issue_it(analyse) -> None:
    record = analyse(HEADLINE + "Universal Pictures issued a statement on Monday. The statement, which was "
                     "obtained by Variety, said the film would open in June.")
    assert speaker_of(record, "the film would open in June") == "Universal Pictures"


def test_a_campaign_named_after_a_person_is_the_campaign_not_the_person(analyse) -> None:
    record = analyse(HEADLINE + "Senator John Marsh is running for governor. The Marsh campaign said the poll "
                     "was flawed.")
    assert speaker_of(record, "the poll was flawed") == "Marsh campaign"
    assert next(entity.type for entity in record.entities if entity.name == "Marsh campaign") == "organisation"


def test_a_campaign_named_after_a_person_is_not_an_earlier_campaign(analyse) -> None:
    record = analyse(HEADLINE + "The Green Party's campaign said the debate was rigged. Senator John Marsh is "
                     "running for governor. The Marsh campaign said the poll was flawed.")
    assert speaker_of(record, "the poll was flawed") == "Marsh campaign"


@pytest.mark.parametrize("body", ["The Senate campaign", "The Labour government"])
def test_a_body_named_after_an_institution_or_a_party_is_no_leaders(analyse, body: str) -> None:
    record = analyse(HEADLINE + f"Senator John Marsh is running again. {body} said the poll was flawed.")
    assert speaker_of(record, "the poll was flawed") not in ("Senate campaign", "Labour government")


# Descriptions and roles.

def test_a_description_may_name_someone_introduced_just_after_it(analyse) -> None:
    record = analyse(HEADLINE + "Norway's fisheries minister said the quota would be cut.\n\n"
                     "The talks resumed on Tuesday, when Fisheries Minister Ola Berg met his Icelandic counterpart.")
    assert speaker_of(record, "the quota would be cut") == "Ola Berg"


def test_the_governor_is_not_the_deputy_governor(analyse) -> None:
    record = analyse(HEADLINE + "Deputy Governor Ann Lee visited the site on Monday. The governor said the road "
                     "would reopen within a week.")
    assert speaker_of(record, "the road would reopen") is None


def test_the_president_is_not_a_former_vice_president_named_after_the_president(analyse) -> None:
    record = analyse(HEADLINE + "President Rosa Diaz met former Vice President Tom Hale on Monday. The president "
                     "said the talks had been useful.")
    assert speaker_of(record, "the talks had been useful") == "Rosa Diaz"


def test_a_description_of_another_bodys_office_does_not_join_the_holder_of_the_same_title(analyse) -> None:
    record = analyse(HEADLINE + "Teachers' union general secretary Anna Berg welcomed the plan on Monday.\n\n"
                     "The general secretary of the Royal College of Nursing said the plan was not enough.")
    berg = next(e for e in record.entities if e.name == "Anna Berg")
    assert [m.kind for m in berg.mentions] == ["name"]
    assert speaker_of(record, "the plan was not enough") is None


def test_an_occupation_the_article_gave_a_person_describes_them(analyse) -> None:
    record = analyse(HEADLINE + "Actor Tom Reyes attended the premiere on Saturday. The actor said the film had "
                     "changed his life.")
    assert speaker_of(record, "the film had changed his life") == "Tom Reyes"


def test_an_age_the_article_gave_a_person_describes_them(analyse) -> None:
    record = analyse(HEADLINE + "Maria Costa, 56, was rescued from the rubble on Tuesday. The 56-year-old said she "
                     "had been trapped for hours.")
    assert speaker_of(record, "she had been trapped for hours") == "Maria Costa"


def test_the_mother_is_the_woman_of_a_couple_named_by_one_surname(analyse) -> None:
    record = analyse(HEADLINE + "Mark Dawson and Julia Dawson were sentenced on Friday. Judge Peter Grant said the "
                     "case was shocking. The mother said she was sorry.")
    assert speaker_of(record, "she was sorry") == "Julia Dawson"


def test_the_father_is_no_one_when_the_people_sharing_a_surname_are_not_a_couple(analyse) -> None:
    record = analyse(HEADLINE + "Tom Dawson and Sam Dawson were sentenced on Friday. The father said he was sorry.")
    assert speaker_of(record, "he was sorry") is None


def test_an_organisation_is_described_by_the_head_of_its_name(analyse) -> None:
    record = analyse(HEADLINE + "The Northern Water Agency warned of shortages on Monday. The agency said "
                     "reservoirs were at thirty percent.")
    assert speaker_of(record, "reservoirs were at thirty percent") == "Northern Water Agency"


def test_an_organisations_name_in_lower_case_is_its_name_wherever_the_capitalised_one_is(analyse) -> None:
    record = analyse(HEADLINE + "The museum will reopen in May, according to the national heritage agency.\n\n"
                     + "Engineers worked through the night to repair the damage. " * 12
                     + "\n\nThe National Heritage Agency of Sweden confirmed the date on Friday.")
    assert speaker_of(record, "The museum will reopen") == "National Heritage Agency"


@pytest.mark.parametrize("sentence, name", [
    # The parser made "Longtime Baker" the subject and the performer a conjunct of the writer.
    ("Radio host Tom Baker died on Monday. Longtime Baker in the Morning writer and performer Rob Fields tweeted: "
     '"He was a rebel, an unapologetic critic of nonsense."', "Rob Fields"),
    ("Retired FBI agent and terrorism specialist Ali Haddad told NPR Hamza bin Salem had appeared in al-Qaeda "
     "videos since he was a young boy and his father saw a leadership role for him.", "Ali Haddad"),
])
def test_an_occupation_before_a_name_describes_it_whatever_the_parse(analyse, sentence: str, name: str) -> None:
    record = analyse(HEADLINE + sentence)
    [quote] = record.quotes
    assert speaker(record, quote) == name


@pytest.mark.parametrize("sentence, words", [
    # The first of places before a noun for people is no speaker: "officials" is.
    ("New Orleans and St. Bernard Parish officials said they are not concerned about the levees.", "not concerned"),
    # A capitalised word the tagger left out of a party's name: the party is not the country.
    ('The party was founded in 2010. Sustainable Canada describes itself as a "independent community movement '
     'from the political centre".', "community movement"),
    # Reports from a hospital named by its city are the hospital's, unnamed.
    ("Initial reports from Tomsk hospital said no traces of poison were found in his blood.", "no traces of poison"),
])
def test_a_place_that_only_names_the_speaker_is_no_speaker(analyse, sentence: str, words: str) -> None:
    record = analyse(HEADLINE + sentence)
    assert speaker_of(record, words) is None


def test_her_explanation_is_hers(analyse) -> None:
    # The parser hangs "saying" from the noun: the reasoning speaks for whoever gave it.
    record = analyse(HEADLINE + "Governor Ana Ruiz signed the bill on Wednesday. The governor tweeted her reasoning "
                     'saying, "Today, I signed into law the Bridge Safety Act."')
    assert speaker_of(record, "Today, I signed into law") == "Ana Ruiz"


def test_an_indefinite_description_introduces_someone_new(analyse) -> None:
    record = analyse(HEADLINE + "Foreign Minister Ana Ruiz arrived in Oslo on Monday. A minister said the talks "
                     "had failed.")
    assert speaker_of(record, "the talks had failed") is None


# Pronouns.

def test_a_pronoun_after_an_unnamed_persons_subject_stays_null(analyse) -> None:
    record = analyse(HEADLINE + "Judge Sarah Cole opened the hearing on Monday. The head of the inspection team "
                     'told the court "The site was not safe." She also said "Nobody checked the cables."')
    assert speaker_of(record, "Nobody checked the cables") is None


@pytest.mark.parametrize("before", [
    "Mayor Tom Baker filed his resignation on Monday.",
    # The parser hangs "He said ...;" from "added" as one clause here.
    "Mayor Tom Baker declined the offer of Governor Smith on Monday.\n\nBaker filed his resignation after the "
    "audio recording was uploaded Wednesday on an anonymous YouTube channel.",
])
def test_a_pronoun_after_a_report_in_its_sentence_is_not_whom_the_report_is_about(analyse, before: str) -> None:
    # 'He said A; however, "B", he added': the second "he" is the one who said A, not the governor
    # A is about, however near; and B alone is what he added.
    record = analyse(HEADLINE + before + ' He said Governor Smith is "a model of honesty for me"; however, "to '
                     'remove any doubts about our trust in the governor, I wrote a resignation offer", he added.')
    added = quote_with(record, "I wrote a resignation offer")
    [content] = added.content
    assert "honesty" not in content.text and content.text.endswith('"to remove any doubts about our trust in the '
                                                                   'governor, I wrote a resignation offer"')
    assert speaker(record, added) == "Tom Baker" and speaker_of(record, "a model of honesty") == "Tom Baker"


def test_they_after_a_plural_subject_is_no_one_named(analyse) -> None:
    record = analyse(HEADLINE + "Acme Corporation closed its factory on Monday. Local residents gathered outside "
                     "the gates. They said the closure would ruin the town.")
    assert speaker_of(record, "the closure would ruin the town") is None


def test_they_is_never_a_place(analyse) -> None:
    record = analyse(HEADLINE + "Floods hit Bavaria on Monday. They said the damage would take years to repair.")
    assert speaker_of(record, "the damage would take years") is None


def test_it_is_the_organisation_last_made_the_subject(analyse) -> None:
    record = analyse(HEADLINE + "Acme Corporation announced record profits on Monday. It said sales in Asia had "
                     "doubled.")
    assert speaker_of(record, "sales in Asia had doubled") == "Acme Corporation"


def test_she_after_one_of_a_group_of_people_is_that_unnamed_person(analyse) -> None:
    record = analyse(HEADLINE + "Tom Reyes and Anna Reyes were arrested after one of their daughters escaped from "
                     "the house. She said the doors had been locked.")
    assert speaker_of(record, "the doors had been locked") is None


def test_she_after_one_of_a_group_the_parse_does_not_make_a_subject_is_still_that_person(analyse) -> None:
    record = analyse(HEADLINE + "Anna Reyes and her husband were arrested in March of last year after one of their "
                     "daughters, aged 15, escaped and phoned the police. She said the doors had been locked.")
    assert speaker_of(record, "the doors had been locked") is None


def test_a_possessor_before_an_office_is_its_qualifier_not_a_body_the_holder_must_be_tied_to(analyse) -> None:
    # The tagger takes "Vologda" for an organisation here; a place or a body before the title only
    # qualifies the office, compared with the holder's own qualifiers.
    record = analyse(HEADLINE + "Governor Boris Ivanov opened the bridge on Monday. Vologda's governor said the road "
                     "would reopen within a week.")
    assert speaker_of(record, "the road would reopen") == "Boris Ivanov"


def test_the_company_is_the_organisation_whose_name_ends_in_a_legal_form(analyse) -> None:
    record = analyse(HEADLINE + "Acme Corp closed its plant in Leeds on Monday. The company said 300 jobs would go.")
    assert speaker_of(record, "300 jobs would go") == "Acme Corp"


def test_the_group_is_the_organisation_last_made_the_subject(analyse) -> None:
    record = analyse(HEADLINE + "The Northern Farmers Union called a strike on Monday. The group said it would "
                     "block the roads.")
    assert speaker_of(record, "it would block the roads") == "Northern Farmers Union"


def test_the_group_after_people_is_no_one_named(analyse) -> None:
    record = analyse(HEADLINE + "The Northern Farmers Union called a strike on Monday. Dozens of residents met in "
                     "the church hall on Tuesday. The group said it would block the roads.")
    assert speaker_of(record, "it would block the roads") is None


def test_the_company_is_the_organisation_whose_name_says_no_other_kind(analyse) -> None:
    record = analyse(HEADLINE + "Mattel hosted a panel about its toy products on Monday.\n\nAsked about "
                     "sustainability, the company noted that it had switched to plant-based packaging.")
    assert speaker_of(record, "it had switched to plant-based") == "Mattel"


def test_the_company_is_not_a_body_whose_name_says_what_it_is(analyse) -> None:
    record = analyse(HEADLINE + "The Health Ministry hosted a panel about vaccines on Monday.\n\nAsked about "
                     "sustainability, the company noted that it had switched to plant-based packaging.")
    assert speaker_of(record, "it had switched to plant-based") is None


def test_the_newspaper_is_the_outlet(analyse) -> None:
    record = analyse(HEADLINE + "The Guardian reported the leak on Monday. The newspaper said the documents were "
                     "genuine.")
    assert speaker_of(record, "the documents were genuine") == "Guardian"


def test_he_after_a_sentence_is_its_main_subject_not_someone_in_what_was_said(analyse) -> None:
    record = analyse(HEADLINE + "A man was arrested on Saturday after the attack.\n\nThe head of the county's police, "
                     "Tom Baker, on Sunday said officers found nothing inconsistent with the attacker acting alone. "
                     "He also said there is no suggestion of others being involved.")
    assert speaker_of(record, "no suggestion of others") == "Tom Baker"


def test_he_after_a_speaker_who_was_one_of_a_group_is_that_speaker(analyse) -> None:
    record = analyse(HEADLINE + '"It is a good sign", said Ryan Porter of the city council, who was not one of the '
                     'bridge\'s engineers. "Overall," he continued, "the repairs were done well."')
    assert speaker_of(record, "the repairs were done well") == "Ryan Porter"


def test_he_after_two_statements_set_side_by_side_is_the_nearer_speaker(analyse) -> None:
    record = analyse(HEADLINE + "Mayor Jane Porter said the victims were young people in an appalling tragedy while "
                     "Councillor Tom Baker wrote he had ordered safety checks on every bridge. He tweeted, \"My "
                     "sympathy goes to the families.\"")
    assert speaker_of(record, "My sympathy goes") == "Tom Baker"


def test_who_after_people_in_a_place_is_the_people_not_the_place(analyse) -> None:
    record = analyse(HEADLINE + "The new approach is likely to placate nervous farmers on Capitol Hill, who have "
                     "argued that it helps small growers.")
    assert speaker_of(record, "it helps small growers") is None


def test_a_persons_campaign_is_the_campaign_the_article_names_after_them(analyse) -> None:
    record = analyse(HEADLINE + "Senator John Marsh is running for governor. The Marsh campaign said on Monday it "
                     "would appeal. Marsh's campaign said the report was false.")
    assert speaker_of(record, "the report was false") == "Marsh campaign"


def test_several_campaigns_are_not_the_one_met_last(analyse) -> None:
    record = analyse(HEADLINE + "Senator John Marsh spoke in Des Moines. The Marsh campaign has a larger field "
                     "operation than the Green team, the campaigns agree.")
    assert speaker_of(record, "has a larger field operation") is None
