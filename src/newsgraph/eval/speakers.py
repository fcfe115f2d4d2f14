"""Scoring who said what against hand-annotated articles (docs/evaluation.md, "Who said what").

The gold format and the scoring rules are those of the speaker annotation guidelines: each gold
entry is a quotation located by an `anchor` (the opening words of its content) with the speaker's
canonical name, aliases and accepted alternatives (`alt`). A prediction matches an entry when its
content covers at least half of the anchor's words; its speaker is right when one of its names
equals one of the entry's names after normalisation. PolNeAR scores the source span as written;
this scores the speaker a reader is told, after coreference and identity.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..record import ArticleRecord
from .corpus import CorpusReport, analysed_articles

Offsets = tuple[int, int]
KINDS = ("direct", "indirect", "mixed")
_WORD = re.compile(r"\S+")
_NOT_NAME_CHAR = re.compile(r"[^\w]+")


def normalise_name(name: str) -> str:
    """A name as compared by the scorer: NFKC, lower case, no "'s", punctuation as spaces, no leading "the"."""
    folded = unicodedata.normalize("NFKC", name).lower().replace("’", "'").replace("‘", "'")
    folded = re.sub(r"'s\b", "", folded)
    folded = " ".join(_NOT_NAME_CHAR.sub(" ", folded).split())
    return folded[4:] if folded.startswith("the ") else folded


@dataclass(slots=True)
class GoldEntry:
    """One annotated quotation, located in the article's text (`span` is the anchor's offsets)."""

    anchor: str
    speaker: str | None
    names: frozenset[str]  # the speaker's normalised name and aliases
    alt_names: frozenset[str]  # the accepted alternatives' normalised names and aliases
    kind: str
    optional: bool
    span: Offsets | None = None

    @classmethod
    def from_json(cls, item: dict[str, Any]) -> GoldEntry:
        speaker = item.get("speaker")
        names = [speaker, *item.get("aliases", [])] if speaker else []
        alts = [name for alt in item.get("alt", []) for name in (alt["speaker"], *alt.get("aliases", []))]
        return cls(anchor=item["anchor"], speaker=speaker, kind=item.get("kind", "direct"),
                   names=frozenset(filter(None, map(normalise_name, names))),
                   alt_names=frozenset(filter(None, map(normalise_name, alts))),
                   optional=bool(item.get("optional", False)))

    def locate(self, text: str, at: str | None, base: int = 0) -> None:
        """Find the anchor in `text` (inside `at` when given); offsets are shifted by `base`."""
        context = at or self.anchor
        where = text.find(context)
        if where < 0:
            return
        inner = context.find(self.anchor) if at else 0
        if inner < 0:
            return
        self.span = (base + where + inner, base + where + inner + len(self.anchor))

    def accepts(self, names: frozenset[str] | None) -> bool:
        """Whether a prediction naming `names` (None: no speaker) gives this entry's speaker."""
        if self.speaker is None:
            return names is None or bool(names & self.alt_names)
        return names is not None and bool(names & (self.names | self.alt_names))


@dataclass(slots=True)
class Prediction:
    """One predicted quotation: its content spans and its speaker's normalised names (None: unresolved)."""

    content: list[Offsets]
    names: frozenset[str] | None
    kind: str = "direct"
    speaker: str | None = None  # the name shown in error listings
    text: str = ""

    @property
    def start(self) -> int:
        return min(start for start, _ in self.content)


def coverage(anchor: Offsets, text: str, content: Sequence[Offsets]) -> float:
    """The share of the anchor's words that `content` covers (a word: half of its characters inside)."""
    words = [(anchor[0] + m.start(), anchor[0] + m.end()) for m in _WORD.finditer(text[anchor[0]:anchor[1]])]
    if not words:
        return 0.0
    covered = 0
    for start, end in words:
        inside = sum(max(0, min(end, c_end) - max(start, c_start)) for c_start, c_end in content)
        covered += 2 * inside >= end - start
    return covered / len(words)


