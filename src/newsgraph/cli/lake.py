"""`newsgraph resolve LAKE`: a knowledge lake's identities across articles (docs/lake-identity.md);
`ingest --lake` runs the same resolution at its end."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import ExitCode, InputError, NewsgraphError
from .common import app, err, fail, out


@app.command()
def resolve(
    lake: Annotated[Path, typer.Argument(help="The lake folder (its `entities` table is read).")],
    dask: Annotated[str | None, typer.Option(
        "--dask", metavar="ADDRESS", help="Resolve on the Dask cluster at ADDRESS, or `local` for a LocalCluster "
        "of --workers processes.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Workers of `--dask local` (default: the cores).")
                       ] = None,
    corrections: Annotated[Path | None, typer.Option(
        help="A store (its corrections) or a JSON list of corrections, replayed now and on later runs.")] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks instead of one-line errors.")] = False,
) -> None:
    """Resolve the identities of a lake's articles not resolved yet, against those it holds (incremental,
    idempotent; one run at a time on a lake)."""
    import pyarrow as pa

    from ..lake.identity_job import DaskRunner
    from ..lake.identity_lake import resolve_lake
    from ..scale.dask_ingest import cluster_client

    if not (lake / "entities").is_dir():
        raise typer.BadParameter(f"{lake} holds no lake entities (no {lake / 'entities'} folder)")
    try:
        with ExitStack() as stack:
            client = stack.enter_context(cluster_client(dask, workers)) if dask else None
            done = resolve_lake(lake, runner=DaskRunner(client) if client is not None else None,
                                corrections=corrections)
    except InputError as error:  # corrections that cannot be read: what the user gave, not the lake
        err.print(f"[red]error:[/red] {escape(error.message)}")
        raise typer.Exit(int(ExitCode.SOME_INPUTS_REJECTED)) from None
    except NewsgraphError as error:
        fail(error, debug)
        return
    except (OSError, pa.ArrowException) as error:
        err.print(f"[red]error:[/red] cannot read the lake {escape(str(lake))}: {escape(str(error))}")
        raise typer.Exit(int(ExitCode.ALL_INPUTS_REJECTED)) from None
    out.print(f"{done.new_entities:,} article entities resolved: {done.identities:,} identities "
              f"({done.units:,} units), {done.merged} met an older one, {done.corrections_changed} corrections "
              f"applied; generation {done.generation}")
