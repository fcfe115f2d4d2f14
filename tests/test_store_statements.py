"""The same statement across outlets: equal, re-punctuated, trimmed or slightly reworded copies group."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from newsgraph.names import fold
from newsgraph.pipeline import Engine
from newsgraph.store import Store, ingest
from newsgraph.store.statements import fingerprints, same_statement

ORIGINAL = "We will rebuild every school and every hospital that was destroyed in the flood, whatever it costs"


def test_copies_of_one_statement() -> None:
    a = fold(ORIGINAL)
    assert same_statement(a, fold(ORIGINAL.upper() + "!"))  # re-punctuated
    assert same_statement(a, fold("We will rebuild every school and every hospital that was destroyed in the flood"))
    assert same_statement(a, fold(ORIGINAL.replace("whatever it costs", "whatever it takes")))
    assert not same_statement(a, fold("We will not rebuild the stadium this year, the minister said"))
    assert not same_statement(fold("We will win"), fold("We will wait"))


def test_two_long_different_quotations_are_told_apart_quickly() -> None:
    # Transcripts quoted whole (2,000-10,000 characters) share a phrase or two with each other; telling
    # them apart took seconds a pair (a trim check aligning every window), the bulk of a store's writing
    # for the Wikinews corpus. A budget many times what it needs now.
    words = [fold(w) for w in ORIGINAL.split()] + [f"w{i}" for i in range(400)]
    chooser = random.Random(27)
    first = " ".join(chooser.choice(words) for _ in range(1800))
    second = " ".join(chooser.choice(words) for _ in range(1800))
    started = time.perf_counter()
    assert not same_statement(fold(first + " " + ORIGINAL), fold(ORIGINAL + " " + second))
    assert time.perf_counter() - started < 3.0


def test_a_trimmed_copy_shares_fingerprints_with_the_original() -> None:
    trimmed = "every school and every hospital that was destroyed in the flood"
    assert fingerprints(fold(ORIGINAL)) & fingerprints(fold(trimmed))


def test_statement_carried_by_three_outlets_with_its_first_appearance(tmp_path: Path, engine: Engine) -> None:
    versions = [
        ("Daily Post", "2024-03-02", f'"{ORIGINAL}," said Prime Minister Helen Ward on Saturday.'),
        ("Evening Star", "2024-03-01", f'Helen Ward said: "{ORIGINAL}."'),
        ("Morning Herald", "2024-03-03",
         '"We will rebuild every school and every hospital that was destroyed in the flood," Helen Ward said.'),
        ("Morning Herald", "2024-03-03", 'Helen Ward said: "The weather service failed us and it must change."'),
    ]
    lines = [json.dumps({"id": f"s{i}", "headline": f"Flood recovery {i}", "source": source, "published": date,
                         "text": f"Flood recovery {i}\n\n{body}"}) for i, (source, date, body) in enumerate(versions)]
    (tmp_path / "flood.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "flood.db"
    ingest([str(tmp_path / "flood.jsonl")], db, engine=engine, workers=1)
    with Store(db) as store:
        (statement,) = store.statements()
    assert statement["quote_count"] == 3 and statement["outlets"] == 3
    assert statement["first_published"] == "2024-03-01"
    assert statement["speaker"] == "Helen Ward"
    assert set(statement["carried_by"].split(",")) == {"Daily Post", "Evening Star", "Morning Herald"}


def test_a_short_quotation_with_a_word_changed_added_or_dropped_is_the_same_statement() -> None:
    # Short texts can share no word 4-gram once a word in the middle changes; the copies must still
    # meet (a shared fingerprint) and join (a word or two edited), else no altered quotation is seen.
    pairs = [("We must act now on climate change", "We must act today on climate change"),
             ("Our schools are safe for children", "Our schools are unsafe for children"),
             ("I never said that to the president", "I never said that to the prime minister"),
             ("We are going to pay for this wall", "We are not going to pay for this wall")]
    for original, copy in pairs:
        a, b = fold(original), fold(copy)
        assert fingerprints(a) & fingerprints(b), copy
        assert same_statement(a, b), copy
    assert not same_statement(fold("We must act now on climate change"), fold("We must wait for the report"))
    assert not same_statement(fold("We will win"), fold("We will lose"))  # too short to be one statement
    # A phrase too short to be told from another with one word changed (Wikinews, 2020).
    assert not same_statement(fold("infections in the United States"), fold("deaths in the United States"))
