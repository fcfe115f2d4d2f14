"""Parsing in bounded batches: long articles in line-aligned pieces, rejoined with exact offsets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import newsgraph
from newsgraph.nlp import doc_text
from newsgraph.pipeline import Engine
from newsgraph.pipeline.parse import bounded_batches, line_pieces, parse_stream, parse_texts
from newsgraph.record import ArticleDraft
from newsgraph.settings import DEFAULT_SETTINGS

from .conftest import WIKINEWS

PARAGRAPH = ('"We will not accept this," said Maria Gonzalez, the mayor of Springfield, on Tuesday. '
             "She met the council in the town hall. ")


@pytest.mark.parametrize("text", [
    "one line only, no break at all " * 20,
    "first paragraph.\n\nsecond paragraph.\n\nthird paragraph.\n",
    "a\n \n\t b\n\n\n" * 30 + "end",
    "short",
    "",
])
def test_pieces_rejoin_to_the_text(text: str) -> None:
    for limit in (5, 17, 40, 10_000):
        assert "".join(line_pieces(text, limit)) == text


def test_pieces_are_cut_after_line_breaks_and_start_with_a_word() -> None:
    text = "\n\n".join(f"Paragraph {n} says something." for n in range(50))
    pieces = line_pieces(text, 100)
    assert len(pieces) > 10
    for piece in pieces[:-1]:
        assert piece.endswith("\n\n") and len(piece) <= 100
    for piece in pieces[1:]:
        assert piece[0].isalnum()


def test_a_stretch_without_line_breaks_stays_whole() -> None:
    text = "word " * 100 + "\n\nlast"
    assert line_pieces(text, 50) == ["word " * 100 + "\n\n", "last"]


def test_batches_are_bounded_in_items_and_characters() -> None:
    words = ["aaaa", "bb", "cccccc", "d", "eeeeeeeeee", "f"]
    batches = list(bounded_batches(words, 3, 8, len))
    assert [w for b in batches for w in b] == words
    for batch in batches:
        assert len(batch) <= 3
        assert len(batch) == 1 or sum(map(len, batch)) <= 8
    assert ["eeeeeeeeee"] in batches  # longer than the bound: alone


def test_a_long_text_parsed_in_pieces_keeps_its_text_offsets_and_sentences(engine: Engine) -> None:
    text = "\n\n".join(PARAGRAPH for _ in range(40))
    settings = DEFAULT_SETTINGS.with_(piece_chars=600, batch_chars=1_500)
    assert len(line_pieces(text, settings.piece_chars)) > 5
    [doc] = parse_texts(engine.nlp, [text], settings)
    [whole] = parse_texts(engine.nlp, [text], settings.with_(piece_chars=10**6, batch_chars=10**6))
    assert doc.text == text
    assert [(t.idx, t.text) for t in doc] == [(t.idx, t.text) for t in whole]
    assert [(s.start_char, s.end_char) for s in doc.sents] == [(s.start_char, s.end_char) for s in whole.sents]
    assert [(e.start_char, e.label_) for e in doc.ents] == [(e.start_char, e.label_) for e in whole.ents]


def test_parse_stream_keeps_order_and_count(engine: Engine) -> None:
    texts = [f"Text number {n}.\n\n" + PARAGRAPH * (n % 4) for n in range(23)]
    settings = DEFAULT_SETTINGS.with_(piece_chars=150, batch_chars=400, batch_size=4)
    docs = list(parse_stream(engine.nlp, iter(texts), settings))
    assert [d.text for d in docs] == texts


def test_the_text_recorded_with_each_doc_is_the_doc_text(engine: Engine) -> None:
    # The stages read doc_text, which parse_texts fills from the input instead of re-joining
    # the tokens: it must be exactly what spaCy would give, whole or in pieces.
    texts = ["", "short", "  leading and trailing spaces  ", "\n\n".join(PARAGRAPH for _ in range(12))]
    settings = DEFAULT_SETTINGS.with_(piece_chars=300, batch_chars=700)
    for doc, text in zip(parse_texts(engine.nlp, texts, settings), texts, strict=True):
        assert doc_text(doc) == doc.text == text


def test_the_longest_bundled_article_gives_the_same_record_in_pieces() -> None:
    rows = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines()]
    row = max(rows, key=lambda r: len(r["text"]))
    assert len(row["text"]) > 5 * DEFAULT_SETTINGS.piece_chars
    draft = ArticleDraft(id=row["id"], text=row["text"], headline=row.get("headline"), published=row.get("published"))
    in_pieces = Engine().analyze_draft(draft).to_dict()
    whole = Engine(DEFAULT_SETTINGS.with_(piece_chars=10**7, batch_chars=10**7)).analyze_draft(draft).to_dict()
    for key in ("quotes", "entities", "events", "attributions", "dates", "flags"):
        assert in_pieces[key] == whole[key], key


def test_the_stages_never_rebuild_a_docs_text() -> None:
    # spaCy re-joins every token on each `doc.text`; read once per span, it once cost the engine a
    # quarter of its stage time. The stages and the tagger read `doc_text` instead.
    package = Path(newsgraph.__file__).parent
    offenders = [f"{path.relative_to(package)}:{number}"
                 for folder in ("pipeline", "learn") for path in sorted((package / folder).glob("*.py"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"\bdoc\.text\b(?!_)", line)]
    assert offenders == []


def test_lowercase_columns_and_lexicon_scans_match_the_tokens(engine: Engine) -> None:
    from spacy.attrs import LEMMA, LOWER

    from newsgraph.nlp import lowercase_column, tokens_where

    text = json.loads(WIKINEWS.read_text(encoding="utf-8").splitlines()[3])["text"] + " SAID Interviews, ACCORDING to"
    doc = engine.nlp(text)
    assert lowercase_column(doc, LEMMA) == [t.lemma_.lower() for t in doc]
    assert lowercase_column(doc, LOWER) == [t.lower_ for t in doc]
    words = {"say", "interview", "accord"}
    assert [t.i for t in tokens_where(doc, LEMMA, words)] == [t.i for t in doc if t.lemma_.lower() in words]
    assert [t.text for t in tokens_where(doc, LOWER, {"according"})][-1] == "ACCORDING"
    assert lowercase_column(engine.nlp(""), LEMMA) == []


def test_a_warm_engine_keeps_its_model_out_of_the_cycle_collector(engine: Engine) -> None:
    import gc

    engine.warm()
    assert gc.get_freeze_count() > 50_000  # the model's objects, frozen once per process