@dataclass(slots=True)
class Counts:
    """The scorer's counts over a set of entries and predictions."""

    required: int = 0
    found: int = 0
    named_found: int = 0
    speaker_right: int = 0  # among found entries with a named speaker
    null_found: int = 0
    false_resolutions: int = 0  # found null-speaker entries given a name not in `alt`
    found_right: int = 0  # found entries whose speaker is right (named or null)
    predicted: int = 0  # counted predictions (those matching only optional entries are left out)
    predicted_matching: int = 0
    predicted_right: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float | int]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        precision, recall = ratio(self.predicted_right, self.predicted), ratio(self.found_right, self.required)
        return {
            "required": self.required, "found": self.found, "predictions": self.predicted,
            "recall": ratio(self.found, self.required), "precision": ratio(self.predicted_matching, self.predicted),
            "speaker_accuracy": ratio(self.speaker_right, self.named_found),
            "false_resolutions": self.false_resolutions, "null_found": self.null_found,
            "who_said_what_precision": precision, "who_said_what_recall": recall,
            "who_said_what_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        }


@dataclass(slots=True)
class ArticleScore:
    """One article's counts, by kind, and what went wrong in it."""

    article: str
    total: Counts = field(default_factory=Counts)
    by_kind: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in KINDS})
    missed: list[tuple[GoldEntry, str]] = field(default_factory=list)  # (entry, its sentence)
    wrong: list[tuple[GoldEntry, Prediction, str]] = field(default_factory=list)
    unmatched: list[Prediction] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)  # anchors not found in the text


def sentence_around(text: str, span: Offsets) -> str:
    """The sentence (or line) holding `span`, for error listings."""
    starts = [text.rfind(mark, 0, span[0]) for mark in (". ", "? ", "! ", "\n")]
    start = max(starts) + 1
    ends = [e for mark in (". ", "? ", "! ", "\n") if (e := text.find(mark, span[1])) >= 0]
    end = min(ends) + 1 if ends else len(text)
    return " ".join(text[start:end].split())


def score_article(article: str, text: str, entries: Sequence[GoldEntry], predictions: Sequence[Prediction]
                  ) -> ArticleScore:
    """Match predictions to the located entries of one article and count."""
    score = ArticleScore(article)
    matches: dict[int, list[GoldEntry]] = {i: [] for i in range(len(predictions))}
    for entry in entries:
        if entry.span is None:
            score.unlocated.append(entry.anchor)
            continue
        best = _best_prediction(entry.span, text, predictions)
        if best is not None:
            matches[best].append(entry)
        if entry.optional:
            continue
        counts = [score.total, score.by_kind.setdefault(entry.kind, Counts())]
        found = best is not None
        right = found and entry.accepts(predictions[best].names)  # type: ignore[index]
        for c in counts:
            c.required += 1
            c.found += found
            c.found_right += right
            if found and entry.speaker is not None:
                c.named_found += 1
                c.speaker_right += right
            elif found:
                c.null_found += 1
                c.false_resolutions += not right
        if not found:
            score.missed.append((entry, sentence_around(text, entry.span)))
        elif not right:
            score.wrong.append((entry, predictions[best], sentence_around(text, entry.span)))  # type: ignore[index]
    for index, prediction in enumerate(predictions):
        matched = matches[index]
        required = [e for e in matched if not e.optional]
        if matched and not required:
            continue  # matches only optional entries: neither right nor wrong
        right = any(e.accepts(prediction.names) for e in required)
        kinds = {e.kind for e in required} or {prediction.kind}
        for c in [score.total, *(score.by_kind.setdefault(kind, Counts()) for kind in kinds)]:
            c.predicted += 1
            c.predicted_matching += bool(required)
            c.predicted_right += right
        if not matched:
            score.unmatched.append(prediction)
    return score


def _best_prediction(anchor: Offsets, text: str, predictions: Sequence[Prediction]) -> int | None:
    """The prediction covering the most of the anchor (at least half of it), ties to the nearest start."""
    best: tuple[float, int] | None = None
    chosen = None
    for index, prediction in enumerate(predictions):
        share = coverage(anchor, text, prediction.content)
        if share < 0.5:
            continue
        key = (share, -abs(prediction.start - anchor[0]))
        if best is None or key > best:
            best, chosen = key, index
    return chosen


