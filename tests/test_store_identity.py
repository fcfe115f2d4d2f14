"""Cross-article identity: spellings that are one person join, different people stay apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.store.identity import entity_for, find_entities
from newsgraph.store.persons import PersonName, same_person, transliteration_key
from newsgraph.store.schema import connect


@pytest.fixture()
def conn(tmp_path: Path):  # type: ignore[no-untyped-def]
    connection = connect(tmp_path / "identity.db")
    yield connection
    connection.close()


def person(conn, name: str, aliases: list[str] | None = None) -> int:  # type: ignore[no-untyped-def]
    return entity_for(conn, name, "person", aliases or [], None, None)


def test_name_parts_drop_titles_and_keep_suffixes() -> None:
    assert PersonName.parse("President Volodymyr Zelenskyy") == PersonName("volodymyr", (), "zelenskyy", "")
    assert PersonName.parse("Donald Trump Jr.").suffix == "jr"
    assert PersonName.parse("George W. Bush").middle == ("w",)
    assert PersonName.parse("Zelenskyy") == PersonName("", (), "zelenskyy", "")


def test_transliteration_variants_share_a_key() -> None:
    keys = {transliteration_key(v) for v in ("zelenskyy", "zelensky", "zelenskiy", "zelenskyi")}
    assert len(keys) == 1
    assert transliteration_key("johnson") != transliteration_key("johnston")


def test_zelenskyy_spellings_across_articles_are_one_entity(conn) -> None:  # type: ignore[no-untyped-def]
    first = person(conn, "Volodymyr Zelenskyy", ["Zelenskyy"])
    for spelling in ("Zelensky", "Zelenskiy", "Volodymyr Zelenskyy", "President Zelenskyy", "Volodymyr Zelenskiy",
                     "Volodymyr Zelesnkyy"):
        assert person(conn, spelling) == first, spelling
    assert conn.execute("SELECT count(*) FROM entities").fetchone()[0] == 1


def test_surname_first_then_full_name_joins_and_takes_the_full_name(conn) -> None:  # type: ignore[no-untyped-def]
    short = person(conn, "Zelenskyy")
    assert person(conn, "Volodymyr Zelensky") == short
    assert conn.execute("SELECT name FROM entities WHERE id = ?", (short,)).fetchone()[0] == "Volodymyr Zelensky"


def test_a_suffix_keeps_father_and_son_apart(conn) -> None:  # type: ignore[no-untyped-def]
    father = person(conn, "Donald Trump", ["Trump"])
    son = person(conn, "Donald Trump Jr.")
    assert father != son
    assert person(conn, "Donald Trump Jr") == son
    # "Trump" alone is the father: an article called him so, none the son.
    assert person(conn, "Trump") == father
    # Once an article calls the son "Trump" too, "Trump" alone could be either: a new entity, no guess.
    assert person(conn, "Donald Trump Jr.", ["Trump"]) == son
    alone = person(conn, "Trump")
    assert alone not in (father, son)
    assert person(conn, "Trump Jr.") == son  # the suffix says which of them


def test_a_middle_initial_on_one_side_only_keeps_people_apart(conn) -> None:  # type: ignore[no-untyped-def]
    assert person(conn, "George Bush") != person(conn, "George W. Bush")
    assert not same_person(PersonName.parse("George Bush"), PersonName.parse("George W. Bush"))


def test_different_forenames_are_different_people(conn) -> None:  # type: ignore[no-untyped-def]
    assert person(conn, "Boris Johnson") != person(conn, "Dwayne Johnson")
    assert person(conn, "Hillary Clinton") != person(conn, "Bill Clinton")


def test_a_typo_is_tolerated_in_one_name_part_only(conn) -> None:  # type: ignore[no-untyped-def]
    rutte = person(conn, "Mark Rutte")
    assert person(conn, "Mark Rute") == rutte  # a doubled letter is a romanisation variant
    assert person(conn, "Mark Rutta") != rutte  # too short a surname for a typo
    zelenskyy = person(conn, "Volodymyr Zelenskyy")
    assert person(conn, "Volodimir Zelesnkyy") != zelenskyy  # a typo in both parts is someone else
    assert person(conn, "Volodimyr Zelenskyy") == zelenskyy
    assert person(conn, "Kier Starmer") != person(conn, "Keir Starmer")  # short names: no typo tolerance


def test_organisations_join_by_name_and_known_alias(conn) -> None:  # type: ignore[no-untyped-def]
    street = entity_for(conn, "Downing Street", "organisation", [], None, None)
    assert entity_for(conn, "Number 10", "organisation", [], None, None) == street
    assert entity_for(conn, "Nato", "organisation", [], None, None) != street
    # Same name, other type: another entity.
    assert entity_for(conn, "Downing Street", "place", [], None, None) != street


def test_find_entities_by_any_spelling(conn) -> None:  # type: ignore[no-untyped-def]
    first = person(conn, "Volodymyr Zelenskyy")
    assert [row["id"] for row in find_entities(conn, "Zelenskiy")] == [first]
    assert [row["id"] for row in find_entities(conn, f"#{first}")] == [first]
    assert find_entities(conn, "Nobody Atall") == []


def test_a_name_used_alone_does_not_pull_in_a_stranger(conn) -> None:  # type: ignore[no-untyped-def]
    # "Jonna" alone (a forename, read as a one-word name) must not make "Satyendra Jain" join her.
    jonna = person(conn, "Jonna Mendez", ["Jonna"])
    assert person(conn, "Satyendra Jain") != jonna


def test_a_regnal_number_joins_the_one_person_known_without_it(conn) -> None:  # type: ignore[no-untyped-def]
    queen = person(conn, "Queen Elizabeth")
    assert person(conn, "Queen Elizabeth II") == queen  # nobody else is called Elizabeth II


def test_articles_that_disagree_on_a_gender_leave_it_unknown(conn) -> None:  # type: ignore[no-untyped-def]
    first = entity_for(conn, "Ngozi Walsh", "person", [], None, "female")
    assert entity_for(conn, "Ngozi Walsh", "person", [], None, None) == first
    assert entity_for(conn, "Ngozi Walsh", "person", [], None, "female") == first
    gender = conn.execute("SELECT gender FROM entities WHERE id = ?", (first,)).fetchone()[0]
    assert gender == "female"
    entity_for(conn, "Ngozi Walsh", "person", [], None, "male")
    entity_for(conn, "Ngozi Walsh", "person", [], None, "female")  # a later article cannot settle it
    gender = conn.execute("SELECT gender FROM entities WHERE id = ?", (first,)).fetchone()[0]
    assert gender not in ("male", "female")
