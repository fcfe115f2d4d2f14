"""Entities: mentions clustered into one referent, types repaired by the cluster, roles kept."""

from __future__ import annotations

import pytest

from newsgraph.names import fold, is_spelling_variant, known_alias
from newsgraph.record import ArticleRecord, Entity

HEADLINE = "Talks resume in Geneva\n\n"


def named(record: ArticleRecord, name: str) -> Entity:
    found = [e for e in record.entities if e.name == name]
    assert len(found) == 1, (name, [(e.name, e.aliases) for e in record.entities])
    return found[0]


def test_surname_joins_full_name(analyse) -> None:
    record = analyse(HEADLINE + "Foreign Minister Annalena Baerbock arrived on Monday. Baerbock met her hosts.")
    entity = named(record, "Annalena Baerbock")
    assert entity.type == "person"
    assert "Baerbock" in entity.aliases
    assert entity.role == "Foreign Minister"
    assert len(entity.mentions) == 2


def test_a_name_given_only_inside_a_quotation_does_not_name_the_person(analyse) -> None:
    record = analyse(HEADLINE + 'Helen Marsh spoke in Ohio on Monday. Walter Brennan said, "Working that microphone '
                     'was a lot more difficult than working Crooked Helen Marsh." Marsh said she was amused.')
    assert "Crooked Helen Marsh" in named(record, "Helen Marsh").aliases


def test_a_surname_that_is_also_a_town_is_a_person_when_it_acts(analyse) -> None:
    record = analyse(HEADLINE + "The senators met the bank's chief on Tuesday. Clinton leaned in heavily. Clinton "
                     "said the bank had failed its customers. Clinton told the chief executive that he should "
                     "resign. Clinton argued the fines were too small.")
    assert named(record, "Clinton").type == "person"


def test_a_surname_after_a_date_joins_its_person(analyse) -> None:
    # a date beside the untagged surname is no part of a longer name (issue 26, round 9)
    record = analyse(HEADLINE + "Greek Prime Minister Andreas Papadakis spoke in Washington on Tuesday. Later on "
                                "Tuesday Papadakis met with the World Bank.")
    assert len(named(record, "Andreas Papadakis").mentions) == 2


def test_a_regnal_name_keeps_its_title(analyse) -> None:
    record = analyse(HEADLINE + "King Charles III met the prime minister on Monday. Charles said the talks were "
                     "useful. President Biden arrived later.")
    assert named(record, "King Charles III").aliases == ["Charles III", "Charles"]
    assert named(record, "Biden").role == "President"  # an office is a role, not part of the name


def test_misspelling_joins_and_is_flagged(analyse) -> None:
    record = analyse(HEADLINE + "Chancellor Olaf Scholz spoke first. Later Schloz left, and Scholz stayed.")
    entity = named(record, "Olaf Scholz")
    assert "Schloz" in entity.aliases
    assert [m.kind for m in entity.mentions if m.span.text == "Schloz"] == ["variant"]
    assert any(f.type == "name_spelling" and f.spans[0].text == "Schloz" for f in record.flags)


def test_different_people_with_similar_names_stay_apart(analyse) -> None:
    record = analyse(HEADLINE + "Hillary Clinton and Bill Clinton arrived together. Hillary Clinton spoke.")
    names = {e.name for e in record.entities if e.type == "person"}
    assert {"Hillary Clinton", "Bill Clinton"} <= names


def test_known_institution_aliases(analyse) -> None:
    record = analyse(HEADLINE + "Downing Street declined to comment. A Number 10 spokesman later said little.")
    entity = named(record, "Downing Street")
    assert "Number 10" in entity.aliases
    assert entity.type == "organisation"


def test_place_label_repaired_by_gazetteer(analyse) -> None:
    record = analyse(HEADLINE + "Missiles struck Kyiv overnight, officials in Kyiv said.")
    assert named(record, "Kyiv").type == "place"


def test_appositive_role(analyse) -> None:
    record = analyse(HEADLINE + "Mark Rutte, Nato's secretary general, said talks would go on.")
    assert named(record, "Mark Rutte").role == "Nato secretary general"


