"""Scoring events against hand-annotated articles (docs/event-annotation.md, section 9).

A gold event is located by its anchors (the main one and those of its further mentions); a
prediction matches it when its trigger starts in the sentence of one of those anchors (sentences
cut by a fixed rule, eval/sentences.py) and its type is the gold type or an accepted alternative.
Matching is one to one and greedy, best pairs first; a prediction that lost its only candidates to
others is a duplicate (a mention coreference left unresolved), counted apart from false positives.
Fields are then compared over the matched required events: actor, recipients (set F1), place,
date (cut to the gold's precision) and status.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..record import ArticleRecord
from .sentences import Offsets, Sentences
from .speakers import normalise_name

FIELDS = ("actor", "recipients", "place", "date", "status")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def _days_of_week(week: str) -> list[datetime.date]:
    """The seven days of an ISO week value ("2019-W03")."""
    year, number = (int(part) for part in week.split("-W"))
    return [datetime.date.fromisocalendar(year, number, day) for day in range(1, 8)]


# newsgraph's INTERVIEW is the annotation's CONSULT (mode interview); the other types are shared.
_AS_GOLD_TYPE = {"INTERVIEW": "CONSULT"}


class Names:
    """An article's canonical names and the other forms its text uses, compared after normalisation."""

    def __init__(self, aliases: dict[str, list[str]]) -> None:
        self._canonical: dict[str, str] = {}
        for name, forms in aliases.items():
            for form in (name, *forms):
                self._canonical.setdefault(normalise_name(form), normalise_name(name))

    def canonical(self, name: str | None) -> str | None:
        if name is None:
            return None
        folded = normalise_name(name)
        return self._canonical.get(folded, folded) or None

    def best(self, names: Sequence[str]) -> str | None:
        """The first of an entity's names (its name, then its aliases) that the article's gold knows."""
        for name in names:
            folded = normalise_name(name)
            if folded in self._canonical:
                return self._canonical[folded]
        return self.canonical(names[0]) if names else None


@dataclass(slots=True)
class Location:
    """Where one mention of a gold event is: its anchor's offsets and its sentence's."""

    anchor: Offsets
    sentence: Offsets
    main: bool


@dataclass(slots=True)
class GoldEvent:
    """One annotated event with its names already normalised and mapped to the article's canonical ones."""

    anchor: str
    trigger: str
    type: str
    types: frozenset[str]
    actor: str | None
    actor_alt: frozenset[str]
    recipients: frozenset[str]
    symmetric: bool  # CONSULT or joint: participants compared as one set
    place: str | None
    place_alt: frozenset[str]
    date: str | None
    status: str
    optional: bool
    locations: list[Location] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, item: dict[str, Any], names: Names) -> GoldEvent:
        def mapped(values: Iterable[str]) -> frozenset[str]:
            return frozenset(filter(None, map(names.canonical, values)))

        return cls(anchor=item["anchor"], trigger=item["trigger"], type=item["type"],
                   types=frozenset([item["type"], *item.get("alt_types", [])]),
                   actor=names.canonical(item.get("actor")), actor_alt=mapped(item.get("actor_alt", [])),
                   recipients=mapped(item.get("recipients", [])),
                   symmetric=item["type"] == "CONSULT" or bool(item.get("joint")),
                   place=names.canonical(item.get("place")), place_alt=mapped(item.get("place_alt", [])),
                   date=item.get("date"), status=item["status"], optional=bool(item.get("optional")))

    def locate(self, item: dict[str, Any], text: str, sentences: Sentences, base: int = 0) -> None:
        """Find the main anchor and every mention in `text` (through `at` when given); offsets shifted by `base`."""
        for mention, main in [(item, True), *((m, False) for m in item.get("mentions", []))]:
            anchor = _find(text, mention["anchor"], mention.get("at"))
            sentence = sentences.of(base + anchor) if anchor is not None else None
            if anchor is None or sentence is None:
                self.unlocated.append(mention["anchor"])
                continue
            self.locations.append(Location((base + anchor, base + anchor + len(mention["anchor"])), sentence, main))

    @property
    def participants(self) -> frozenset[str]:
        return frozenset(filter(None, {self.actor, *self.recipients}))

    def actor_right(self, actor: str | None) -> bool:
        if self.symmetric and actor is not None:
            return actor in self.participants | self.actor_alt
        if self.actor is None:
            return actor is None or actor in self.actor_alt
        return actor in {self.actor} | self.actor_alt

    def recipients_f1(self, prediction: PredictedEvent) -> float:
        gold, predicted = self.recipients, prediction.recipients
        if self.symmetric:
            gold, predicted = self.participants, prediction.participants
        if not gold and not predicted:
            return 1.0
        shared = len(gold & predicted)
        return 2 * shared / (len(gold) + len(predicted))

    def place_right(self, place: str | None) -> bool:
        if self.place is None:
            return place is None or place in self.place_alt
        return place in {self.place} | self.place_alt

    def date_right(self, date: str | None) -> bool:
        if self.date is None or date is None:
            return self.date == date
        if _WEEK.fullmatch(date):
            # a week, cut to a gold month or year, is right when all its days are in it ("last week": 2019-01)
            days = {day.isoformat()[: len(self.date)] for day in _days_of_week(date)}
            return days == {self.date}
        return len(date) >= len(self.date) and date[: len(self.date)] == self.date

    def field_scores(self, prediction: PredictedEvent) -> dict[str, float]:
        return {"actor": float(self.actor_right(prediction.actor)),
                "recipients": self.recipients_f1(prediction),
                "place": float(self.place_right(prediction.place)),
                "date": float(self.date_right(prediction.date)),
                "status": float(self.status == prediction.status)}


