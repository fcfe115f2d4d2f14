"""Scoring quotation attribution (source, cue, content) against a brat corpus (docs/evaluation.md).

Per role, per article, spans are compared after trimming whitespace at their edges:
- exact: a predicted span counts when a gold span of the same role has the same bounds (each
  span of a discontinuous content counts on its own; duplicates count once);
- overlap: predicted and gold spans are paired one to one, largest overlap first; a pair counts
  for both precision and recall.
Micro-averaged over the corpus. Predictions are every quotation and attribution of the record.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from .. import terminal
from ..errors import ExitCode, InputError
from ..record import ArticleDraft, ArticleRecord
from ..settings import DEFAULT_SETTINGS, Settings
from .brat import ROLES, CorpusDoc, GoldAttribution, Offsets, corpus_problem, iter_corpus

REFUSED_SPLIT = "test"


@dataclass
class RoleScore:
    exact_tp: int = 0
    predicted: int = 0
    gold: int = 0
    overlap_tp_predicted: int = 0
    overlap_tp_gold: int = 0

    @staticmethod
    def _f1(precision: float, recall: float) -> float:
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def figures(self) -> dict[str, float]:
        p = self.exact_tp / self.predicted if self.predicted else 0.0
        r = self.exact_tp / self.gold if self.gold else 0.0
        op = self.overlap_tp_predicted / self.predicted if self.predicted else 0.0
        orc = self.overlap_tp_gold / self.gold if self.gold else 0.0
        return {"precision": p, "recall": r, "f1": self._f1(p, r),
                "overlap_precision": op, "overlap_recall": orc, "overlap_f1": self._f1(op, orc)}


@dataclass
class ArticleErrors:
    name: str
    missed: list[tuple[str, str]] = field(default_factory=list)  # (role, gold text)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)  # (role, predicted text, rule)
    boundary: list[tuple[str, str, str]] = field(default_factory=list)  # (role, predicted, gold)


@dataclass
class EvalReport:
    split: str
    articles: int = 0
    seconds: float = 0.0
    roles: dict[str, RoleScore] = field(default_factory=lambda: {role: RoleScore() for role in ROLES})
    errors: list[ArticleErrors] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "split": self.split, "articles": self.articles,
            "articles_per_second": round(self.articles / self.seconds, 2) if self.seconds else None,
            "roles": {role: {k: round(100 * v, 1) for k, v in score.figures().items()}
                      | {"gold": score.gold, "predicted": score.predicted} for role, score in self.roles.items()},
            "rejected": self.rejected,
        }


def trimmed(text: str, span: Offsets) -> Offsets:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def predictions_from_record(record: ArticleRecord) -> list[GoldAttribution]:
    """Every quotation and attribution of `record` as role spans."""
    return [
        GoldAttribution(
            source=[(q.source.start, q.source.end)] if q.source else [],
            cue=[(q.cue.start, q.cue.end)] if q.cue else [],
            content=[(s.start, s.end) for s in q.content],
            rule=q.rule,
        )
        for q in record.quotes + record.attributions
    ]


def _role_spans(text: str, attributions: Iterable[GoldAttribution], role: str) -> set[Offsets]:
    return {span for a in attributions for s in a.spans(role) if (span := trimmed(text, s))[1] > span[0]}


def _overlap_pairs(predicted: set[Offsets], gold: set[Offsets]) -> list[tuple[Offsets, Offsets]]:
    candidates = sorted(
        ((min(p[1], g[1]) - max(p[0], g[0]), p, g) for p in predicted for g in gold if p[0] < g[1] and g[0] < p[1]),
        reverse=True,
    )
    used_p: set[Offsets] = set()
    used_g: set[Offsets] = set()
    pairs = []
    for _, p, g in candidates:
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
            pairs.append((p, g))
    return pairs


def score_article(doc: CorpusDoc, predicted: list[GoldAttribution], report: EvalReport) -> None:
    """Add one article's counts and errors to `report`."""
    text = doc.text
    errors = ArticleErrors(doc.name)
    for role in ROLES:
        gold = _role_spans(text, doc.attributions, role)
        pred = _role_spans(text, predicted, role)
        pairs = _overlap_pairs(pred, gold)
        score = report.roles[role]
        score.gold += len(gold)
        score.predicted += len(pred)
        score.exact_tp += len(pred & gold)
        score.overlap_tp_predicted += len(pairs)
        score.overlap_tp_gold += len(pairs)
        paired_p = {p for p, _ in pairs}
        paired_g = {g for _, g in pairs}
        errors.missed += [(role, text[s:e]) for s, e in sorted(gold - paired_g)]
        rules = {span: a.rule for a in predicted for span in _role_spans(text, [a], role)}
        errors.spurious += [(role, text[s:e], rules.get((s, e), "")) for s, e in sorted(pred - paired_p)]
        errors.boundary += [(role, text[p[0]:p[1]], text[g[0]:g[1]]) for p, g in pairs if p != g]
    report.errors.append(errors)


