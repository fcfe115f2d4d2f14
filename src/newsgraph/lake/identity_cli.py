"""`python -m newsgraph.lake.identity_cli LAKE`: resolve a lake's identities (docs/lake-identity.md).

Exit codes as the `newsgraph` command's (errors.ExitCode): 0 done; 2 a bad option, a folder that
holds no lake entities, or another resolution running on the lake; 3 corrections that cannot be
read; 4 lake files that cannot be read; 5 a Dask scheduler that cannot be reached.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..errors import ClusterError, ExitCode, InputError, UsageError
from .identity_job import DaskRunner, Runner
from .identity_lake import resolve_lake


@contextmanager
def _runner(address: str | None, workers: int | None) -> Iterator[Runner | None]:
    """No runner (this process), or Dask: `local` starts a LocalCluster of `workers` for the run."""
    if address is None:
        yield None
        return
    from distributed import Client, LocalCluster

    from ..scale.dask_ingest import CONNECT_TIMEOUT_S

    cluster: Any = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=workers or max(1, os.cpu_count() or 1), threads_per_worker=1,
                                   processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL)
            client = Client(cluster)
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address} ({error}); "
                           "give its address as tcp://HOST:8786, or `--dask local`") from None
    try:
        yield DaskRunner(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsgraph.lake.identity_cli", description=__doc__.splitlines()[0])
    parser.add_argument("lake", type=Path, help="the lake folder (its entities table is read)")
    parser.add_argument("--dask", metavar="ADDRESS", help="a Dask scheduler (tcp://HOST:8786), or `local`")
    parser.add_argument("--workers", type=int, help="workers of `--dask local` (default: the cores)")
    parser.add_argument("--corrections", type=Path, help="a store or JSON file of corrections to replay")
    args = parser.parse_args(argv)
    if not (args.lake / "entities").is_dir():
        print(f"error: {args.lake} holds no lake entities (no {args.lake / 'entities'} folder)", file=sys.stderr)
        return ExitCode.USAGE
    try:
        with _runner(args.dask, args.workers) as runner:
            done = resolve_lake(args.lake, runner=runner, corrections=args.corrections)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return ExitCode.USAGE
    except InputError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return ExitCode.SOME_INPUTS_REJECTED
    except ClusterError as error:
        print(f"error: {error}", file=sys.stderr)
        return ExitCode.ENVIRONMENT
    except (OSError, pa.ArrowException) as error:
        print(f"error: cannot read the lake {args.lake}: {error}", file=sys.stderr)
        return ExitCode.ALL_INPUTS_REJECTED
    print(f"{done.new_entities} article entities resolved: {done.identities} identities ({done.units} units), "
          f"{done.merged} met an older one, {done.corrections_changed} corrections applied; "
          f"generation {done.generation}")
    return ExitCode.OK


if __name__ == "__main__":
    raise SystemExit(main())