def _find(text: str, anchor: str, at: str | None) -> int | None:
    where = text.find(at or anchor)
    inner = (at or anchor).find(anchor)
    return where + inner if where >= 0 and inner >= 0 else None


@dataclass(slots=True)
class PredictedEvent:
    """One predicted event, its names normalised and mapped like the gold's."""

    type: str
    trigger: Offsets
    actor: str | None
    recipients: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()  # participants in neither role ("with", "between")
    place: str | None = None
    date: str | None = None
    status: str = "happened"
    trigger_text: str = ""

    @property
    def participants(self) -> frozenset[str]:
        return frozenset(filter(None, {self.actor, *self.recipients, *self.others}))


def predictions_from_record(record: ArticleRecord, names: Names, body_start: int = 0) -> list[PredictedEvent]:
    """The record's events as predictions; those whose trigger is in the headline (before `body_start`) are dropped."""
    def name_of(entity_id: str | None) -> str | None:
        entity = record.entity(entity_id) if entity_id else None
        return names.best([entity.name, *entity.aliases]) if entity else None

    predictions = []
    for event in record.events:
        if event.trigger.start < body_start:
            continue
        symmetric = event.type in ("CONSULT", "INTERVIEW")
        # a role's named entities, else the people or group it describes ("the protesters")
        actors = [*map(name_of, event.with_role("actor")), *map(names.canonical, event.described("actor"))]
        others = [*map(name_of, event.with_role("participant")),
                  *map(names.canonical, event.described("participant"))]
        recipients = [*map(name_of, event.with_role("recipient")), *map(names.canonical, event.described("recipient"))]
        actor = (actors or (others if symmetric else []) or [None])[0]
        others = [*actors[1:], *others]  # "Turkey and Libya signed": both are in a joint event's participant set
        predictions.append(PredictedEvent(
            type=_AS_GOLD_TYPE.get(event.type, event.type), trigger=(event.trigger.start, event.trigger.end),
            actor=actor, recipients=frozenset(filter(None, recipients)),
            others=frozenset(filter(None, others)), place=name_of(event.place),
            date=event.date, status=event.status, trigger_text=event.trigger.text))
    return predictions


def _pair_key(prediction: PredictedEvent, gold: GoldEvent) -> tuple[int, int, int, int] | None:
    """How good a candidate pair is (smaller is better), or None when the prediction cannot match the event."""
    if prediction.type not in gold.types:
        return None
    start = prediction.trigger[0]
    keys = [(0 if loc.anchor[0] <= start < loc.anchor[1] else 1, 0 if loc.main else 1, int(gold.optional),
             abs(start - loc.anchor[0])) for loc in gold.locations if loc.sentence[0] <= start < loc.sentence[1]]
    return min(keys) if keys else None


@dataclass(slots=True)
class Counts:
    """The scorer's counts over a set of gold events and predictions."""

    required: int = 0
    found: int = 0
    predictions: int = 0  # all predictions, matched to optional events and duplicates included
    true_positives: int = 0  # predictions matched to required events
    false_positives: int = 0
    wrong_type: int = 0  # false positives in the sentence of a required event of another type
    duplicates: int = 0
    optional_matched: int = 0
    actor: float = 0.0
    recipients: float = 0.0
    place: float = 0.0
    date: float = 0.0
    status: float = 0.0

    def add(self, other: Counts) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float | int]:
        def ratio(a: float, b: int) -> float:
            return a / b if b else 0.0

        return {
            "required": self.required, "found": self.found, "predictions": self.predictions,
            "false_positives": self.false_positives, "duplicates": self.duplicates,
            "optional_matched": self.optional_matched,
            "recall": ratio(self.found, self.required),
            "precision": ratio(self.true_positives, self.true_positives + self.false_positives),
            "strict_precision": ratio(self.true_positives,
                                      self.true_positives + self.false_positives + self.duplicates),
            "type_precision": ratio(self.true_positives, self.true_positives + self.wrong_type),
            **{name: ratio(getattr(self, name), self.found) for name in FIELDS},
        }


