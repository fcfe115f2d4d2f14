"""The `newsgraph` command line: thin commands over the engine, the store and the evaluation.

Exit codes are documented in docs/cli.md and defined in errors.ExitCode.
"""

from __future__ import annotations

import errno
import os
import sys

from rich.markup import escape

from ..errors import ExitCode, NewsgraphError
from . import analyze, desk, events, ingest, lake, serve, sources, store  # noqa: F401 (registers the commands)
from .common import app, err

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point: a clear message and an exit code for every failure, never a traceback."""
    try:
        app()
    except NewsgraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        sys.exit(int(error.exit_code))
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except OSError as error:
        if error.errno not in _NO_SPACE:
            raise_or_report(error)
        # Outputs named on the command line are reported where they are written (cannot_write); this
        # is mostly standard output redirected to a full disk.
        where = f" {error.filename}" if error.filename else " the output"
        err.print(f"[red]error:[/red] cannot write{escape(where)}: {escape(error.strerror or str(error))}")
        # What stays in its buffer would fail again when Python flushes it on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(int(ExitCode.USAGE))
    except Exception as error:  # a bug: say so in one line; --debug shows the traceback
        raise_or_report(error)


_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def raise_or_report(error: Exception) -> None:
    """A bug: one line (exit 1), or the traceback with --debug."""
    if "--debug" in sys.argv:
        raise error
    err.print(f"[red]internal error:[/red] {type(error).__name__}: {escape(str(error))} "
              "(run with --debug for details)")
    sys.exit(int(ExitCode.INTERNAL))
