"""The readable terminal report of one analysed article (rich)."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from . import terminal
from .record import ArticleRecord, Event, Quote

_TYPE_ORDER = {"person": 0, "organisation": 1, "outlet": 2, "group": 3, "place": 4, "other": 5}


def _header(record: ArticleRecord) -> Panel:
    lines = Text()
    lines.append(record.headline or "(no headline)", style="bold")
    details = [
        ("By", record.byline), ("Source", record.source), ("Published", record.published), ("URL", record.url),
    ]
    for label, value in details:
        if value:
            lines.append(f"\n{label}: ", style="dim")
            lines.append(str(value))
    counts = (f"{len(record.quotes)} quotations · {len(record.entities)} entities · {len(record.events)} events · "
              f"{len(record.dates)} dates · {len(record.flags)} flags")
    lines.append(f"\n{counts}", style="dim")
    return Panel(lines, title=f"[b]{record.id}[/b]", title_align="left")


def _entities(record: ArticleRecord) -> Table:
    table = Table(title="People and organisations", title_justify="left", expand=True)
    table.add_column("Name", style="bold")
    table.add_column("Type")
    table.add_column("Role")
    table.add_column("Mentions", justify="right")
    table.add_column("Also written")
    shown = [e for e in record.entities if e.type != "place"]
    for entity in sorted(shown, key=lambda e: (_TYPE_ORDER.get(e.type, 9), -len(e.mentions))):
        table.add_row(entity.name, entity.type, entity.role or "", str(len(entity.mentions)), ", ".join(entity.aliases))
    places = sorted({e.name + (f" ({e.place.region_code or e.place.country_code})" if e.place and (
        e.place.region_code or e.place.country_code) else "") for e in record.entities if e.type == "place"})
    if places:
        table.caption = "Places: " + ", ".join(places)
        table.caption_justify = "left"
    return table


def _quote_line(quote: Quote, record: ArticleRecord) -> Text:
    line = Text()
    line.append(f"{quote.id} ", style="dim")
    line.append(" ".join(span.text for span in quote.content))
    details = [quote.kind]
    if quote.cue:
        details.append(f"cue “{quote.cue.text}”")
    speaker = record.entity(quote.speaker)
    if quote.source and (speaker is None or quote.source.text != speaker.name):
        details.append(f"source “{quote.source.text}”")
    if quote.inherited_from:
        details.append(f"continues {quote.inherited_from}")
    if quote.medium or quote.venue:
        venue = record.entity(quote.venue)
        details.append(" ".join(filter(None, [quote.medium, f"· {venue.name}" if venue else None])))
    if quote.date:
        details.append(quote.date)
    if quote.event:
        details.append(f"at {quote.event}")
    details.append(f"confidence {quote.confidence:.2f}")
    line.append("\n    " + " · ".join(details), style="dim")
    return line


def _quotes(record: ArticleRecord) -> RenderableType:
    groups: dict[str | None, list[Quote]] = defaultdict(list)
    for quote in record.quotes:
        groups[quote.speaker].append(quote)
    blocks: list[RenderableType] = []
    for speaker, quotes in sorted(groups.items(), key=lambda item: (item[0] is None, -len(item[1]))):
        entity = record.entity(speaker)
        role = f" ({entity.role})" if entity is not None and entity.role else ""
        title = entity.name + role if entity is not None else "Speaker unknown"
        body = Text("\n").join(_quote_line(q, record) for q in quotes)
        blocks.append(Panel(body, title=f"[b]{title}[/b] — {len(quotes)}", title_align="left"))
    if not blocks:
        blocks.append(Text("No quotations found.", style="dim"))
    return Group(Text("Quotations", style="bold underline"), *blocks)


def _names(record: ArticleRecord, ids: list[str]) -> str:
    return ", ".join(e.name for e in map(record.entity, ids) if e is not None)


def _event_line(event: Event, record: ArticleRecord) -> Text:
    line = Text()
    line.append(f"{event.id} ", style="dim")
    line.append(event.type + (f" · {event.mode}" if event.mode else ""), style="bold")
    place = record.entity(event.place)
    where = None
    if place is not None:
        code = place.place.region_code or place.place.country_code if place.place else None
        where = place.name + (f" ({code})" if code else "")
    line.append(" · ".join(["", f"“{event.trigger.text}”", event.status, *filter(None, [event.date, where])]))
    actors, recipients = event.with_role("actor"), event.with_role("recipient")
    who = (_names(record, actors) + (" → " if recipients else "") + _names(record, recipients)).strip()
    others = _names(record, event.with_role("participant"))
    if others:
        who += ("; with " if who else "with ") + others
    line.append("\n    " + who)
    quotes = ", ".join(q.id for q in record.quotes if q.event == event.id)
    line.append("\n    " + " · ".join(filter(None, [f"said there: {quotes}" if quotes else "",
                                                   f"confidence {event.confidence:.2f}"])), style="dim")
    return line


def _events(record: ArticleRecord) -> RenderableType:
    body: RenderableType = (Text("\n").join(_event_line(e, record) for e in record.events) if record.events
                            else Text("No events found.", style="dim"))
    return Group(Text("Events", style="bold underline"), body)


def _dates(record: ArticleRecord) -> Table:
    table = Table(title="Dates", title_justify="left")
    table.add_column("As written")
    table.add_column("Resolved")
    table.add_column("Precision")
    for date in record.dates:
        table.add_row(date.text, date.value or "unresolved", date.precision)
    return table


def _extras(record: ArticleRecord) -> list[RenderableType]:
    parts: list[RenderableType] = []
    if record.attributions:
        table = Table(title="Other attributions (beliefs, stances, intentions)", title_justify="left", expand=True)
        table.add_column("Who")
        table.add_column("Cue")
        table.add_column("What")
        for item in record.attributions:
            who = record.entity(item.speaker)
            table.add_row(who.name if who else (item.source.text if item.source else "?"),
                          item.cue.text if item.cue else "", " ".join(s.text for s in item.content))
        parts.append(table)
    if record.flags:
        flags = Table(title="Flags for editors", title_justify="left", expand=True)
        flags.add_column("Flag", style="yellow")
        flags.add_column("Message")
        flags.add_column("Where")
        for flag in record.flags:
            flags.add_row(flag.type, flag.message, ", ".join(f"{s.start}–{s.end}" for s in flag.spans))
        parts.append(flags)
    if record.boilerplate:
        boiler = Table(title="Excluded from analysis", title_justify="left", expand=True)
        boiler.add_column("Kind")
        boiler.add_column("Text")
        for span in record.boilerplate:
            boiler.add_row(span.kind, span.text)
        parts.append(boiler)
    return parts


def render(record: ArticleRecord) -> Group:
    """The report as one rich renderable."""
    return Group(_header(record), _entities(record), _quotes(record), _events(record), _dates(record), *_extras(record))


def print_report(record: ArticleRecord, console: Console | None = None) -> None:
    """Print the report of `record` to the terminal (or `console`), at its width also off a terminal."""
    terminal.block(console or terminal.console(), render(record))