def test_description_joins_office_holder(analyse) -> None:
    record = analyse(HEADLINE + "Prime Minister Keir Starmer flew in. The Prime Minister then met the press.")
    starmer = named(record, "Keir Starmer")
    assert "The Prime Minister" in {m.span.text for m in starmer.mentions}


def test_outlet_by_context(analyse) -> None:
    record = analyse(HEADLINE + "In an interview with Le Monde, the minister was candid.")
    assert named(record, "Le Monde").type == "outlet"


@pytest.mark.parametrize("outlet", ["Anadolu Agency", "Gazeta Wyborcza", "The Verge"])
def test_a_listed_news_outlet_is_an_outlet_whatever_the_tagger_says(analyse, outlet: str) -> None:
    # The small model reads agencies and broadcasters as organisations; data/outlets.txt knows them.
    record = analyse(HEADLINE + f"According to {outlet}, the bridge will close in May.")
    assert named(record, outlet.removeprefix("The ")).type == "outlet"  # names drop a leading "The"


def test_name_helpers() -> None:
    assert fold("Zelenskyy’s") == "zelenskyy"
    assert fold("Élysée") == "elysee"
    assert is_spelling_variant("Zelesnkyy", "Zelenskyy")
    assert is_spelling_variant("Zelensky", "Zelenskyy")
    assert not is_spelling_variant("Rutte", "Putin")
    assert not is_spelling_variant("Bush", "Rush")
    assert known_alias("No. 10") == ("Downing Street", "organisation")
    assert known_alias("U.S.") == ("United States", "place")


def test_a_plural_noun_opening_its_sentence_is_not_a_person(analyse) -> None:
    record = analyse(HEADLINE + "The plane crashed near Karaj on Monday, the army said. Photographs showed the "
                     "aircraft, sans wings, with the cockpit buried in the ground.")
    assert "Photographs" not in [e.name for e in record.entities]


def test_a_plural_noun_opening_its_sentence_is_not_an_organisation(analyse) -> None:
    record = analyse(HEADLINE + "A strong earthquake struck off the coast of Crete on Friday.  Reports said at least "
                     "40 people died in the quake, while hundreds were hurt.")
    assert "Reports" not in [e.name for e in record.entities]
    assert not any(quote.speaker for quote in record.quotes)


def test_a_party_named_after_another_partys_short_name_stays_itself(analyse) -> None:
    record = analyse(HEADLINE + "Jane Porter is running for the Liberal Democrats in the by-election.  Liberal "
                     "Democrats describes itself as a party of free markets. The Democrats in Washington said "
                     "nothing.")
    assert named(record, "Liberal Democrats").mentions and len(named(record, "Democratic Party").mentions) == 1


def test_an_acronym_the_tagger_leaves_unlabelled_is_an_organisation_where_it_reports(analyse) -> None:
    record = analyse(HEADLINE + "The campaign ended on Friday.\n\nUNICEF reported they had delivered over 100 thousand "
                     "doses of vaccine by November 22. The GDP of the islands fell. DNA showed nothing.")
    assert named(record, "UNICEF").type == "organisation"
    assert [record.entity(q.speaker).name for q in record.quotes if q.speaker] == ["UNICEF"]
    assert not {"GDP", "DNA"} & {e.name for e in record.entities}


def test_a_name_met_mid_sentence_too_keeps_its_mention_at_a_sentence_start(analyse) -> None:
    record = analyse(HEADLINE + "Store chains Woolworths and Coles lowered their limits on Sunday. Coles, in its "
                     "March 8 media release, reported that the demand was unprecedented.")
    assert len(named(record, "Coles").mentions) == 2


def test_a_name_ending_in_a_periodical_word_is_an_outlet(analyse) -> None:
    record = analyse(HEADLINE + 'The ship moved in a pattern described by Marine Bulletin as "rather hectic and '
                     'kind of confused". The Aviation Herald said the crew were safe.')
    assert named(record, "Marine Bulletin").type == "outlet"  # "Marine" is also a forename
    assert named(record, "Aviation Herald").type == "outlet"


