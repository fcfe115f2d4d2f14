"""`newsgraph ingest`: articles into the store or a knowledge lake, a lake into a store; the store's
alerts fired on what was stored (docs/cli.md, docs/lake.md, docs/desk.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import ExitCode, NewsgraphError
from ..settings import DEFAULT_SETTINGS
from .analyze import MaxSecondsOption
from .common import FastOption, app, engine_mode, err, fail, iso_date
from .progress import progress as progress_lines
from .store import DEFAULT_DB, before_events_note


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
    elif summary.resolution is not None:  # type: ignore[attr-defined]
        done = summary.resolution  # type: ignore[attr-defined]
        err.print(f"identities: {done.new_entities:,} article entities resolved, {done.identities:,} identities "
                  f"in the lake (docs/lake-identity.md)")
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


def _note_articles_before_events(db: Path) -> None:
    from ..store.queries import Store

    with Store(db) as store:
        count = store.stats_before_events()
    if count:
        err.print(before_events_note(count, db))
