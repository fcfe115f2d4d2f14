"""Cross-article identity beyond people's names: company suffixes, acronyms, generic words, name
fragments (parents and subsidiaries), short forms seen before their long form, and types the
articles disagree on. Each rule on short hand-written inputs through the writer's own entry point."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.record import ArticleRecord, Entity, Mention, Quote, Span
from newsgraph.store import Store
from newsgraph.store.corrections import replay
from newsgraph.store.identity import entity_for
from newsgraph.store.schema import connect
from newsgraph.store.writer import write_article


@pytest.fixture()
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = connect(tmp_path / "rules.db")
    yield connection
    connection.close()


def entity(conn: sqlite3.Connection, name: str, entity_type: str = "organisation", aliases: list[str] | None = None
           ) -> int:
    """The store entity an article's entity resolves to (as the writer resolves it)."""
    return entity_for(conn, name, entity_type, aliases or [], None, None)


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM entities").fetchone()[0])


def type_of(conn: sqlite3.Connection, entity_id: int) -> str:
    return str(conn.execute("SELECT type FROM entities WHERE id = ?", (entity_id,)).fetchone()[0])


def alive(conn: sqlite3.Connection, entity_id: int) -> bool:
    return conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is not None


# Company suffixes ------------------------------------------------------------------------------

def test_company_suffixes_fold(conn: sqlite3.Connection) -> None:
    apple = entity(conn, "Apple Inc.")
    for spelling in ("Apple", "Apple Computer", "Apple Computer, Inc.", "Apple Incorporated"):
        assert entity(conn, spelling) == apple, spelling
    ford = entity(conn, "Ford Motor Company")
    assert entity(conn, "Ford") == ford and entity(conn, "Ford Motor Co.") == ford
    microsoft = entity(conn, "Microsoft")
    assert entity(conn, "Microsoft Corp.") == microsoft and entity(conn, "Microsoft Corporation") == microsoft
    assert entity(conn, "Tata Group") == entity(conn, "Tata")
    assert count(conn) == 4


def test_a_suffix_stays_when_a_place_or_a_generic_word_would_be_left(conn: sqlite3.Connection) -> None:
    assert entity(conn, "Australia Group") != entity(conn, "Australia")  # a group of countries, not one
    assert entity(conn, "News Corp") != entity(conn, "News")
    assert entity(conn, "General Motors") != entity(conn, "General")  # "Motors" is no suffix


# Parents and subsidiaries, generic words --------------------------------------------------------

def test_a_parent_and_its_subsidiary_stay_apart_even_when_an_article_ties_them(conn: sqlite3.Connection) -> None:
    ford = entity(conn, "Ford")
    australia = entity(conn, "Ford Australia", aliases=["Ford"])  # "Ford Australia said ... Ford will close"
    assert australia != ford
    assert entity(conn, "Ford") == ford and entity(conn, "Ford Australia") == australia
    # The other way round: the subsidiary first, its parent's name a fragment of it.
    services = entity(conn, "Amazon Web Services", aliases=["Amazon"])
    assert entity(conn, "Amazon") != services
    assert entity(conn, "Tata Motors") != entity(conn, "Tata Group")


def test_a_generic_word_joins_no_outlets(conn: sqlite3.Connection) -> None:
    fox = entity(conn, "Fox News", "outlet", ["News"])
    e_news = entity(conn, "News", "outlet", ["E! News"])  # an article that says "News" mostly, once "E! News"
    assert e_news != fox
    assert entity(conn, "E! News", "outlet") == e_news
    assert entity(conn, "Fox News", "outlet") == fox
    named = {row[0] for row in conn.execute("SELECT name FROM entities")}
    assert named == {"Fox News", "E! News"}


def test_a_generic_name_alone_joins_only_its_own_name(conn: sqlite3.Connection) -> None:
    court = entity(conn, "Supreme Court")
    assert entity(conn, "Court", aliases=["Supreme Court"]) == court  # resolved by its specific spelling
    bare = entity(conn, "Court")
    assert bare != court and entity(conn, "Court") == bare


# Acronyms --------------------------------------------------------------------------------------

def test_an_acronym_joins_its_expansion_once_an_article_ties_them(conn: sqlite3.Connection) -> None:
    airline = entity(conn, "Singapore Airlines", aliases=["SIA"])
    assert entity(conn, "SIA") == airline
    assert entity(conn, "Singapore Airlines (SIA)") == airline  # as the tagger may give it
    assert entity(conn, "National Hurricane Center (NHC") == entity(conn, "NHC")  # a tagger's cut bracket