def test_a_surname_read_as_a_common_noun_still_names_its_person(analyse) -> None:
    # "trump" is also a word: opening a sentence, the tagger reads the name as a noun.
    record = analyse("Governor vetoes voting bill\n\nPresident Donald Trump criticised the governor of Florida "
                     "on Monday.\n\nThe governor offered to pay the fines of former inmates. Trump claimed the "
                     "move was criminal.\n\n")
    entity = named(record, "Donald Trump")
    assert [m.span.text for m in entity.mentions] == ["Donald Trump", "Trump"]
    [claim] = [q for q in record.quotes + record.attributions if q.source and q.source.text == "Trump"]
    assert claim.speaker == entity.id


def test_an_honorific_is_not_part_of_the_name(analyse) -> None:
    # The tagger reads "Dr Valeria Gazzola" as an organisation, honorific included.
    record = analyse("Rats help each other\n\nThe study was led by Dr Valeria Gazzola. Dr Gazzola said the "
                     "rats were helping each other.")
    entity = named(record, "Valeria Gazzola")
    assert entity.type == "person"
    [said] = record.quotes + record.attributions
    assert said.speaker == entity.id


def test_a_title_that_is_part_of_a_one_word_name_stays(analyse) -> None:
    record = analyse("Singer wins award\n\nLady Gaga won the award on Sunday. Gaga said she was thrilled.")
    assert [m.span.text for m in named(record, "Lady Gaga").mentions] == ["Lady Gaga", "Gaga"]


@pytest.mark.parametrize(("text", "speaker"), [
    # Names the small model leaves unlabelled in these sentences (real names, sentences of our own).
    ("The cosmonaut died on Friday.\n\nSputnik News reported he had been ill for years.", "Sputnik News"),
    ("The chief executive resigned on Sunday.\n\nRegina Ip from the pro-Beijing camp said the bill should be "
     "withdrawn.", "Regina Ip"),
    ("The ban took effect on Sunday.\n\nPrincess Ubolratana pointed out that she had given up her titles.",
     "Princess Ubolratana"),
    # Offices and appositions keep their names.
    ("The storm reached the coast on Monday.\n\nThe Vice President, Mike Pence, said the warning came late.",
     "Mike Pence"),
    ("The storm reached the coast on Monday.\n\nA Republican, Mark Amodei, said the warning came late.",
     "Mark Amodei"),
    # A single word opening its sentence that is no English word, named nowhere else.
    ("A strong earthquake struck the island on Monday.\n\nRappler reported three malls in the city were "
     "damaged.", "Rappler"),
    ("The fire burned for hours on Monday.\n\nCalFire indicated the injuries were minor.", "CalFire"),
])
def test_a_name_the_tagger_leaves_unlabelled_is_one_where_it_reports(analyse, text: str, speaker: str) -> None:
    record = analyse(HEADLINE + text)
    assert [record.entity(q.speaker).name for q in record.quotes if q.speaker] == [speaker]
    assert not {"Vice President", "Republican"} & {e.name for e in record.entities}


def test_a_word_opening_its_sentence_is_no_name_for_reporting_alone(analyse) -> None:
    record = analyse(HEADLINE + "The storm reached the coast on Monday.\n\nViolence has shown that the warning came "
                     "late.")
    assert "Violence" not in {e.name for e in record.entities}


def test_an_office_is_not_a_misspelt_body(analyse) -> None:
    # "Officer" is one letter from "Office": another word, not a misspelling of the body's name.
    record = analyse(HEADLINE + "In the blog post Dana Price, the Chief Technological Officer of Red Hat said Red Hat "
                     "had informed the board.\n\nThe Open Source Program Office (OSPO) welcomed the plan.")
    assert [m.span.text for m in named(record, "Open Source Program Office").mentions] == [
        "Open Source Program Office", "OSPO"]


def test_a_surname_first_read_as_a_place_still_joins_its_person(analyse) -> None:
    # "in Fenwick v. United States" reads as a place: the later "Fenwick"s joined that one by name.
    record = analyse("Court overturns convictions in Fenwick v. United States\n\nThe Supreme Court overturned the "
                     "convictions of Marjorie Anne Fenwick and Paul Oduya on Thursday. Fenwick, then the governor's "
                     "deputy chief of staff, said she was relieved. Fenwick thanked her lawyers.")
    assert "Fenwick" not in {e.name for e in record.entities}
    assert len(named(record, "Marjorie Anne Fenwick").mentions) == 4


