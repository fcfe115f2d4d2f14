"""Commands over the store's events: `newsgraph events` and `newsgraph network` (docs/events.md)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import NewsgraphError
from .common import app, cannot_write, err, fail, iso_date
from .store import DEFAULT_DB, CsvOption, DbOption, JsonOption, _emit, _named, _store


class Role(StrEnum):
    actor = "actor"
    recipient = "recipient"
    participant = "participant"


class GraphFormat(StrEnum):
    json = "json"
    graphml = "graphml"
    gexf = "gexf"


@app.command()
def events(
    actor: Annotated[str | None, typer.Option(
        help="An entity taking part, in any role (any spelling, or #ID); a name no entity has finds the "
             "participants described with those words (\"protesters\").")] = None,
    role: Annotated[Role | None, typer.Option(help="Only where --actor has this role.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="CONSULT, INTERVIEW, STATEMENT, ASSAULT...")
                          ] = None,
    since: Annotated[str | None, typer.Option(help="On or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="On or before this date (YYYY-MM-DD).")] = None,
    place: Annotated[str | None, typer.Option(help="At this place, or anywhere in this country.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 100,
    db: DbOption = DEFAULT_DB, as_json: JsonOption = False, as_csv: CsvOption = False,
) -> None:
    """Events by participant, type, dates and place, oldest first (undated ones at their article's date)."""
    with _store(db) as store:
        try:
            described = actor is not None and not store.candidates(actor) and store.describes_groups(actor)
            if described:
                err.print(f"no entity is called {escape(repr(actor))}: events of the participants described so")
            _named(store, [(None if described else actor, None), (place, "place")])
            rows = store.events(actor, event_type, iso_date(since), iso_date(until), place,
                                role.value if role else None, limit)
        except NewsgraphError as error:
            fail(error)
    _emit(rows, as_json, as_csv, ["happened_on", "title", "status", "place", "quotes", "event_id"], "events")


@app.command()
def network(
    since: Annotated[str | None, typer.Option(help="Events and quotations on or after this date (YYYY-MM-DD).")
                     ] = None,
    until: Annotated[str | None, typer.Option(help="... and on or before this date.")] = None,
    graph_format: Annotated[GraphFormat, typer.Option("--format", "-f")] = GraphFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="A file (default: standard output).")
                      ] = None,
    undirected: Annotated[bool, typer.Option(help="One undirected edge per pair instead of speaker → subject.")
                          ] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """The weighted network of entities tied by shared events and by quotations about each other."""
    from ..network import graph_text

    with _store(db) as store:
        try:
            graph = store.network(iso_date(since), iso_date(until), directed=not undirected)
        except NewsgraphError as error:
            fail(error)
    text = graph_text(graph, graph_format.value) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            cannot_write(output, error)
    err.print(f"{graph.number_of_nodes():,} entities, {graph.number_of_edges():,} ties"
              + (f" -> {output}" if output else ""))
