"""The who-said-what scorer: matching, speaker rules and figures (docs/speaker-annotation.md)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.eval.speakers import (
    GoldEntry,
    Prediction,
    coverage,
    load_gold,
    normalise_name,
    score_article,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora/wikinews-2019-2020/articles.jsonl"
GOLD = ROOT / "corpora/wikinews-2019-2020/gold/speakers.json"


def _entry(text: str, anchor: str, speaker: str | None, *, aliases: tuple[str, ...] = (), alt: tuple[str, ...] = (),
           kind: str = "direct", optional: bool = False) -> GoldEntry:
    entry = GoldEntry.from_json({"anchor": anchor, "speaker": speaker, "aliases": list(aliases), "kind": kind,
                                 "alt": [{"speaker": a, "aliases": []} for a in alt], "optional": optional})
    entry.locate(text, None)
    return entry


def _said(text: str, content: str, *names: str) -> Prediction:
    start = text.index(content)
    return Prediction([(start, start + len(content))], frozenset(map(normalise_name, names)) if names else None)


def test_names_are_normalised_as_the_guidelines_say() -> None:
    assert normalise_name("The Emergencies Ministry’s") == "emergencies ministry"
    assert normalise_name("Zelenskyy, Volodymyr") == "zelenskyy volodymyr"
    assert normalise_name("ﬁrst  Minister") == "first minister"  # NFKC folds the ligature


def test_a_word_is_covered_when_half_its_characters_are() -> None:
    text = "alpha beta gamma delta"
    assert coverage((0, len(text)), text, [(0, 10)]) == 0.5  # "alpha" and "beta" whole
    assert coverage((0, len(text)), text, [(0, 8)]) == 0.5  # "beta": 3 of 4 characters
    assert coverage((0, len(text)), text, [(0, 7)]) == 0.25  # "beta": 1 of 4 is not enough


def test_right_wrong_and_missed_speakers_are_counted() -> None:
    text = 'Mayor Ann Lee said the bridge will reopen soon. "We are ready," a spokesman said. Ted left.'
    entries = [_entry(text, "the bridge will reopen soon", "Ann Lee", aliases=("Lee",), kind="indirect"),
               _entry(text, "We are ready,", None, alt=("City Hall",)),
               _entry(text, "Ted left", "Ted", kind="indirect")]
    predictions = [_said(text, "the bridge will reopen soon", "Mayor Lee", "Lee"),
                   _said(text, "We are ready,", "Ann Lee")]
    score = score_article("a", text, entries, predictions)
    figures = score.total.figures()
    assert (figures["required"], figures["found"]) == (3, 2)
    assert figures["speaker_accuracy"] == 1.0  # "Lee" is one of the gold aliases
    assert (figures["false_resolutions"], figures["null_found"]) == (1, 1)  # Ann Lee is not in alt
    assert figures["who_said_what_recall"] == 1 / 3
    assert figures["precision"] == 1.0 and figures["who_said_what_precision"] == 0.5
    assert [entry.anchor for entry, _ in score.missed] == ["Ted left"]
    assert score.missed[0][1] == "Ted left."


def test_null_speakers_accept_silence_or_an_alternative() -> None:
    text = "Police said the road was closed."
    entry = _entry(text, "the road was closed", None, alt=("Kent Police",), kind="indirect")
    assert entry.accepts(None)
    assert entry.accepts(frozenset({"kent police"}))
    assert not entry.accepts(frozenset({"ann lee"}))


def test_predictions_matching_only_optional_entries_are_left_out() -> None:
    text = 'He called it "a non-starter". She said the plan failed.'
    entries = [_entry(text, "a non-starter", "Bo", optional=True), _entry(text, "the plan failed", "Jo")]
    predictions = [_said(text, '"a non-starter"', "Bo"), _said(text, "the plan failed", "Jo"),
                   _said(text, "She said", "Jo")]
    figures = score_article("a", text, entries, predictions).total.figures()
    assert figures["predictions"] == 2  # the optional match is neither right nor wrong
    assert figures["precision"] == 0.5


def test_the_gold_itself_scores_perfectly_and_nothing_scores_zero() -> None:
    """A prediction built from each entry (anchor as content, gold speaker) scores 100%."""
    gold = load_gold(GOLD)
    texts = {a["id"]: a["text"] for a in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines())}
    perfect, empty = [], []
    for article_id, items in gold.items():
        text = texts[article_id]
        entries = []
        for item, entry in items:
            entry.locate(text, item.get("at"))
            assert entry.span is not None, f"{article_id}: {entry.anchor!r} not found"
            entries.append(entry)
        predictions = [Prediction([e.span], (e.names or None) if e.speaker else None)  # type: ignore[list-item]
                       for e in entries]
        perfect.append(score_article(article_id, text, entries, predictions).total.figures())
        empty.append(score_article(article_id, text, entries, []).total.figures())
    assert sum(f["required"] for f in perfect) == 382
    assert all(f["recall"] == f["precision"] == f["who_said_what_f1"] == 1.0 for f in perfect if f["required"])
    assert all(f["speaker_accuracy"] == 1.0 for f in perfect if f["found"] > f["null_found"])
    assert all(f["recall"] == 0.0 and f["found"] == 0 for f in empty)


def test_the_command_scores_the_engine_and_lists_its_errors(tmp_path: Path) -> None:
    errors = tmp_path / "errors.txt"
    result = CliRunner().invoke(app, ["eval", "speakers", str(GOLD), str(CORPUS), "--limit", "2", "--json",
                                      "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["articles"] == 2
    assert 0 < figures["total"]["recall"] <= 100
    assert set(figures["by_kind"]) == {"direct", "indirect", "mixed"}
    assert errors.read_text(encoding="utf-8").startswith("## wikinews:")


def test_an_unreadable_gold_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "gold.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "speakers", str(bad), str(CORPUS)])
    assert result.exit_code == 2