def test_a_pictures_credit_is_not_part_of_the_name_it_follows(analyse) -> None:
    record = analyse(HEADLINE + "The shortlist was published on Monday.\n\nKeisha Lance Bottoms Image: Afdahe.\n\n"
                     "Susan Rice Photo: White House.\n\nRice said she was honoured.")
    assert {"Keisha Lance Bottoms", "Susan Rice"} <= {e.name for e in record.entities}
    assert len(named(record, "Susan Rice").mentions) == 2


def test_a_middle_name_given_by_its_initial_is_the_same_person(analyse) -> None:
    record = analyse(HEADLINE + "Richard Kenneth Guy died on Monday aged 103. Richard K. Guy wrote many books on "
                     "numbers. Guy said numbers were his friends.")
    assert len(named(record, "Richard Kenneth Guy").mentions) == 3
    assert "Richard K. Guy" not in {e.name for e in record.entities}


def test_comrade_is_an_honorific_before_a_surname(analyse) -> None:
    record = analyse(HEADLINE + "Robert Gabriel Mugabe died on Friday in Singapore. Cde Mugabe led the country for 37 "
                     "years, the party said.")
    assert len(named(record, "Robert Gabriel Mugabe").mentions) == 2


def test_a_body_named_as_head_of_something_is_its_head_word_later(analyse) -> None:
    # "the Department" after "the Westshire Department of Roads and Bridges": the word before "of"
    # is what the body is, as "the Parliament" is of "the Tunisian Parliament".
    record = analyse(HEADLINE + "The Westshire Department of Roads and Bridges (WDRB) closed the bridge on Monday.\n\n"
                     "The Department said the repairs would take a week.")
    body = named(record, "Westshire Department of Roads and Bridges")
    assert "Department" in [m.span.text for m in body.mentions]
    [quote] = record.quotes
    assert quote.speaker == body.id


def test_a_head_word_two_bodies_share_is_neither(analyse) -> None:
    record = analyse(HEADLINE + "The Westshire Department of Transport closed the bridge on Monday. The "
                     "Eastshire Department of Health opened a clinic.\n\nThe Department said the repairs would take "
                     "a week.")
    for name in ("Westshire Department of Transport", "Eastshire Department of Health"):
        assert "Department" not in [m.span.text for m in named(record, name).mentions]


@pytest.mark.parametrize("sentence, name", [
    ("According to his wife, Amanda, Baker died of a lung disorder.", "Amanda"),  # the tagger: ORG
    ("The club thanked Delphine, his wife, for her support.", "Delphine"),
    ("His wife Amanda said he had been ill for months.", "Amanda"),
])
def test_a_name_in_apposition_to_a_noun_for_a_person_is_a_person(analyse, sentence: str, name: str) -> None:
    record = analyse(HEADLINE + "The footballer Tom Baker died on Saturday aged 41. " + sentence)
    wife = named(record, name)
    assert wife.type == "person" and wife.gender == "female"


def test_a_body_named_in_full_once_and_by_its_head_word_after_keeps_its_full_name(analyse) -> None:
    record = analyse(HEADLINE + "The Congress of the Federated States of Ruritania met on Monday. Congress voted on "
                     "the bridge. Congress then adjourned.")
    body = named(record, "Congress of the Federated States of Ruritania")
    assert [m.span.text for m in body.mentions].count("Congress") == 2


def test_a_place_written_short_at_the_start_of_a_name_is_the_same_name(analyse) -> None:
    # "U.S. Navy" and "United States Navy", "UK Coastguard" and "United Kingdom Coastguard"; then
    # "the Navy", its head word, is that one body.
    record = analyse(HEADLINE + "The United States Navy listed the submarine as lost in 1944. The U.S. Navy confirmed "
                     "the find on Monday. The Navy said it would honour the crew.")
    navy = named(record, "United States Navy")
    assert [m.span.text for m in navy.mentions] == ["United States Navy", "U.S. Navy", "Navy"]


def test_a_scientists_occupation_before_the_name_is_no_part_of_it(analyse) -> None:
    record = analyse(HEADLINE + "Epidemiologist Marta Kowalczyk of Westshire University said the virus spread like "
                     "flu.")
    person = named(record, "Marta Kowalczyk")
    assert (person.role or "").lower() == "epidemiologist"