def evaluate(root: Path, split: str = "dev", *, engine: Any = None, limit: int | None = None,
             settings: Settings | None = None, allow_test: bool = False) -> EvalReport:
    """Run the engine on every article of `split` and score it (no publication dates are given)."""
    if split == REFUSED_SPLIT and not allow_test:
        raise ValueError("the test split is kept for independent measurement; develop on train and dev")
    from ..pipeline import Engine

    engine = engine or Engine(settings or DEFAULT_SETTINGS)
    docs = list(iter_corpus(root, split))[:limit]
    report = EvalReport(split)
    started = time.perf_counter()
    results = engine.analyze_many(ArticleDraft(id=d.name, text=d.text, origin=d.name) for d in docs)
    for doc, result in zip(docs, results, strict=True):
        if isinstance(result, InputError):
            report.rejected.append(f"{doc.name}: {result.reason}")
            score_article(doc, [], report)
        else:
            score_article(doc, predictions_from_record(result), report)
        report.articles += 1
    report.seconds = time.perf_counter() - started
    return report


def format_table(report: EvalReport) -> Table:
    """Role x exact and overlap precision, recall, F1."""
    table = Table(title=f"Attribution on {report.split} ({report.articles} articles)", title_justify="left")
    for column in ("role", "P", "R", "F1", "overlap P", "overlap R", "overlap F1", "gold", "predicted"):
        table.add_column(column, justify="left" if column == "role" else "right")
    for role, score in report.roles.items():
        f = score.figures()
        table.add_row(role, *(f"{100 * f[k]:.1f}" for k in ("precision", "recall", "f1", "overlap_precision",
                                                              "overlap_recall", "overlap_f1")),
                      str(score.gold), str(score.predicted))
    if report.seconds:
        table.caption = f"{report.articles / report.seconds:.2f} articles/s"
    return table


def write_errors(report: EvalReport, path: Path) -> None:
    """A readable error analysis: per article, missed, spurious and boundary mismatches."""
    with path.open("w", encoding="utf-8") as out:
        for article in report.errors:
            if not (article.missed or article.spurious or article.boundary):
                continue
            out.write(f"## {article.name}\n")
            for role, text in article.missed:
                out.write(f"  missed   {role:7s} {text!r}\n")
            for role, text, rule in article.spurious:
                out.write(f"  spurious {role:7s} {text!r}  [{rule}]\n")
            for role, predicted, gold in article.boundary:
                out.write(f"  boundary {role:7s} predicted {predicted!r}\n                   gold      {gold!r}\n")


def run_eval_command(root: str, split: str, limit: int | None, errors_path: str | None, as_json: bool,
                     allow_test: bool, settings: Settings = DEFAULT_SETTINGS) -> int:
    """The `newsgraph eval attribution` command; returns its exit code."""
    console, err = terminal.console(), terminal.console(stderr=True)
    if split == REFUSED_SPLIT and not allow_test:
        err.print("[red]error:[/red] the test split is kept for independent measurement; develop on train and dev")
        return int(ExitCode.USAGE)
    problem = corpus_problem(Path(root), split)
    if problem:
        err.print(f"[red]error:[/red] {escape(problem)}")
        return int(ExitCode.USAGE)
    try:
        report = evaluate(Path(root), split, limit=limit, allow_test=allow_test, settings=settings)
    except ValueError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        return int(ExitCode.USAGE)
    if as_json:
        console.print_json(json.dumps(report.to_dict()))
    else:
        terminal.block(console, format_table(report))
    if errors_path:
        try:
            write_errors(report, Path(errors_path))
        except OSError as error:
            err.print(f"[red]error:[/red] cannot write {escape(errors_path)}: {escape(error.strerror or str(error))}")
            return int(ExitCode.USAGE)
        err.print(f"error analysis written to {escape(errors_path)}")
    return int(ExitCode.OK)