def test_an_acronym_seen_first_is_merged_into_its_expansion(tmp_path: Path) -> None:
    db = tmp_path / "sia.db"
    conn = connect(db)
    write(conn, speech("early", "SIA", "organisation"))
    write(conn, speech("tie", "Singapore Airlines", "organisation", ["SIA"]))
    write(conn, speech("later", "SIA", "organisation"))
    conn.close()
    assert speakers(db) == {"early": "Singapore Airlines", "tie": "Singapore Airlines", "later": "Singapore Airlines"}
    with sqlite3.connect(db) as check:
        assert check.execute("SELECT count(*) FROM entities").fetchone()[0] == 1
        assert check.execute("SELECT reason, name FROM identity_merges").fetchall() == [("acronym", "SIA")]
    check.close()


def test_an_acronym_with_two_expansions_joins_neither(conn: sqlite3.Connection) -> None:
    airline = entity(conn, "Singapore Airlines", aliases=["SIA"])
    authority = entity(conn, "Security Industry Authority", aliases=["SIA"])
    assert authority != airline  # the acronym ties nothing to the airline
    assert entity(conn, "SIA") not in (airline, authority)


def test_an_acronym_used_alone_in_more_articles_than_its_tie_stays_its_own(conn: sqlite3.Connection) -> None:
    """"ABC" alone in three stories (Australian and American ones alike), then one article writes
    "American Broadcasting Company (ABC)": one article does not outweigh three."""
    bare = entity(conn, "ABC", "outlet")
    assert entity(conn, "ABC", "outlet") == bare and entity(conn, "ABC", "outlet") == bare
    network = entity(conn, "American Broadcasting Company (ABC)", "organisation")
    assert network != bare and alive(conn, bare)
    assert entity(conn, "ABC", "outlet") == bare  # a bare "ABC" still joins the bare one...
    assert alive(conn, network)  # ...and does not pull the network in by the acronym it abbreviates


def test_a_short_form_that_abbreviates_nothing_is_no_key(conn: sqlite3.Connection) -> None:
    game = entity(conn, "Minetest", aliases=["IRC"])  # a cluster that took in "IRC"
    assert entity(conn, "IRC") != game


# Short forms seen first: people -----------------------------------------------------------------

def test_a_surname_alone_is_the_one_person_articles_call_by_it(conn: sqlite3.Connection) -> None:
    melania = entity(conn, "Melania Trump", "person", ["Melania"])
    mary = entity(conn, "Mary Trump", "person")
    stray = entity(conn, "Trump", "person")  # nobody is known as "Trump" yet: two people have the surname
    assert stray not in (melania, mary)
    donald = entity(conn, "Donald Trump", "person", ["Trump"])
    assert not alive(conn, stray)  # merged into the person now known by that surname alone
    assert entity(conn, "Trump", "person") == donald
    assert entity(conn, "President Trump", "person") == donald
    assert {melania, mary, donald} == {row[0] for row in conn.execute("SELECT id FROM entities")}


def test_a_stray_surname_stays_when_two_people_are_called_by_it(conn: sqlite3.Connection) -> None:
    stray = entity(conn, "Johnson", "person")
    boris = entity(conn, "Boris Johnson", "person", ["Johnson"])
    assert boris == stray  # the full name joins the surname seen first: nobody else had it
    dwayne = entity(conn, "Dwayne Johnson", "person", ["Johnson"])
    alone = entity(conn, "Johnson", "person")
    assert dwayne != boris and alone not in (boris, dwayne)


# Types ------------------------------------------------------------------------------------------

def test_a_type_disagreement_is_one_entity_of_the_majority_type(conn: sqlite3.Connection) -> None:
    covid = entity(conn, "COVID-19", "organisation")
    assert entity(conn, "COVID-19", "person") == covid
    assert type_of(conn, covid) == "organisation"  # a tie keeps the type it had
    assert entity(conn, "COVID-19", "person") == covid
    assert type_of(conn, covid) == "person"  # two articles against one
    assert entity(conn, "COVID-19", "organisation") == covid and entity(conn, "COVID-19", "organisation") == covid
    assert type_of(conn, covid) == "organisation"
    assert count(conn) == 1


def test_entities_typed_apart_before_are_merged_when_an_article_shows_them_one(conn: sqlite3.Connection) -> None:
    organisation = entity(conn, "COVID-19", "organisation")
    person = entity(conn, "COVID", "person", ["COVID-19"])  # its key "covid" is no other entity's: a new one
    assert person != organisation and count(conn) == 2
    assert entity(conn, "COVID-19", "organisation") == organisation
    assert not alive(conn, person) and count(conn) == 1  # both known as "COVID-19": one referent
    assert [tuple(row) for row in conn.execute("SELECT reason, name FROM identity_merges")] == [("type", "COVID")]


def test_a_person_and_a_place_never_join_on_a_name_alone(conn: sqlite3.Connection) -> None:
    state = entity(conn, "Georgia", "place")
    person = entity(conn, "Georgia", "person")
    assert state != person and entity(conn, "Georgia", "place") == state
    assert entity(conn, "Montreal", "organisation", ["University of Montreal"]) != entity(conn, "Montreal", "place")
    assert entity(conn, "Samoa", "outlet") == entity(conn, "Samoa", "place")  # a place mis-typed as an outlet


