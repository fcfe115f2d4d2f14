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

from ..errors import ExitCode, NewsgraphError, NotFoundError, UsageError
from ..settings import DEFAULT_SETTINGS
from ..terminal import block
from .analyze import MaxSecondsOption
from .common import FastOption, app, cannot_write, engine_mode, err, fail, iso_date, out
from .progress import progress as progress_lines

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
def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files or folders: .txt, .html, .json/.jsonl, RSS/Atom feeds, WARC/WARC.gz archives; or one lake "
        "(docs/lake.md) to copy into --db.")],
    db: Annotated[Path | None, typer.Option(
        "--db", help=f"The store (SQLite); created when missing (default: {DEFAULT_DB}).")] = None,
    lake: Annotated[Path | None, typer.Option(
        "--lake", metavar="DIR", help="Write a knowledge lake (partitioned Parquet, docs/lake.md) instead of a "
        "store; with --dask on every worker.")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Worker processes (default: the machine's cores, no more than the input has batches).")
                       ] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) for articles that carry none.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N articles of the inputs.")] = None,
    progress: Annotated[bool | None, typer.Option(
        "--progress/--no-progress", help="Show progress (default: when stderr is a terminal): a bar at a terminal, "
        "else a line every 10 s.")] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks instead of one-line errors.")] = False,
    dask: Annotated[str | None, typer.Option(
        "--dask", metavar="ADDRESS", help="Analyse on the Dask cluster at ADDRESS (tcp://host:8786), or `local` "
        "for a LocalCluster of --workers processes (docs/scale.md).")] = None,
    shards: Annotated[Path | None, typer.Option(
        help="With --dask: the folder for the Parquet shards, seen by every worker (default: DB.shards).")] = None,
    since: Annotated[str | None, typer.Option(
        help="From a lake: articles published on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(
        help="From a lake: articles published on or before this date (YYYY-MM-DD).")] = None,
    outlet: Annotated[list[str] | None, typer.Option(
        help="From a lake: only this outlet (its source, or its site's host); repeat for several.")] = None,
    entity: Annotated[str | None, typer.Option(
        help="From a lake: only the articles that name this entity (any spelling it is known by).")] = None,
    max_article_seconds: MaxSecondsOption = DEFAULT_SETTINGS.max_article_seconds,
    fast: FastOption = False,
) -> None:
    """Analyse articles into the store (or, with --lake, a knowledge lake); or copy a lake into a store
    without analysing again (`newsgraph ingest LAKE --db desk.db`). Skips what is stored, resumable."""
    from ..lake.reader import is_lake
    from ..store.ingestion import ingest as run_ingest

    if shards is not None and not dask:
        raise typer.BadParameter("--shards is where a --dask ingest writes its Parquet shards; give --dask too")
    if lake is not None and (db is not None or shards is not None):
        raise typer.BadParameter("--lake writes a lake, not a store: give --lake or --db, not both "
                                 "(--shards belongs to a --dask ingest into a store)")
    from_lake = any(is_lake(path) for path in paths)
    subset_given = since or until or outlet or entity
    if from_lake and (len(paths) > 1 or lake is not None or dask or shards is not None):
        raise typer.BadParameter("a lake is copied into a store on its own: `newsgraph ingest LAKE --db DESK.db` "
                                 "(no other inputs, no --lake, --dask or --shards)")
    if subset_given and not from_lake:
        raise typer.BadParameter("--since, --until, --outlet and --entity choose which of a lake's articles a "
                                 "store takes; give a lake (a folder with _lake.json) as the input")
    db = db or DEFAULT_DB
    settings = DEFAULT_SETTINGS.with_(max_article_seconds=max_article_seconds, mode=engine_mode(fast))
    show = err.is_terminal if progress is None else progress
    try:
        with progress_lines("ingest", "articles", err, show) as advance:
            if from_lake:
                from ..lake.desk import Subset, lake_to_store

                subset = Subset(iso_date(since), iso_date(until), tuple(outlet or ()), entity)
                summary = lake_to_store(paths[0], db, subset, progress=advance)
            elif lake is not None:
                from ..lake.ingest import ingest_to_lake

                summary = ingest_to_lake(paths, lake, settings=settings, workers=workers, address=dask,
                                         published=iso_date(published), progress=advance, limit=limit)
            elif dask:
                from ..scale import ingest_on_dask

                summary = ingest_on_dask(paths, db, address=dask, shards=shards, settings=settings,
                                         workers=workers, published=iso_date(published), progress=advance,
                                         limit=limit)
            else:
                summary = run_ingest(paths, db, settings=settings, workers=workers,
                                     published=iso_date(published), progress=advance, limit=limit)
    except KeyboardInterrupt:
        err.print("interrupted: every article stored so far is complete; rerun the same command to continue.")
        raise typer.Exit(130) from None
    except NewsgraphError as error:
        fail(error, debug)
        return
    for error in summary.rejected[:20]:
        err.print(f"[yellow]skipped[/yellow] {escape(str(error))}")
    if len(summary.rejected) > 20:
        err.print(f"... and {len(summary.rejected) - 20} more "
                  "(see the errors table: `newsgraph export --table errors`)")
    if from_lake:
        err.print(f"{summary.stored} articles copied from the lake (not analysed again), {summary.already_stored} "
                  f"already in the store, in {summary.seconds:.1f} s -> {db}")
        if summary.rejected:
            err.print(f"{len(summary.rejected)} inputs the lake's ingest rejected noted in the errors table")
        if not (summary.stored or summary.already_stored):
            err.print("[red]error:[/red] no articles of the lake match.")
            raise typer.Exit(int(ExitCode.ALL_INPUTS_REJECTED))
        _fire_alerts(db, debug)
        return
    err.print(f"{summary.stored} stored, {summary.already_stored} already in the {'lake' if lake else 'store'}, "
              f"{len(summary.rejected)} failed, in {summary.seconds:.1f} s ({summary.rate:.2f} articles/s) "
              f"-> {lake or db}")
    if lake is None:
        _note_articles_before_events(db)
        _fire_alerts(db, debug)
    if not (summary.stored or summary.already_stored or summary.rejected):
        err.print("[red]error:[/red] no articles found in the given paths.")
        raise typer.Exit(int(ExitCode.ALL_INPUTS_REJECTED))
    if summary.rejected:
        nothing = summary.stored == 0 and summary.already_stored == 0
        raise typer.Exit(int(ExitCode.ALL_INPUTS_REJECTED if nothing else ExitCode.SOME_INPUTS_REJECTED))


def _fire_alerts(db: Path, debug: bool) -> None:
    """The store's alerts fire on what the ingest stored (docs/desk.md), and retry what waits."""
    from ..desk.alerts import fire_after_ingest

    def log(what: str, message: str) -> None:
        err.print(f"{what} {escape(message)}", highlight=False)

    try:
        fired = fire_after_ingest(db, log)
    except NewsgraphError as error:
        fail(error, debug)
        return
    if fired:
        err.print(f"{fired} alert matches fired.")


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


def _note_articles_before_events(db: Path) -> None:
    from ..store.queries import Store

    with Store(db) as store:
        count = store.stats_before_events()
    if count:
        err.print(before_events_note(count, db))


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