def predictions_from_record(record: ArticleRecord, body_start: int = 0) -> list[Prediction]:
    """The record's quotations as predictions; those wholly before `body_start` (the headline) are dropped."""
    predictions = []
    for quote in record.quotes:
        if not quote.content or max(span.end for span in quote.content) <= body_start:
            continue
        entity = record.entity(quote.speaker)
        names = frozenset(filter(None, map(normalise_name, [entity.name, *entity.aliases]))) if entity else None
        predictions.append(Prediction(
            content=[(span.start, span.end) for span in quote.content], names=names, kind=quote.kind,
            speaker=entity.name if entity else None, text=" … ".join(span.text for span in quote.content)))
    return predictions


@dataclass(slots=True)
class SpeakerReport(CorpusReport):
    """The figures over a gold file: in total, by kind and per article."""

    group_field: ClassVar[str] = "by_kind"

    def new_counts(self) -> Counts:
        return Counts()

    def groups(self) -> dict[str, Counts]:
        return self.summed_groups(KINDS)


def load_gold(path: Path) -> dict[str, list[tuple[dict[str, Any], GoldEntry]]]:
    """The gold file's entries per article id, each with its raw item (for `at`)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {article_id: [(item, GoldEntry.from_json(item)) for item in article["quotes"]]
            for article_id, article in data["articles"].items()}


def evaluate(gold_path: Path, corpus_paths: Sequence[str], *, engine: Any = None, limit: int | None = None
             ) -> SpeakerReport:
    """Run the engine on every gold article found in the corpus and score who said what."""
    from ..pipeline import Engine
    from ..settings import DEFAULT_SETTINGS

    gold = load_gold(gold_path)
    articles, missing = analysed_articles(gold, corpus_paths, engine or Engine(DEFAULT_SETTINGS), limit)
    report = SpeakerReport(gold=str(gold_path), missing=missing)
    for article in articles:
        if article.record is None:
            report.rejected.append(f"{article.id}: {article.rejection}")
        predictions = predictions_from_record(article.record, article.body_start) if article.record else []
        entries = []
        for item, entry in gold[article.id]:
            entry.locate(article.text[article.body_start:], item.get("at"), article.body_start)
            entries.append(entry)
        report.articles.append(score_article(article.id, article.text, entries, predictions))
    return report


def format_table(report: SpeakerReport) -> Any:
    """Rows: all and each kind; columns: quotation recall and precision, speaker accuracy, false resolutions
    (of found null-speaker entries) and who-said-what precision, recall and F1."""
    from rich import box
    from rich.table import Table

    table = Table(title=f"Who said what ({len(report.articles)} articles)", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for column in ("", "gold", "found", "R", "P", "speaker", "false", "wsw P", "wsw R", "wsw F1"):
        table.add_column(column, justify="left" if not column else "right")
    for label, counts in [("all", report.total()), *report.groups().items()]:
        f = counts.figures()
        table.add_row(label, str(f["required"]), str(f["found"]),
                      *(f"{100 * f[k]:.1f}" for k in ("recall", "precision", "speaker_accuracy")),
                      f"{f['false_resolutions']}/{f['null_found']}",
                      *(f"{100 * f[k]:.1f}" for k in ("who_said_what_precision", "who_said_what_recall",
                                                      "who_said_what_f1")))
    return table


def write_errors(report: SpeakerReport, path: Path) -> None:
    """Every miss with its sentence, every wrong speaker and every unmatched prediction, per article."""
    with path.open("w", encoding="utf-8") as out:
        for article in report.articles:
            if not (article.missed or article.wrong or article.unmatched or article.unlocated):
                continue
            out.write(f"## {article.article}\n")
            for entry, sentence in article.missed:
                out.write(f"  missed     [{entry.kind}] {entry.anchor!r} (gold: {entry.speaker})\n"
                          f"             in: {sentence}\n")
            for entry, prediction, sentence in article.wrong:
                out.write(f"  speaker    [{entry.kind}] {entry.anchor!r} gold: {entry.speaker}, "
                          f"predicted: {prediction.speaker}\n             in: {sentence}\n")
            for prediction in article.unmatched:
                out.write(f"  unmatched  {prediction.text[:120]!r} (speaker: {prediction.speaker})\n")
            for anchor in article.unlocated:
                out.write(f"  unlocated  {anchor!r} (the gold anchor is not in the text)\n")