def test_a_person_joins_an_organisation_only_when_the_name_is_nobody_elses(conn: sqlite3.Connection) -> None:
    assert entity(conn, "Nicola Sturgeon", "person") == entity(conn, "Nicola Sturgeon", "organisation")
    assert entity(conn, "Ford", "person") != entity(conn, "Ford", "organisation")  # a surname alone
    assert entity(conn, "Walt Disney", "person") != entity(conn, "Walt Disney Company", "organisation")


# Guard rails for people, kept ---------------------------------------------------------------------

def test_namesakes_stay_apart(conn: sqlite3.Connection) -> None:
    assert entity(conn, "Donald Trump", "person", ["Trump"]) != entity(conn, "Donald Trump Jr.", "person")
    assert entity(conn, "George Bush", "person") != entity(conn, "George W. Bush", "person")


# Through the writer: every row follows a merge, and a hand split is never undone ------------------

def speech(key: str, name: str, entity_type: str = "person", aliases: list[str] | None = None) -> ArticleRecord:
    """A one-quotation article: '<name> said the plan will work.' (spelled by `aliases` once more)."""
    spellings = [name, *(aliases or [])]
    text = ", ".join(spellings) + " said the plan will work."
    mentions, start = [], 0
    for spelling in spellings:
        mentions.append(Mention(Span.of(text, start, start + len(spelling)), "ORG", "name"))
        start += len(spelling) + 2
    said = text.index(" said")
    quote = Quote("Q1", "indirect", [Span.of(text, said + 6, len(text) - 1)], cue=Span.of(text, said + 1, said + 5),
                  source=mentions[-1].span, speaker="E1", confidence=0.8)
    found = Entity("E1", name, entity_type, aliases=aliases or [], mentions=mentions)  # type: ignore[arg-type]
    return ArticleRecord(id=key, text=text, published="2024-12-01", entities=[found], quotes=[quote])


def write(conn: sqlite3.Connection, record: ArticleRecord) -> None:
    write_article(conn, record, hashlib.sha256(record.id.encode()).hexdigest(), record.id)


def speakers(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as check:
        found = dict(check.execute("SELECT a.key, e.name FROM quotes q JOIN articles a ON a.id = q.article_id "
                                   "JOIN entities e ON e.id = q.speaker_id"))
        mismatched = check.execute("SELECT count(*) FROM mentions m JOIN article_entities ae ON ae.id = "
                                   "m.article_entity_id WHERE m.entity_id != ae.entity_id").fetchone()[0]
    check.close()
    assert mismatched == 0
    return found


def test_a_merge_inside_one_article_leaves_its_rows_on_the_entity_kept(tmp_path: Path) -> None:
    """An article whose first entity is the bare acronym and whose second ties it to its expansion:
    the quotation said by the first is the merged entity's."""
    db = tmp_path / "same.db"
    conn = connect(db)
    write(conn, speech("early", "WFP", "organisation"))
    text = "WFP said the plan will work. The World Food Programme (WFP) agreed."
    acronym = Span.of(text, 0, 3)
    full = Span.of(text, text.index("World"), text.index(" (WFP"))
    inner = Span.of(text, text.index("WFP)"), text.index("WFP)") + 3)
    record = ArticleRecord(
        id="both", text=text, published="2024-12-02",
        entities=[Entity("E1", "WFP", "organisation", mentions=[Mention(acronym, "ORG")]),  # type: ignore[arg-type]
                  Entity("E2", "World Food Programme", "organisation", aliases=["WFP"],  # type: ignore[arg-type]
                         mentions=[Mention(full, "ORG"), Mention(inner, "ORG", "alias")])],
        quotes=[Quote("Q1", "indirect", [Span.of(text, 9, 27)], cue=Span.of(text, 4, 8), source=acronym,
                      speaker="E1", confidence=0.8)])
    write(conn, record)
    conn.close()
    assert speakers(db) == {"early": "World Food Programme", "both": "World Food Programme"}


def test_a_hand_split_is_never_undone_by_a_later_article(tmp_path: Path) -> None:
    db = tmp_path / "split.db"
    conn = connect(db)
    write(conn, speech("full", "Donald Trump", aliases=["Trump"]))
    write(conn, speech("bare", "Trump"))
    conn.close()
    assert speakers(db) == {"full": "Donald Trump", "bare": "Donald Trump"}
    with Store(db, writable=True) as store:
        store.split("Donald Trump", "Trump")  # the user: that "Trump" is someone else
    conn = connect(db)
    write(conn, speech("again", "Donald Trump", aliases=["Trump"]))  # would merge a bare "Trump" into him
    write(conn, speech("bare-again", "Trump"))
    replay(conn)
    conn.close()
    found = speakers(db)
    assert found["full"] == found["again"] == "Donald Trump"
    assert found["bare"] == found["bare-again"] == "Trump"
