"""`newsgraph serve`: the web workspace on a store (Datasette with newsgraph's plugin; docs/web.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import ExitCode
from .common import app, err, out


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="The store to open (built by `newsgraph ingest`).")] = Path(
        "newsgraph.db"),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8001,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    write: Annotated[bool, typer.Option("--write", help="Allow entity corrections (merge, split, rename); "
                                        "needs a token.")] = False,
    token: Annotated[str | None, typer.Option(envvar="NEWSGRAPH_TOKEN", show_default=False,
                                              help="The token corrections must carry (or NEWSGRAPH_TOKEN).")] = None,
    base_url: Annotated[str, typer.Option("--base-url", help="The path the workspace is served under behind a "
                                          "proxy, e.g. /news/ (every link follows it).")] = "/",
) -> None:
    """Open the web workspace on a store: search, browse and check quotations against their articles."""
    from ..web.serve import build, run

    if write and not token:
        err.print("[red]error:[/red] --write needs a token: give --token or set NEWSGRAPH_TOKEN")
        raise typer.Exit(int(ExitCode.USAGE))
    base_url = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    datasette = build(db, write=write, token=token, base_url=base_url)
    out.print(f"newsgraph workspace on {escape(str(db))}: http://{host}:{port}{base_url} "
              f"({'corrections allowed with the token' if write else 'read-only'}; Ctrl-C to stop)")
    run(datasette, host, port)
