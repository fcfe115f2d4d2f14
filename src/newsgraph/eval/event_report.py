"""`newsgraph eval events`: the engine over a gold file's articles, its figures, table and error listing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from .corpus import CorpusReport, analysed_articles
from .events import FIELDS, Counts, load_gold, predictions_from_record, score_article
from .sentences import Sentences


@dataclass(slots=True)
class EventReport(CorpusReport):
    """The figures over a gold file: in total, by type and per article."""

    group_field: ClassVar[str] = "by_type"

    def new_counts(self) -> Counts:
        return Counts()

    def groups(self) -> dict[str, Counts]:
        """Per type, the most annotated first."""
        return dict(sorted(self.summed_groups().items(), key=lambda item: (-item[1].required, item[0])))


def evaluate(gold_path: Path, corpus_paths: Sequence[str], *, engine: Any = None, limit: int | None = None
             ) -> EventReport:
    """Run the engine on every gold article found in the corpus and score its events."""
    from ..pipeline import Engine
    from ..settings import DEFAULT_SETTINGS

    gold = load_gold(gold_path)
    articles, missing = analysed_articles(gold, corpus_paths, engine or Engine(DEFAULT_SETTINGS), limit)
    report = EventReport(gold=str(gold_path), missing=missing)
    for article in articles:
        names, items = gold[article.id]
        if article.record is None:
            report.rejected.append(f"{article.id}: {article.rejection}")
        body = article.text[article.body_start:]
        sentences = Sentences(body)
        events = []
        for item, event in items:
            event.locate(item, body, sentences)
            events.append(event)
        predictions = predictions_from_record(article.record, names, article.body_start) if article.record else []
        for prediction in predictions:  # offsets into the body, as the gold's
            start, end = prediction.trigger
            prediction.trigger = (start - article.body_start, end - article.body_start)
        report.articles.append(score_article(article.id, body, events, predictions))
    return report


def format_table(report: EventReport) -> Any:
    """Rows: all and each type; columns: gold, found, recall, precision (by predicted type), type precision,
    duplicates, then the accuracy of each field over the found events of that gold type."""
    from rich import box
    from rich.table import Table

    table = Table(title=f"Events ({len(report.articles)} articles)", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.caption = ("R recall, P precision, tP type precision, dup duplicates; the accuracy of actor, recipients "
                     "(F1), place, date and status over the found events")
    table.caption_justify = "left"
    for column in ("", "gold", "found", "R", "pred", "P", "tP", "dup", "act", "rcp", "plc", "date", "st"):
        table.add_column(column, justify="left" if not column else "right")
    for label, counts in [("all", report.total()), *report.groups().items()]:
        f = counts.figures()
        table.add_row(label, str(f["required"]), str(f["found"]), _percent(f, "recall", f["required"]),
                      str(f["predictions"]), _percent(f, "precision", f["predictions"]),
                      _percent(f, "type_precision", f["predictions"]), str(f["duplicates"]),
                      *(_percent(f, name, f["found"]) for name in FIELDS))
    return table


def _percent(figures: dict[str, float | int], name: str, base: float | int) -> str:
    return f"{100 * figures[name]:.0f}" if base else "-"  # whole percents: 13 columns in 80 (--json has tenths)


def write_errors(report: EventReport, path: Path) -> None:
    """Every missed event, false positive, duplicate and wrong field, per article."""
    with path.open("w", encoding="utf-8") as out:
        for article in report.articles:
            if not (article.missed or article.false_positives or article.duplicates or article.wrong
                    or article.unlocated):
                continue
            out.write(f"## {article.article}\n")
            for event, sentence in article.missed:
                out.write(f"  missed     [{event.type}] {event.anchor!r} (trigger {event.trigger!r})\n"
                          f"             in: {sentence}\n")
            for prediction, sentence in article.false_positives:
                out.write(f"  false      [{prediction.type}] trigger {prediction.trigger_text!r}\n"
                          f"             in: {sentence}\n")
            for prediction, sentence in article.duplicates:
                out.write(f"  duplicate  [{prediction.type}] trigger {prediction.trigger_text!r}\n"
                          f"             in: {sentence}\n")
            for event, _, name, gold, got in article.wrong:
                out.write(f"  {name:<10} [{event.type}] {event.anchor!r} gold: {gold}, predicted: {got}\n")
            for anchor in article.unlocated:
                out.write(f"  unlocated  {anchor!r} (the gold anchor is not in the text)\n")
