"""Looking an entity up by name: a stray entity called "Trump" must not shadow Donald Trump, known as
"Trump" in many articles; an ambiguous name lists every candidate. The same lookup serves the
commands and `Store`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import ExitCode, NotFoundError
from newsgraph.record import ArticleRecord, Entity, Mention, Quote, Span
from newsgraph.store import Store
from newsgraph.store.schema import connect
from newsgraph.store.writer import write_article

runner = CliRunner()


def article(number: int, people: list[tuple[str, str, list[str], int]]) -> ArticleRecord:
    """An article naming each (name, type, other spellings, quotations said) once by every spelling,
    with that many quotations attributed to it; every span is an exact offset into the text."""
    text, entities, quotes = f"Story {number}\n\n", [], []
    for index, (name, kind, spellings, said) in enumerate(people, 1):
        mentions = []
        for spelling in [name, *spellings]:
            start = len(text)
            text += spelling
            mentions.append(Mention(Span.of(text, start, len(text)), "PERSON" if kind == "person" else "ORG"))
            text += " was there. "
        for quote in range(said):
            start = len(text) + 1
            text += f"\"Line {quote} of story {number} by {index}.\""
            content = Span.of(text, start, len(text) - 1)
            text += " said "
            cue = Span.of(text, len(text) - 5, len(text) - 1)
            source_start = len(text)
            text += spellings[-1] if spellings else name
            quotes.append(Quote(f"Q{len(quotes) + 1}", "direct", [content], cue=cue,
                                source=Span.of(text, source_start, len(text)), speaker=f"E{index}", confidence=0.9))
            text += ". "
        entities.append(Entity(f"E{index}", name, kind, aliases=spellings, mentions=mentions))  # type: ignore[arg-type]
    return ArticleRecord(id=f"story-{number}", text=text, headline=f"Story {number}",
                         published=f"2024-11-{number:02d}", entities=entities, quotes=quotes)


def build(path: Path, stray_articles: int) -> Path:
    """Donald Trump ("Trump" in every article, 2 quotations each) in 6 articles, Melania Trump
    (also "Trump" there) in one, and then articles that name only "Trump": identity cannot tell
    which of the two people called "Trump" it is, so a stray person "Trump" is made, with one
    quotation; and an organisation called "Trump"."""
    conn = connect(path)
    articles = [article(n, [("Donald Trump", "person", ["Trump"], 2)]) for n in range(1, 7)]
    articles.append(article(7, [("Melania Trump", "person", ["Trump"], 0)]))
    articles += [article(8 + n, [("Trump", "person", [], 1 if n == 0 else 0)]) for n in range(stray_articles)]
    articles.append(article(20, [("Trump", "organisation", [], 0)]))
    for record in articles:
        write_article(conn, record, record.id, None)
    conn.close()
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("lookup") / "trump.db", stray_articles=2)


def ids(db: Path) -> dict[tuple[str, str], int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, name, type FROM entities").fetchall()
        found = {(name, kind): entity_id for entity_id, name, kind in rows}
    conn.close()
    return found


def test_the_store_holds_the_stray_entities(db: Path) -> None:
    assert {("Donald Trump", "person"), ("Melania Trump", "person"), ("Trump", "person"),
            ("Trump", "organisation")} <= set(ids(db))


def test_a_name_is_the_best_supported_entity_known_by_it(db: Path) -> None:
    donald = ids(db)[("Donald Trump", "person")]
    with Store(db) as store:
        quotes = store.quotes(speaker="Trump")
        assert len(quotes) == 12 and {q["speaker"] for q in quotes} == {"Donald Trump"}
        assert store.lookup("President Trump").id == donald
        profile = store.entity("Trump")
        assert profile["id"] == donald
        others = {(c["name"], c["type"]) for c in profile["other_candidates"]}
        assert others == {("Trump", "person"), ("Trump", "organisation"), ("Melania Trump", "person")}
        assert store.timeline("Trump")[0]["title"] == "Story 1"
        assert store.entity_ids("Trump")[0] == donald


def test_the_commands_use_the_same_lookup_and_say_who_else_it_may_be(db: Path) -> None:
    result = runner.invoke(app, ["quotes", "--speaker", "Trump", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Donald Trump" in result.stdout and "Line 0 of story 8" not in result.stdout
    note = " ".join(result.stderr.split())
    assert "'Trump' taken as #" in note and "may also be" in note and "Melania Trump (person" in note
    shown = runner.invoke(app, ["entity", "President Trump", "--db", str(db)])
    assert shown.exit_code == 0 and shown.stdout.startswith(f"#{ids(db)[('Donald Trump', 'person')]} Donald Trump")


def test_an_ambiguous_name_lists_every_candidate(tmp_path: Path) -> None:
    # Seven articles call the stray "Trump" so (and one quotation): against Donald Trump's 6 articles
    # and 12 quotations that is not evidence enough to choose (18 < 3 x 8).
    db = build(tmp_path / "close.db", stray_articles=7)
    with Store(db) as store, pytest.raises(NotFoundError) as raised:
        store.quotes(speaker="Trump")
    for candidate in ("Donald Trump (person", "#", "Trump (person", "Trump (organisation", "Melania Trump"):
        assert candidate in str(raised.value)
    result = runner.invoke(app, ["entity", "Trump", "--db", str(db)])
    assert result.exit_code == ExitCode.NOT_FOUND and "Donald Trump" in result.output


def test_a_correction_takes_no_guess_and_never_the_kept_entity(tmp_path: Path) -> None:
    db = build(tmp_path / "merge.db", stray_articles=2)
    with Store(db, writable=True) as store:
        with pytest.raises(NotFoundError, match="could be several"):
            store.rename("Trump", "Donald J. Trump")  # a correction does not pick by evidence
        done = store.merge("Donald Trump", "#" + str(ids(db)[("Trump", "person")]))
        assert "merged" in done
        # The others called "Trump", never the kept one: Melania Trump and the organisation, so no guess.
        with pytest.raises(NotFoundError, match="could be several") as raised:
            store.merge("Donald Trump", "Trump")
        assert "Melania Trump" in str(raised.value) and "Donald" not in str(raised.value)
        store.merge("Donald Trump", "#" + str(ids(db)[("Trump", "organisation")]))
        assert len(store.quotes(speaker="Donald Trump")) == 13
    assert ("Trump", "organisation") not in ids(db) and ("Trump", "person") not in ids(db)


@pytest.mark.parametrize("command", [["entity"], ["quotes", "--speaker"], ["entity", "rename"]])
def test_an_id_past_any_row_names_no_entity(db: Path, command: list[str]) -> None:
    """'#' and more digits than SQLite's integers hold: not found (exit 7), never an internal error."""
    extra = ["New name"] if command[-1] == "rename" else []
    result = runner.invoke(app, [*command, "#99999999999999999999999", *extra, "--db", str(db)])
    assert result.exit_code == ExitCode.NOT_FOUND, result.output
    assert "no entity" in result.output
