"""`newsgraph serve`: Datasette on a store, with newsgraph's plugin, metadata and canned queries."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from datasette.app import Datasette

from ..errors import StoreError
from ..store.schema import connect
from .writes import WebOptions, configure

# Datasette's own limits are kept (SQL time limit 1 s, at most 1,000 rows a page); these are the
# settings newsgraph states explicitly so that docs/web.md can name them.
SETTINGS = {"sql_time_limit_ms": 1000, "max_returned_rows": 1000}


def metadata(database: str) -> dict[str, Any]:
    """The shipped metadata (table notes, facets, canned queries) for the store named `database`."""
    shipped = json.loads(resources.files("newsgraph.web").joinpath("metadata.json").read_text(encoding="utf-8"))
    return {"title": shipped["title"], "description_html": shipped["description_html"],
            "databases": {database: {"tables": shipped["tables"], "queries": shipped["queries"]}}}


def check_store(path: Path, write: bool = False) -> bool:
    """A clear StoreError for a missing file, one that is not a (current) newsgraph store, or, when
    `write`, one that cannot be written. True when it can only be read as an immutable file (its
    folder is not writable), which is how Datasette must then open it."""
    conn = connect(path, readonly=True)
    immutable = conn.immutable
    conn.close()
    if write:
        connect(path, create=False).close()
    return immutable


def build(path: str | os.PathLike[str], *, write: bool = False, token: str | None = None,
          base_url: str = "/") -> Datasette:
    """A Datasette on the store at `path`, read-only unless `write` (which needs a token); served
    under `base_url` behind a proxy."""
    path = Path(path)
    if write and not token:
        raise StoreError("--write needs a token: give --token or set NEWSGRAPH_TOKEN")
    immutable = check_store(path, write)
    datasette = Datasette([] if immutable else [str(path)], immutables=[str(path)] if immutable else [],
                          settings={**SETTINGS, "base_url": base_url}, metadata=metadata(path.stem))
    configure(datasette, WebOptions(write=write, token=token))
    return datasette


def run(datasette: Datasette, host: str, port: int) -> None:
    """Serve until interrupted."""
    import uvicorn

    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
