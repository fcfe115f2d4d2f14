"""Commands over the store: ingest, the queries, identity corrections and export (docs/store.md)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from ..errors import NewsgraphError, NotFoundError, UsageError
from ..terminal import block
from .common import app, cannot_write, err, fail, iso_date, out

DbOption = Annotated[Path, typer.Option("--db", help="The store (SQLite); created by ingest when missing.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")]
DEFAULT_DB = Path("newsgraph.db")


class EntityGroup(TyperGroup):
    """`newsgraph entity NAME` shows an entity; `newsgraph entity merge|split|rename ...` corrects one."""

    def resolve_command(self, ctx: click.Context, args: list[str]):  # type: ignore[no-untyped-def]
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().resolve_command(ctx, args)


entity_app = typer.Typer(cls=EntityGroup, no_args_is_help=True,
                         help="`newsgraph entity NAME`: one entity's profile (aliases, roles, quotations by month, "
                              "who they are quoted with). Or a correction: merge, split, rename.")
app.add_typer(entity_app, name="entity")


def _store(db: Path, writable: bool = False):  # type: ignore[no-untyped-def]
    from ..store.queries import Store

    try:
        return Store(db, writable=writable)
    except NewsgraphError as error:
        fail(error)


def _named(store, names: Sequence[tuple[str | None, str | None]]) -> None:  # type: ignore[no-untyped-def]
    """The names a query is given, each of `(name, entity type)`: an unknown or ambiguous one exits 7
    (candidates listed); when other entities go by the name too, say which one is taken."""
    from ..store.lookup import choose, listing

    for name, kind in names:
        if name is None:
            continue
        found = store.candidates(name, kind)
        if not found:
            raise NotFoundError(f"no {kind or 'entity'} called {name!r} in the store")
        chosen = choose(found, name)
        others = [candidate for candidate in found if candidate.id != chosen.id]
        if others:
            err.print(f"{escape(repr(name))} taken as {escape(chosen.label())}; it may also be "
                      f"{escape(listing(others))} (name one as #ID)")


def _emit(rows: Sequence[dict[str, Any]], as_json: bool, as_csv: bool, columns: Sequence[str], title: str) -> None:
    """Rows as a table (the given columns), JSON (every field) or CSV (every field)."""
    if as_json:
        sys.stdout.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
        return
    if as_csv:
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return
    table = Table(title=title, show_lines=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold", max_width=70 if column in ("content", "snippet", "title") else 40)
    for row in rows:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    block(out, table)
    if not rows:
        err.print("nothing found.")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return escape(str(value))


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Who said it (any spelling).")] = None,
    about: Annotated[str | None, typer.Option(help="An entity mentioned in the quotation.")] = None,
    since: Annotated[str | None, typer.Option(help="Said on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Said on or before this date (YYYY-MM-DD).")] = None,
    search: Annotated[str | None, typer.Option(help="Words the quotation contains.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 100,
    db: DbOption = DEFAULT_DB, as_json: JsonOption = False, as_csv: CsvOption = False,
) -> None:
    """Quotations by speaker, subject, dates and words, oldest first."""
    with _store(db) as store:
        try:
            _named(store, [(speaker, None), (about, None)])
            rows = store.quotes(speaker, about, iso_date(since), iso_date(until), search, limit)
        except NewsgraphError as error:
            fail(error)
    _emit(rows, as_json, as_csv, ["said_on", "speaker", "content", "source", "quote_id"], "quotations")


@app.command()
def entities(
    entity_type: Annotated[str | None, typer.Option("--type", help="person, organisation, place, outlet...")] = None,
    top: Annotated[int, typer.Option(min=1, help="How many, most frequent first.")] = 30,
    db: DbOption = DEFAULT_DB, as_json: JsonOption = False, as_csv: CsvOption = False,
) -> None:
    """Entities by the number of articles they appear in."""
    with _store(db) as store:
        try:
            rows = store.entities(entity_type, top)
        except NewsgraphError as error:
            fail(error)
    _emit(rows, as_json, as_csv, ["entity_id", "name", "type", "articles", "quotes", "role"], "entities")


@entity_app.command("show", hidden=True)
def entity_show(name: Annotated[str, typer.Argument(help="A name, any spelling, or #ID.")],
                db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """One entity: aliases, roles, quotations by month, who they are quoted with."""
    from ..store.lookup import Candidate, listing

    with _store(db) as store:
        try:
            profile = store.entity(name)
        except NewsgraphError as error:
            fail(error)
    if as_json:
        sys.stdout.write(json.dumps(profile, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]#{profile['id']} {escape(profile['name'])}[/bold] · {profile['type']}"
              + (f" · {escape(profile['role'])}" if profile.get("role") else ""))
    out.print(f"in {profile['articles']} articles, {profile['first_seen'] or '?'} to {profile['last_seen'] or '?'}")
    out.print("aliases: " + escape(", ".join(profile["aliases"])))
    if profile["other_candidates"]:
        out.print("the name may also be: " + escape(listing(Candidate(**c) for c in profile["other_candidates"]))
                  + " (name one as #ID)")
    if profile["roles"]:
        out.print("roles: " + escape(", ".join(f"{r['role']} ({r['articles']})" for r in profile["roles"])))
    if profile["quotes_by_month"]:
        months = profile["quotes_by_month"]
        out.print("quotations by month: " + ", ".join(f"{r['month']}: {r['quotes']}" for r in months))
    if profile["quoted_with"]:
        out.print("quoted with: " + escape(", ".join(f"{r['name']} ({r['articles']})" for r in profile["quoted_with"])))


def _correct(db: Path, action: str, target: str, argument: str) -> None:
    with _store(db, writable=True) as store:
        try:
            done = getattr(store, action)(target, argument)
        except NewsgraphError as error:
            fail(error)
    out.print(escape(done) + " (recorded; replayed after every ingest)")


@entity_app.command("merge")
def entity_merge(keep: Annotated[str, typer.Argument(help="The entity kept (name or #ID).")],
                 other: Annotated[str, typer.Argument(help="The entity merged into it.")],
                 db: DbOption = DEFAULT_DB) -> None:
    """Make two entities one: OTHER's articles, quotations and spellings go to KEEP."""
    _correct(db, "merge", keep, other)


