"""Bad input: a clear message and a reason code, never a traceback; a batch goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft, ArticleRecord
from newsgraph.settings import DEFAULT_SETTINGS
from newsgraph.sources import draft_from_bytes, read_paths


def reason(items: list) -> str:
    [error] = [i for i in items if isinstance(i, InputError)]
    return error.reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n\t  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_unreadable_inputs(data: bytes, expected: str) -> None:
    assert reason(draft_from_bytes(data, "input", DEFAULT_SETTINGS)) == expected


def test_size_limit(tmp_path: Path) -> None:
    small = DEFAULT_SETTINGS.with_(max_input_bytes=100)
    path = tmp_path / "big.txt"
    path.write_text("word " * 50, encoding="utf-8")
    assert reason(list(read_paths([str(path)], small))) == "too_large"


def test_non_english_is_reported_not_analysed(engine: Engine) -> None:
    text = ("Le président de la République a annoncé mardi soir une série de mesures pour soutenir le pouvoir "
            "d'achat des ménages, a indiqué l'Élysée dans un communiqué publié après le conseil des ministres.")
    results = list(engine.analyze_many([ArticleDraft(id="fr", text=text)]))
    assert isinstance(results[0], InputError) and results[0].reason == "not_english"
    assert "fr" in results[0].message


def test_text_with_no_letters(engine: Engine) -> None:
    [result] = engine.analyze_many([ArticleDraft(id="n", text="12345 --- 678 ...")])
    assert isinstance(result, InputError) and result.reason == "empty"


def test_one_bad_article_does_not_stop_the_batch(engine: Engine) -> None:
    drafts = [ArticleDraft(id="a", text="Mayor Jane Doe said the bridge would open in May."),
              InputError("bad_json", "not valid JSON", "x.jsonl:2"),
              ArticleDraft(id="c", text="\n\n"),
              ArticleDraft(id="d", text="Tom Baker said the council would appeal.")]
    results = list(engine.analyze_many(drafts))
    assert [type(r).__name__ for r in results] == ["ArticleRecord", "InputError", "InputError", "ArticleRecord"]


def test_unbalanced_quotation_marks_give_a_valid_record_and_a_flag(analyse) -> None:
    record = analyse('Row over bridge\n\nTom Baker said: "The council has failed us.\nResidents were not told.')
    assert isinstance(record, ArticleRecord)
    assert any(f.type == "unbalanced_quotes" for f in record.flags)


def test_quotation_spanning_the_whole_article(analyse) -> None:
    body = " ".join(["The council has failed every resident of this town, and it knows it."] * 8)
    record = analyse(f'Headline\n\n"{body}')
    assert isinstance(record, ArticleRecord)
    assert all(record.text[s.start : s.end] == s.text for q in record.quotes for s in q.content)


def test_quotation_left_open_at_the_end_of_the_article_is_flagged(analyse) -> None:
    record = analyse('Row over bridge\n\nTom Baker said "this never ends and goes on and on\n')
    flags = [f for f in record.flags if f.type == "unbalanced_quotes"]
    assert flags and flags[0].spans[0].text == '"'
