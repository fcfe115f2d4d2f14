"""Files written whole or not at all, in folders that other processes read or clean up meanwhile.

A lake, a shard folder and the identity job's shuffle are read while workers write into them, and
a worker may be lost mid-write. So every file is written under a hidden temporary name beside its
own (`.NAME.partial`, which the clean-ups look for), then renamed over it, which one file system
does atomically: no reader, and no clean-up that keeps what a commit names, ever takes a
half-written file for a complete one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_atomically(path: Path, write: Callable[[Path], object], *, own_name: bool = False) -> None:
    """`write` fills a temporary file, which then becomes `path`. With `own_name`, the temporary name
    is this process's own, for a file that two processes may write at once (a task run again while
    the first run, its worker thought lost, still writes): neither renames the other's half-written file."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial" if own_name else f".{path.name}.partial")
    write(partial)
    os.replace(partial, path)


def write_parquet_atomically(table: pa.Table, path: Path) -> None:
    """`table` as a Parquet file (zstd) at `path`, written whole or not at all; its folder made if need be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda partial: pq.write_table(table, partial, compression="zstd"))
