"""Scaling out: the per-article analysis on a Dask distributed cluster, merged into one store (docs/scale.md)."""

from __future__ import annotations

from .dask_ingest import ingest_on_dask

__all__ = ["ingest_on_dask"]
