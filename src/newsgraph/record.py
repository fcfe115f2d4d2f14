"""The typed article record: every fact newsgraph extracts, with character offsets into `text`.

The JSON form is versioned (`SCHEMA_VERSION`) and documented in docs/schema.md. Offsets are
Python string indices (code points) into `ArticleRecord.text`, end exclusive, so
`text[span.start:span.end] == span.text` always holds.
"""

from __future__ import annotations

import json
from bisect import bisect_left, insort
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.3"

EntityType = Literal["person", "organisation", "place", "outlet", "group", "other"]
# "no_comment": an attribution of a refusal or silence ("declined to comment"), never a quotation.
QuoteKind = Literal["direct", "indirect", "mixed", "no_comment"]
Precision = Literal["day", "month", "year", "week", "decade", "time", "unknown"]
EventStatus = Literal["happened", "planned", "denied", "hypothetical"]
ParticipantRole = Literal["actor", "recipient", "participant"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the analysed text: `text[start:end]`."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, full_text: str, start: int, end: int) -> Span:
        """The span of `full_text` between `start` and `end`."""
        return cls(start, end, full_text[start:end])

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class BoilerplateSpan:
    """Text excluded from analysis (promotion, sign-up, credit...), with its kind."""

    start: int
    end: int
    text: str
    kind: str


@dataclass(slots=True)
class Mention:
    """One mention of an entity, with the label the tagger gave it before cluster repair."""

    span: Span
    label: str
    kind: Literal["name", "title", "description", "pronoun", "alias"] = "name"


@dataclass(slots=True)
class Place:
    """Where a place entity is on the map, from the offline gazetteer (pipeline/places.py)."""

    # ISO 3166-1 alpha-2 country code ("GE"); for a region also `region_code` (ISO 3166-2, "US-GA").
    country_code: str | None
    geonames_id: int | None
    latitude: float | None
    longitude: float | None
    # `country`, `region` (a US state, a province) or `city`.
    feature: str
    region_code: str | None = None
    # 0-1: how sure the reading is (lower when another reading of the name was possible).
    confidence: float = 1.0


@dataclass(slots=True)
class Entity:
    """One referent within an article: a person, organisation, place or outlet."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    role: str | None = None
    roles: list[str] = field(default_factory=list)
    gender: Literal["male", "female"] | None = None
    # Map position of a place entity, when the gazetteer knows it.
    place: Place | None = None

    def first_offset(self) -> int:
        return min(m.span.start for m in self.mentions) if self.mentions else 0

    def add_mention(self, mention: Mention) -> None:
        """Add a mention found after clustering (a description, a pronoun, a speaker label),
        keeping the mentions in text order."""
        insort(self.mentions, mention, key=lambda m: m.span.start)


@dataclass(slots=True)
class Quote:
    """A quotation (PARC / PolNeAR attribution): content, cue and source spans, resolved speaker."""

    id: str
    kind: QuoteKind
    content: list[Span]
    cue: Span | None = None
    source: Span | None = None
    speaker: str | None = None
    venue: str | None = None
    venue_span: Span | None = None
    medium: str | None = None
    date: str | None = None
    confidence: float = 0.0
    inherited_from: str | None = None
    in_headline: bool = False
    # What the cue reports: speech, cognition, stance, evidence, intention or topic.
    cue_class: str = "speech"
    # How the attribution was found (rule name); kept for error analysis and the model card.
    rule: str = ""
    # The event at which it was said (an `Event.id`), when the text says so.
    event: str | None = None

    @property
    def start(self) -> int:
        spans = [s for s in (*self.content, self.cue, self.source) if s is not None]
        return min(s.start for s in spans)

    @property
    def end(self) -> int:
        spans = [s for s in (*self.content, self.cue, self.source) if s is not None]
        return max(s.end for s in spans)


@dataclass(slots=True)
class EventParticipant:
    """An entity taking part in an event, with its role and the words that say so."""

    entity: str
    role: ParticipantRole
    span: Span


@dataclass(slots=True)
class EventGroup:
    """People or a group taking part in an event that the article describes without naming them ("the
    protesters", "attorneys general from sixteen states"): no entity, only the words, their role and span."""

    description: str
    role: ParticipantRole
    span: Span


@dataclass(slots=True)
class Event:
    """Something that happened (or is planned, denied, hypothetical) between entities (PLOVER-style)."""

    id: str
    type: str
    mode: str | None
    trigger: Span
    sentence: Span
    participants: list[EventParticipant] = field(default_factory=list)
    place: str | None = None
    date: str | None = None
    date_precision: Precision | None = None
    status: EventStatus = "happened"
    confidence: float = 0.0
    # Later references to the same event: "the meeting", "the Nato meeting".
    mentions: list[Span] = field(default_factory=list)
    # Participants described, not named ("the protesters"), when a role's phrase names no entity.
    groups: list[EventGroup] = field(default_factory=list)

    def with_role(self, role: ParticipantRole) -> list[str]:
        """Entity ids in `role`, each once, in order."""
        return list(dict.fromkeys(p.entity for p in self.participants if p.role == role))

    def entity_ids(self) -> list[str]:
        return list(dict.fromkeys(p.entity for p in self.participants))

    def described(self, role: ParticipantRole) -> list[str]:
        """The descriptions of the unnamed participants in `role`, each once, in order."""
        return list(dict.fromkeys(g.description for g in self.groups if g.role == role))


@dataclass(slots=True)
class DateMention:
    """A temporal expression with its ISO value resolved against the publication date."""

    start: int
    end: int
    text: str
    value: str | None
    precision: Precision
    relative: bool = False


@dataclass(slots=True)
class Flag:
    """Something an editor should look at, with the spans that show it."""

    type: str
    message: str
    spans: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Layout:
    """Where the parts of the article sit in `text`."""

    headline: Span | None = None
    standfirst: Span | None = None
    byline: Span | None = None
    body: Span | None = None


@dataclass(slots=True)
class ArticleRecord:
    """Everything newsgraph knows about one article."""

    id: str
    text: str
    headline: str | None = None
    byline: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    layout: Layout = field(default_factory=Layout)
    boilerplate: list[BoilerplateSpan] = field(default_factory=list)  # whole paragraphs, in text order
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # Attributions that are not quotations: beliefs, stances, intentions, topics ("X believes...",
    # "X criticised the plan", "X vowed to fight on"). Same shape as quotes; PolNeAR counts both.
    attributions: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    analysed_with: dict[str, str] = field(default_factory=dict)
    schema_version: str = SCHEMA_VERSION

    def entity(self, entity_id: str | None) -> Entity | None:
        """The entity with this id, or None."""
        if entity_id is None:
            return None
        # Ids are E1, E2... in list order: looked up there first, not by reading every entity (a
        # stage asks this for every quotation).
        position = int(entity_id[1:]) - 1 if entity_id[:1] == "E" and entity_id[1:].isdigit() else -1
        if 0 <= position < len(self.entities) and self.entities[position].id == entity_id:
            return self.entities[position]
        return next((e for e in self.entities if e.id == entity_id), None)

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when [start, end) touches a boilerplate span."""
        # Boilerplate spans are whole paragraphs in text order, so only the last one starting
        # before `end` can touch [start, end): found by bisection, since the stages ask this of
        # every mention, date and quotation (a page of thousands of promotions made it quadratic).
        k = bisect_left(self.boilerplate, end, key=lambda b: b.start)
        return k > 0 and self.boilerplate[k - 1].end > start

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data (the documented schema)."""
        data = asdict(self)
        data["entities"] = [_entity_dict(e) for e in self.entities]
        return data

    def to_json(self, indent: int | None = None) -> str:
        """The record as a JSON string (schema in docs/schema.md)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _entity_dict(entity: Entity) -> dict[str, Any]:
    """Entity JSON: mentions are spans as the schema requires; labels and kinds ride alongside."""
    data = asdict(entity)
    data["mentions"] = [asdict(m.span) for m in entity.mentions]
    data["mention_kinds"] = [m.kind for m in entity.mentions]
    data["tagger_labels"] = [m.label for m in entity.mentions]
    return data


def span_from_dict(data: dict[str, Any] | None) -> Span | None:
    return Span(data["start"], data["end"], data["text"]) if data else None


def _quote_from_dict(data: dict[str, Any]) -> Quote:
    fields = dict(data)
    fields["content"] = [Span(**s) for s in fields["content"]]
    for key in ("cue", "source", "venue_span"):
        fields[key] = span_from_dict(fields.get(key))
    return Quote(**fields)


def _event_from_dict(data: dict[str, Any]) -> Event:
    fields = dict(data)
    fields["trigger"] = Span(**fields["trigger"])
    fields["sentence"] = Span(**fields["sentence"])
    fields["participants"] = [
        EventParticipant(p["entity"], p["role"], Span(**p["span"])) for p in fields.get("participants", [])]
    fields["mentions"] = [Span(**m) for m in fields.get("mentions", [])]
    # records written before schema 1.3 have no described participants
    fields["groups"] = [EventGroup(g["description"], g["role"], Span(**g["span"])) for g in fields.get("groups", [])]
    return Event(**fields)


def record_from_dict(data: dict[str, Any]) -> ArticleRecord:
    """Rebuild a record from its JSON form (the inverse of `ArticleRecord.to_dict`)."""
    layout = Layout(**{k: span_from_dict(v) for k, v in (data.get("layout") or {}).items()})
    entities = []
    for e in data.get("entities", []):
        kinds = e.get("mention_kinds") or ["name"] * len(e["mentions"])
        labels = e.get("tagger_labels") or [""] * len(e["mentions"])
        mentions = [
            Mention(Span(**m), label, kind) for m, label, kind in zip(e["mentions"], labels, kinds, strict=True)
        ]
        place = e.get("place")
        entities.append(
            Entity(
                id=e["id"], name=e["name"], type=e["type"], aliases=list(e.get("aliases", [])),
                mentions=mentions, role=e.get("role"), roles=list(e.get("roles", [])), gender=e.get("gender"),
                place=Place(**place) if place else None,
            )
        )
    quotes = [_quote_from_dict(q) for q in data.get("quotes", [])]
    attributions = [_quote_from_dict(q) for q in data.get("attributions", [])]
    return ArticleRecord(
        id=data["id"], text=data["text"], headline=data.get("headline"), byline=data.get("byline"),
        published=data.get("published"), source=data.get("source"), url=data.get("url"),
        language=data.get("language"), layout=layout,
        boilerplate=[BoilerplateSpan(**s) for s in data.get("boilerplate", [])],
        entities=entities, quotes=quotes, attributions=attributions,
        dates=[DateMention(**d) for d in data.get("dates", [])],
        events=[_event_from_dict(v) for v in data.get("events", [])],
        flags=[Flag(f["type"], f["message"], [Span(**s) for s in f.get("spans", [])]) for f in data.get("flags", [])],
        analysed_with=dict(data.get("analysed_with", {})),
        schema_version=data.get("schema_version", SCHEMA_VERSION),
    )


@dataclass(slots=True)
class ArticleDraft:
    """An article as read from its source, before analysis.

    `text` is plain text (HTML already extracted). When `headline` is given and `text` does not
    start with it, the cleaner puts it first so that headline quotations get offsets too.
    """

    id: str
    text: str
    headline: str | None = None
    byline: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None  # the path (and line) it came from, for messages