def test_a_surname_after_according_to_is_the_person_not_an_outlet(analyse) -> None:
    record = analyse(HEADLINE + "Recently, the developer Ilkka Vaara discussed his game with our reporter. According "
                     "to Vaara, the game runs on old hardware.")
    vaara = named(record, "Ilkka Vaara")
    assert [m.span.text for m in vaara.mentions] == ["Ilkka Vaara", "Vaara"]


def test_a_surname_that_is_also_a_town_stays_the_persons() -> None:
    # "Behnken and Hurley ... Hurley said": the tagger and the gazetteer read "Hurley" alone as a
    # town, mention after mention; the full name "Doug Hurley" says person, and its surname says
    # nothing else.
    from collections import Counter

    from newsgraph.pipeline.clusters import Cluster, decide_type
    from newsgraph.pipeline.mentions import NameMention
    from newsgraph.record import Span

    text = "Doug Hurley" + " Hurley" * 5

    def mention(start: int, end: int, **votes: float) -> NameMention:
        return NameMention(Span.of(text, start, end), "PERSON" if "person" in votes else "GPE", 0, 0,
                           votes=Counter(votes))

    full = mention(0, 11, person=2.0)
    surnames = [mention(12 + 7 * k, 18 + 7 * k, place=2.5) for k in range(5)]
    assert decide_type(Cluster([full, *surnames])) == "person"


def test_a_sheriff_is_a_title_not_part_of_the_name(analyse) -> None:
    record = analyse(HEADLINE + '"We found nine men," said Westshire County Sheriff Bill Brown on Monday.')
    assert (named(record, "Bill Brown").role or "").lower().endswith("sheriff")


def test_an_office_set_off_by_a_name_is_that_persons_not_an_earlier_holders(analyse) -> None:
    # "the current bishop" would join the bishop named before, were the new one not named beside it;
    # and the headline's "Bishop" is no name the lower-case title could be a mention of.
    record = analyse("Bishop dies\n\nRoman Catholic Bishop Emeritus Dinualdo Okoro of the Marbel diocese in the "
                     "Philippines, 79, died early yesterday morning.\n\nIn a statement, the current bishop, Allan "
                     "Reyes, said, \"It is with great sadness that I announce his death.\"")
    [statement] = [e for e in record.events if e.type == "STATEMENT"]
    assert [record.entity(p.entity).name for p in statement.participants] == ["Allan Reyes"]
    assert not [e for e in record.entities if "the current bishop" in [m.span.text for m in e.mentions]]


def test_a_surname_the_tagger_reads_as_a_common_noun_is_a_name_when_it_reports(analyse) -> None:
    record = analyse(HEADLINE + "“It may not be the best use of your time,” said Brett O’Dwyer. “Was that the best "
                     "use of our time? I don’t think it was,” O’Dwyer said. Fiancée of the envoy demands justice. "
                     "“We will win,” the Republican said.")
    names = {entity.name for entity in record.entities}
    assert "Brett O’Dwyer" in names
    assert not names & {"Fiancée", "Republican", "O’Dwyer"}


@pytest.mark.parametrize(("leader", "body"), [
    ("President Tom Fenwick", "Fenwick administration"),
    # the tagger reads this "Houston" as a place: the article's surname says whose body it is
    ("Governor Mary Houston", "Houston administration"),
])
def test_a_body_named_after_its_leader_is_an_organisation_of_its_own(analyse, leader: str, body: str) -> None:
    record = analyse(HEADLINE + f"{leader} spoke on Monday. The {body} said the talks would go on.")
    types = {entity.name: entity.type for entity in record.entities}
    assert types.get(body) == "organisation"
    assert types.get(leader.split(maxsplit=1)[1]) == "person"


def test_a_name_ends_at_a_spaced_hyphen(analyse) -> None:
    record = analyse(HEADLINE + "The plan would raise only $1.1 trillion over the next decade, according to the Tax "
                     "Policy Center - half a percentage point of the nation's output.")
    names = {entity.name for entity in record.entities}
    assert "Tax Policy Center" in names
    assert not any("half" in name for name in names)
