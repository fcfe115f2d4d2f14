"""The knowledge base: many analysed articles in one SQLite store, one identity per referent.

`ingest()` builds it; `Store` queries it. Schema and behaviour: docs/store.md.
"""

from __future__ import annotations

from typing import Any

from .queries import Store

__all__ = ["IngestSummary", "Store", "ingest"]


def __getattr__(name: str) -> Any:
    # Ingest needs the engine (spaCy); queries do not, so it is imported only when asked for.
    if name in ("ingest", "IngestSummary"):
        from . import ingestion as module

        return getattr(module, name)
    raise AttributeError(name)
