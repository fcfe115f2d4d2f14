"""The attribution scorer on a tiny brat corpus written here (no PolNeAR content)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.eval.attribution import EvalReport, evaluate, run_eval_command, score_article
from newsgraph.eval.brat import CorpusDoc, GoldAttribution, iter_corpus, read_brat

TEXT = 'Bridge row\n\nTom Baker said the bridge would open in May. "It is late," Jane Doe said.\n'


def span(text: str, part: str, start: int = 0) -> tuple[int, int]:
    index = text.index(part, start)
    return index, index + len(part)


def write_corpus(root: Path, annotators: int = 1) -> None:
    base = root / "data" / "dev"
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    (base / "text" / "doc1.txt").write_text(TEXT, encoding="utf-8")
    s1, c1, t1 = span(TEXT, "Tom Baker"), span(TEXT, "said"), span(TEXT, "the bridge would open in May")
    s2, c2 = span(TEXT, "Jane Doe"), span(TEXT, "said", t1[1])
    t2a, t2b = span(TEXT, '"It is'), span(TEXT, 'late,"')
    lines = [
        f"T1\tSource {s1[0]} {s1[1]}\tTom Baker", f"T2\tCue {c1[0]} {c1[1]}\tsaid",
        f"T3\tContent {t1[0]} {t1[1]}\tthe bridge would open in May",
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
        f"T4\tSource {s2[0]} {s2[1]}\tJane Doe", f"T5\tCue {c2[0]} {c2[1]}\tsaid",
        f"T6\tContent {t2a[0]} {t2a[1]};{t2b[0]} {t2b[1]}\t\"It is late,\"",
        "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6",
        "T7\tDiscard 0 6\tBridge",
    ]
    (base / "attributions" / "doc1_aaaa.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if annotators > 1:
        (base / "attributions" / "doc1_bbbb.ann").write_text("", encoding="utf-8")


def test_read_brat_discontinuous_and_links(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    [doc] = list(iter_corpus(tmp_path, "dev"))
    first, second = doc.attributions
    assert TEXT[slice(*first.source[0])] == "Tom Baker"
    assert [TEXT[s:e] for s, e in second.content] == ['"It is', 'late,"']


def test_one_annotator_per_article_in_sorted_order(tmp_path: Path) -> None:
    write_corpus(tmp_path, annotators=2)
    [doc] = list(iter_corpus(tmp_path / "data", "dev"))  # the data/ folder itself works too
    assert len(doc.attributions) == 2  # doc1_aaaa.ann, not the empty doc1_bbbb.ann


def test_exact_and_overlap_figures_by_hand(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    [doc] = list(iter_corpus(tmp_path, "dev"))
    predicted = [
        GoldAttribution(source=[span(TEXT, "Tom Baker")], cue=[span(TEXT, "said")],
                        content=[span(TEXT, "the bridge would open in May.")]),  # content too long: overlap only
        GoldAttribution(source=[span(TEXT, " Jane Doe")], cue=[], content=[]),  # whitespace trimmed: exact
        GoldAttribution(source=[span(TEXT, "Bridge row")], cue=[], content=[]),  # spurious
    ]
    report = EvalReport("dev")
    score_article(doc, predicted, report)
    source, cue, content = (report.roles[r].figures() for r in ("source", "cue", "content"))
    assert (source["precision"], source["recall"]) == pytest.approx((2 / 3, 1.0))
    assert (cue["precision"], cue["recall"]) == pytest.approx((1.0, 0.5))
    assert (content["precision"], content["recall"]) == (0.0, 0.0)
    assert (content["overlap_precision"], content["overlap_recall"]) == pytest.approx((1.0, 1 / 3))
    assert report.errors[0].boundary == [("content", "the bridge would open in May.", "the bridge would open in May")]


def test_one_predicted_span_cannot_match_two_gold_spans() -> None:
    text = "aaaa bbbb"
    doc = CorpusDoc("d", text, [GoldAttribution(content=[(0, 4), (5, 9)])])
    report = EvalReport("dev")
    score_article(doc, [GoldAttribution(content=[(0, 9)])], report)
    assert report.roles["content"].overlap_tp_gold == 1


def test_evaluate_end_to_end_with_the_engine(tmp_path: Path, engine) -> None:  # type: ignore[no-untyped-def]
    write_corpus(tmp_path)
    report = evaluate(tmp_path, "dev", engine=engine)
    figures = report.to_dict()["roles"]
    assert report.articles == 1 and set(figures) == {"source", "cue", "content"}
    assert figures["source"]["f1"] == 100.0  # both speakers are found exactly


def test_test_split_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="independent"):
        evaluate(tmp_path, "test")
    assert run_eval_command(str(tmp_path), "test", None, None, False, False) == 2


def test_missing_corpus_is_a_usage_error(tmp_path: Path) -> None:
    assert run_eval_command(str(tmp_path / "nowhere"), "dev", None, None, False, False) == 2


def test_read_brat_tolerates_junk_lines(tmp_path: Path) -> None:
    ann = tmp_path / "x.ann"
    ann.write_text("garbage\nT1\tSource 0 3\tTom\n#1\tAnnotatorNotes T1\tnote\nE1\tAttribution:T1 Source:T1\n")
    [gold] = read_brat(ann, "Tom said")
    assert gold.source == [(0, 3)]