@entity_app.command("split")
def entity_split(name: Annotated[str, typer.Argument(help="The entity (name or #ID).")],
                 alias: Annotated[str, typer.Argument(help="The name under which articles meant someone else.")],
                 db: DbOption = DEFAULT_DB) -> None:
    """Separate the articles that call NAME by ALIAS into an entity of their own."""
    _correct(db, "split", name, alias)


@entity_app.command("rename")
def entity_rename(name: Annotated[str, typer.Argument(help="The entity (name or #ID).")],
                  new_name: Annotated[str, typer.Argument(help="Its canonical name from now on.")],
                  db: DbOption = DEFAULT_DB) -> None:
    """Change an entity's canonical name (the old one stays an alias)."""
    _correct(db, "rename", name, new_name)


@app.command()
def timeline(name: Annotated[str, typer.Argument(help="A name, any spelling, or #ID.")],
             db: DbOption = DEFAULT_DB, as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """Every article an entity appears in, by date, with its quotations there."""
    with _store(db) as store:
        try:
            _named(store, [(name, None)])
            rows = store.timeline(name)
        except NewsgraphError as error:
            fail(error)
    _emit(rows, as_json, as_csv, ["published", "title", "source", "mentions", "quotes", "first_quote"], name)


@app.command()
def search(text: Annotated[str, typer.Argument(help="Words to find (all must occur; word* for a prefix).")],
           limit: Annotated[int, typer.Option(min=1)] = 20,
           db: DbOption = DEFAULT_DB, as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """Full text over articles and quotations, with highlighted snippets."""
    plain = as_json or as_csv
    with _store(db) as store:
        try:
            rows = store.search(text, limit, highlight=("**", "**") if plain else ("\x02", "\x03"))
        except NewsgraphError as error:
            fail(error)
    if plain:
        _emit(rows, as_json, as_csv, [], "")
        return
    table = Table(title=f"search: {escape(text)}")
    for column in ("kind", "published", "speaker", "snippet", "title"):
        table.add_column(column, overflow="fold", max_width=70 if column == "snippet" else 30)
    for row in rows:
        snippet = escape(row["snippet"] or "").replace("\x02", "[bold yellow]").replace("\x03", "[/bold yellow]")
        table.add_row(row["kind"], _cell(row["published"]), _cell(row["speaker"]), snippet, _cell(row["title"]))
    block(out, table)


@app.command()
def statements(speaker: Annotated[str | None, typer.Option(help="Who said it.")] = None,
               min_quotes: Annotated[int, typer.Option(min=1, help="Carried at least this often.")] = 2,
               limit: Annotated[int, typer.Option(min=1)] = 20,
               altered: Annotated[bool, typer.Option(
                   "--altered", help="The statements whose copies changed wording: the earliest version and "
                                     "each variant's word diff (docs/sources.md).")] = False,
               db: DbOption = DEFAULT_DB, as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """The same statement across articles and outlets: first appearance and who carried it."""
    with _store(db) as store:
        try:
            _named(store, [(speaker, None)])
            if altered:
                from . import altered as altered_output

                if as_csv:
                    raise UsageError("--altered has no CSV form (each version carries a diff): use --json")
                altered_output.show(store.altered(speaker, limit), as_json)
                return
            rows = store.statements(speaker, min_quotes, limit)
        except NewsgraphError as error:
            fail(error)
    _emit(rows, as_json, as_csv, ["statement", "speaker", "first_published", "quote_count", "carried_by"],
          "statements")


@app.command()
def stats(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """What the store holds: counts, dates, sources, errors."""
    with _store(db) as store:
        summary = store.stats()
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{escape(summary['store'])}[/bold] (store version {summary['version']})")
    out.print(", ".join(f"{n:,} {table}" for table, n in summary["counts"].items()))
    span = summary["published"]
    out.print(f"published {span['first'] or '?'} to {span['last'] or '?'}; "
              f"{summary['statements_carried_twice_or_more']} statements carried more than once")
    out.print("entities: " + ", ".join(f"{r['n']} {r['type']}" for r in summary["entities_by_type"]))
    out.print("sources: " + escape(", ".join(f"{r['source']} ({r['articles']})" for r in summary["sources"])))
    out.print("analysed by: " + escape(", ".join(f"{r['mode']} mode, {r['attribution_model']} ({r['articles']:,})"
                                                 for r in summary["analysed_by"])))
    if summary["errors"]:
        out.print("errors: " + ", ".join(f"{r['n']} {r['reason']}" for r in summary["errors"]))
    if summary["articles_before_events"]:
        out.print(before_events_note(summary["articles_before_events"], db))


def before_events_note(count: int, db: Path) -> str:
    """How to code the events of the articles a store kept from before it coded events."""
    return (f"{count:,} articles were stored before this store coded events (store version 2) and have none; "
            f"to code them, analyse the stored texts again into a new store: newsgraph ingest {escape(str(db))} "
            "--db NEW.db "
            "(corrections are carried over)")


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"


@app.command()
def export(
    export_format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    table: Annotated[str | None, typer.Option(help="One table or view (default: all of them, one file each).")
                     ] = None,
    output: Annotated[Path | None, typer.Option("--out", "-o", help=(
        "A file for one table (default: standard output; parquet needs a file), a folder for all "
        "(default: ./export)."))] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export tables and views as JSON Lines, CSV or Parquet; or the events as PLOVER-style JSON Lines."""
    from ..store.export import export_all, export_plover, export_table

    with _store(db) as store:
        try:
            if export_format is ExportFormat.plover:
                if table:
                    raise typer.BadParameter("--format plover exports the events; it takes no --table")
                count = export_plover(store.plover(), output)
                err.print(f"{count:,} events" + (f" -> {output}" if output else ""))
            elif table:
                count = export_table(store.conn, table, export_format.value, output)
                err.print(f"{count:,} rows of {table}" + (f" -> {output}" if output else ""))
            else:
                folder = output or Path("export")
                counts = export_all(store.conn, export_format.value, folder)
                err.print(f"{len(counts)} tables and views, {sum(counts.values()):,} rows -> {folder}/")
        except NewsgraphError as error:
            fail(error)
        except OSError as error:  # the output, not the store: store errors are NewsgraphErrors
            if output is None and (table or export_format is ExportFormat.plover):
                raise  # standard output: cli.main reports it
            cannot_write(output or Path("export"), error)