@dataclass(slots=True)
class ArticleScore:
    """One article's counts, by gold type (recall, fields) and by predicted type (precision), and its errors."""

    article: str
    total: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    missed: list[tuple[GoldEvent, str]] = field(default_factory=list)  # (event, its sentence)
    false_positives: list[tuple[PredictedEvent, str]] = field(default_factory=list)
    duplicates: list[tuple[PredictedEvent, str]] = field(default_factory=list)
    # (event, prediction, field, gold value, predicted value)
    wrong: list[tuple[GoldEvent, PredictedEvent, str, str, str]] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)

    def of_type(self, kind: str) -> Counts:
        return self.by_type.setdefault(kind, Counts())


def score_article(article: str, text: str, gold: Sequence[GoldEvent], predictions: Sequence[PredictedEvent]
                  ) -> ArticleScore:
    """Match the predictions to the located gold events of one article, one to one, and count."""
    score = ArticleScore(article)
    sentences = Sentences(text)
    pairs = sorted((key, p, g) for p, prediction in enumerate(predictions) for g, event in enumerate(gold)
                   if (key := _pair_key(prediction, event)) is not None)
    assigned: dict[int, int] = {}  # prediction -> gold event
    taken: set[int] = set()
    for _, p, g in pairs:
        if p not in assigned and g not in taken:
            assigned[p] = g
            taken.add(g)
    candidates = {p for _, p, _ in pairs}
    required_sentences = {loc.sentence for event in gold if not event.optional for loc in event.locations}
    for event in gold:
        score.unlocated.extend(event.unlocated)
    matched_by_gold = {g: p for p, g in assigned.items()}
    for g, event in enumerate(gold):
        if event.optional or not event.locations:
            continue
        counts = [score.total, score.of_type(event.type)]
        for c in counts:
            c.required += 1
        p = matched_by_gold.get(g)
        if p is None:
            score.missed.append((event, _sentence_text(text, event.locations[0].sentence)))
            continue
        prediction = predictions[p]
        fields = event.field_scores(prediction)
        for c in counts:
            c.found += 1
            for name, value in fields.items():
                setattr(c, name, getattr(c, name) + value)
        for name, value in fields.items():
            if value < 1.0:
                score.wrong.append((event, prediction, name, _shown(event, name, event.symmetric),
                                    _shown(prediction, name, event.symmetric)))
    for p, prediction in enumerate(predictions):
        counts = [score.total, score.of_type(prediction.type)]
        where = sentences.of(prediction.trigger[0])
        sentence = _sentence_text(text, where) if where else ""
        for c in counts:
            c.predictions += 1
            if p in assigned:
                optional = gold[assigned[p]].optional
                c.optional_matched += optional
                c.true_positives += not optional
            elif p in candidates:
                c.duplicates += 1
            else:
                c.false_positives += 1
                c.wrong_type += where in required_sentences
        if p in candidates and p not in assigned:
            score.duplicates.append((prediction, sentence))
        elif p not in assigned:
            score.false_positives.append((prediction, sentence))
    return score


def _sentence_text(text: str, span: Offsets) -> str:
    return " ".join(text[span[0]:span[1]].split())


def _shown(event: GoldEvent | PredictedEvent, name: str, symmetric: bool) -> str:
    if name == "recipients":
        return ", ".join(sorted(event.participants if symmetric else event.recipients)) or "-"
    value = getattr(event, name)
    return "-" if value is None else str(value)


def load_gold(path: Path) -> dict[str, tuple[Names, list[tuple[dict[str, Any], GoldEvent]]]]:
    """The gold file's events per article id, each with its raw item (for its anchors), and the article's names."""
    data = json.loads(path.read_text(encoding="utf-8"))
    articles = {}
    for article_id, article in data["articles"].items():
        names = Names(article.get("aliases", {}))
        articles[article_id] = (names, [(item, GoldEvent.from_json(item, names)) for item in article["events"]])
    return articles
